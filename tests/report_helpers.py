"""Helpers for listing-report tests: real-looking facilities (made up, flagged by name) and an empty report queue."""

from __future__ import annotations

from sqlalchemy import delete

from recoverynav.directory import Facility
from recoverynav.storage.engine import engine_for
from recoverynav.storage.listing_reports import listing_report_audit, listing_reports


def empty_reports(url: str) -> None:
    """Remove every report and audit row (PostgreSQL keeps them between tests; SQLite files are fresh)."""
    with engine_for(url).begin() as conn:
        conn.execute(delete(listing_report_audit))
        conn.execute(delete(listing_reports))


def listed(frid: str, **fields: object) -> Facility:
    """A non-demo facility for tests (searchable and exportable like real data; the 555 number is fictional)."""
    values: dict[str, object] = {
        "frid": frid,
        "name": f"Test clinic {frid}",
        "street": "1 Main Street",
        "city": "Springfield",
        "state": "VA",
        "zip": "22150",
        "phone": "703-555-0100",
        "latitude": 38.78,
        "longitude": -77.18,
        "facility_type": "SA",
        "codes": ["BU", "OP", "MD"],
        "source": "recoverynav test data",
        "dataset": "test",
        "snapshot_year": 2025,
    }
    return Facility.model_validate(values | fields)


def serve_without_bundled(url: str, *facilities: Facility) -> None:
    """Store these facilities and let the app use the database as prepared (not loading the bundled data)."""
    from recoverynav.directory.repository import ImportRun
    from recoverynav.storage import database, prepare_database

    repo = prepare_database(url, load_bundled=False)
    repo.upsert(list(facilities), ImportRun("test", "test", "0" * 64, len(facilities)))
    empty_reports(url)
    # Marked prepared, so the app skips the bundled files (configured_database forgets the mark afterwards).
    database._PREPARED.add(url)
