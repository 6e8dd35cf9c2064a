"""Read a file (gzip or not), recognise its format, validate every row, then store it in one transaction.

:func:`store_batch` is the one way parsed rows reach the database (files here, pages in ``sync``): it checks
every facility against the database's own limits first, so a bad row is ``row N, field: problem`` on any backend.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from recoverynav.directory.importers import (
    ca_dhcs,
    facility_list,
    label_export,
    locator,
    merging,
    moud,
    spreadsheet,
    supportive_points,
)
from recoverynav.directory.importers.files import FileProblem, decompressed, parse_json, read_limited
from recoverynav.directory.importers.records import Batch, ImportRejected, Provenance, RowError
from recoverynav.directory.repository import FacilityRepository, ImportRun, UpsertCounts

FORMATS = ("locator", "label-export", "moud", "spreadsheet", "facility-list", "supportive-points", "ca-dhcs")
_MODULES: dict[str, Any] = {
    "locator": locator,
    "label-export": label_export,
    "moud": moud,
    "spreadsheet": spreadsheet,
    "facility-list": facility_list,
    "supportive-points": supportive_points,
    "ca-dhcs": ca_dhcs,
}
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


@dataclass
class ImportReport:
    """What one import did: rows read, distinct facilities, database changes, warnings, unmapped labels."""

    source_name: str
    format: str
    dataset: str
    rows: int
    facilities: int
    counts: UpsertCounts
    warnings: list[RowError] = field(default_factory=list)
    unmapped: Counter[str] = field(default_factory=Counter)
    skipped: bool = False
    # How the records joined stored sites (one card per site) and how many 2025 points matched.
    merged: str = ""


def detect_format(name: str, content: str) -> str:
    """The source format from the file name and its first bytes; ValueError naming the formats otherwise."""
    lower = name.lower().removesuffix(".gz")
    head = content.lstrip()[:4000]
    if lower.endswith(".json") or head[:1] in "[{":
        if head.startswith("{"):
            return "locator"
        if '"all_services"' in head or '"residential_services"' in head:
            return "label-export"
        if '"name1"' in head or '"frid"' in head:
            return "locator"
    else:
        header = next(csv.reader(io.StringIO(head)), [])
        columns = {c.strip().lower() for c in header}
        if {"category", "name1", "latitude"} <= columns:
            return "moud"
        if {"license_number", "facility_name", "offers_detox"} <= columns:
            return "ca-dhcs"
        if {"name1", "type_facility", "latitude"} <= columns and "street1" not in columns:
            return "supportive-points"
        if {"name1", "street1", "latitude"} <= columns and columns <= set(facility_list.COLUMNS):
            return "facility-list"
        if {"name1", "latitude"} <= columns:
            return "spreadsheet"
    raise ValueError(f"cannot tell the format of {name}; give --format, one of: {', '.join(FORMATS)}")


def _decode(data: bytes, name: str) -> str:
    data = decompressed(data, name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Spreadsheet exports saved by Excel on Windows are often cp1252.
        return data.decode("cp1252", errors="replace")


def parse_bytes(
    data: bytes,
    source_name: str,
    *,
    fmt: str = "auto",
    dataset: str | None = None,
    snapshot_year: int | None = None,
    progress: Any = None,
) -> tuple[Batch, str]:
    """Validate every row of a file's bytes; returns the batch (facilities, errors, warnings) and its format.

    Raises :class:`FileProblem` when the bytes cannot be read at all (corrupt or truncated gzip, too large).
    """
    content = _decode(data, source_name)
    if fmt == "auto":
        fmt = detect_format(source_name, content)
    if fmt not in _MODULES:
        raise ValueError(f"unknown format {fmt!r}; one of: {', '.join(FORMATS)}")
    module = _MODULES[fmt]
    year = snapshot_year or _year_from_name(source_name) or date.today().year
    batch = Batch(Provenance(dataset or module.DATASET, module.SOURCE, year), progress=progress)
    if fmt in ("locator", "label-export"):
        try:
            payload = parse_json(content, source_name)
        except FileProblem as exc:
            batch.errors += exc.errors
            return batch, fmt
        if fmt == "locator":
            locator.add_rows(locator.rows_of(payload, batch), batch)
        else:
            label_export.add_rows(payload, batch)
    else:
        try:
            module.add_rows(content, batch)
        except csv.Error as exc:
            batch.error(0, "file", f"not readable as CSV ({exc}); save it again as plain comma-separated text")
    if not batch.rows and not batch.errors:
        batch.error(0, "file", "no rows")
    return batch, fmt


def import_bytes(
    data: bytes,
    source_name: str,
    repo: FacilityRepository,
    *,
    fmt: str = "auto",
    dataset: str | None = None,
    snapshot_year: int | None = None,
    full_refresh: bool = False,
    progress: Any = None,
) -> ImportReport:
    """Validate everything first, then upsert in one transaction; :class:`ImportRejected` writes nothing.

    ``progress``: anything with ``update(n)`` (the CLI's progress bar), advanced once per row read.
    """
    content = decompressed(data, source_name)
    batch, fmt = parse_bytes(
        content, source_name, fmt=fmt, dataset=dataset, snapshot_year=snapshot_year, progress=progress
    )
    return store_batch(
        batch, repo, source_name, fmt=fmt, sha256=hashlib.sha256(content).hexdigest(), full_refresh=full_refresh
    )


def store_batch(
    batch: Batch, repo: FacilityRepository, source_name: str, *, fmt: str, sha256: str, full_refresh: bool
) -> ImportReport:
    """Check every facility against the database's limits, then upsert all in one transaction, or nothing."""
    batch.check_storage(repo.problems)
    if batch.errors:
        raise ImportRejected(source_name, batch.errors)
    run = ImportRun(
        dataset=batch.provenance.dataset,
        source_name=source_name,
        sha256=sha256,
        rows=batch.rows,
        full_refresh=full_refresh,
    )
    plan = merging.plan_merge(repo.sites_in(merging.candidate_states(batch.facilities)), batch.facilities)
    counts = repo.upsert(plan.sites, run, absorbed=plan.absorbed)
    return ImportReport(
        source_name=source_name,
        format=fmt,
        dataset=run.dataset,
        rows=batch.rows,
        facilities=len(batch.facilities),
        counts=counts,
        warnings=batch.warnings,
        unmapped=batch.unmapped,
        merged=plan.summary(),
    )


def import_file(path: str | Path, repo: FacilityRepository, **options: Any) -> ImportReport:
    """Import one file (``.json``, ``.csv``, optionally ``.gz``); options as :func:`import_bytes`."""
    file = Path(path)
    return import_bytes(read_limited(file), file.name, repo, **options)


def _year_from_name(name: str) -> int | None:
    found = _YEAR.findall(name)
    return int(found[0]) if found else None
