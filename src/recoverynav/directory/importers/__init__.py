"""Importers: one module per source format, one transaction per file, a row-level report on failure.

Usage::

    from recoverynav.directory.importers import import_file
    report = import_file("findtreatment_api_sample_2019_charlottesville.json", repo)
    report.facilities, report.counts.inserted
"""

from __future__ import annotations

from recoverynav.directory.importers.loader import (
    FORMATS,
    ImportReport,
    detect_format,
    import_bytes,
    import_file,
    parse_bytes,
)
from recoverynav.directory.importers.records import Batch, ImportRejected, Provenance, RowError
from recoverynav.directory.importers.sync import (
    DEFAULT_URL,
    LocatorPages,
    SyncError,
    SyncLimits,
    SyncRequest,
    listing_page,
    sync_locator,
)

__all__ = [
    "DEFAULT_URL",
    "FORMATS",
    "Batch",
    "ImportRejected",
    "ImportReport",
    "LocatorPages",
    "Provenance",
    "RowError",
    "SyncError",
    "SyncLimits",
    "SyncRequest",
    "detect_format",
    "import_bytes",
    "import_file",
    "listing_page",
    "parse_bytes",
    "sync_locator",
]
