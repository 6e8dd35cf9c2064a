"""The real facility files shipped with recoverynav (``directory/data``), loaded into the database on first start.

See ``data/SOURCES.txt`` for provenance and attribution. Each file is imported once: its content hash is
recorded, so a new release with changed files re-imports only what changed. The files not yet imported are
parsed together and merged into sites in one pass (one card per site), then written in one upsert.
"""

from __future__ import annotations

import gzip
import hashlib
from importlib import resources

from recoverynav.directory.importers import ImportRejected, ImportReport, parse_bytes
from recoverynav.directory.importers.merging import candidate_states, plan_merge
from recoverynav.directory.repository import FacilityRepository, ImportRun, UpsertCounts

# (file in directory/data, format, dataset), oldest first; the 2025 points only mark sites, so they come last.
BUNDLED: tuple[tuple[str, str, str], ...] = (
    ("findtreatment_api_sample_2019_charlottesville.json.gz", "locator", "locator"),
    ("samhsa_us_su_facilities_2020-04.csv.gz", "facility-list", "samhsa-su-2020"),
    ("moud_providers_us_samhsa_2020_clean.csv.gz", "moud", "moud"),
    ("findtreatment_ca_residential_2025-08_hackingco.json.gz", "label-export", "locator-export"),
    ("samhsa_ma_facility_listing_2025-08-19.csv.gz", "spreadsheet", "locator-download"),
    ("ca_dhcs_sud_facilities_2026-08-21.csv.gz", "ca-dhcs", "ca-dhcs"),
    ("samhsa_us_su_supportive_points_2025-08-19.csv.gz", "supportive-points", "samhsa-supportive-2025"),
)


def bundled_bytes(name: str) -> bytes:
    """The decompressed content of one bundled file."""
    return gzip.decompress((resources.files("recoverynav.directory") / "data" / name).read_bytes())


def load_bundled(repo: FacilityRepository) -> list[ImportReport]:
    """Import every bundled file whose content this database has not seen yet, merged into sites in one pass."""
    pending = []
    for name, fmt, dataset in BUNDLED:
        data = bundled_bytes(name)
        digest = hashlib.sha256(data).hexdigest()
        if repo.has_import(digest):
            continue
        source_name = name.removesuffix(".gz")
        batch, fmt = parse_bytes(data, source_name, fmt=fmt, dataset=dataset)
        if batch.errors:
            raise ImportRejected(source_name, batch.errors)
        pending.append((source_name, fmt, digest, batch))
    if not pending:
        return []
    records = [facility for *_, batch in pending for facility in batch.facilities]
    plan = plan_merge(repo.sites_in(candidate_states(records)), records)
    reports = []
    for index, (source_name, fmt, digest, batch) in enumerate(pending):
        run = ImportRun(dataset=batch.provenance.dataset, source_name=source_name, sha256=digest, rows=batch.rows)
        # The merged sites are written with the first file's run; the others record only that they were read.
        first = index == 0
        counts = repo.upsert(plan.sites, run, absorbed=plan.absorbed) if first else repo.upsert([], run)
        reports.append(
            ImportReport(
                source_name=source_name,
                format=fmt,
                dataset=run.dataset,
                rows=batch.rows,
                facilities=len(batch.facilities),
                counts=counts if first else UpsertCounts(),
                warnings=batch.warnings,
                unmapped=batch.unmapped,
                merged=plan.summary() if first else "",
            )
        )
    return reports
