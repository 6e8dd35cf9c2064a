"""The real SAMHSA files shipped with recoverynav (``directory/data``), loaded into an empty database.

See ``data/SOURCES.txt`` for provenance and attribution. Each file is imported once: its content hash is
recorded, so a new release with changed files re-imports only what changed.
"""

from __future__ import annotations

import gzip
import hashlib
from importlib import resources

from recoverynav.directory.importers import ImportReport, import_bytes
from recoverynav.directory.repository import FacilityRepository

# (file in directory/data, format, dataset)
BUNDLED: tuple[tuple[str, str, str], ...] = (
    ("findtreatment_api_sample_2019_charlottesville.json.gz", "locator", "locator"),
    ("findtreatment_ca_residential_2025-08_hackingco.json.gz", "label-export", "locator-export"),
    ("moud_providers_us_samhsa_2020_clean.csv.gz", "moud", "moud"),
)


def bundled_bytes(name: str) -> bytes:
    """The decompressed content of one bundled file."""
    return gzip.decompress((resources.files("recoverynav.directory") / "data" / name).read_bytes())


def load_bundled(repo: FacilityRepository) -> list[ImportReport]:
    """Import every bundled file whose content this database has not seen yet."""
    reports = []
    for name, fmt, dataset in BUNDLED:
        data = bundled_bytes(name)
        if repo.has_import(hashlib.sha256(data).hexdigest()):
            continue
        reports.append(import_bytes(data, name.removesuffix(".gz"), repo, fmt=fmt, dataset=dataset))
    return reports
