"""The one SQLAlchemy ``MetaData`` every capability's tables join (Alembic compares against it).

Each capability's tables live beside its storage (``storage/directory/tables.py``...); ``all_tables()`` imports
them so the migration environment sees every table.
"""

from __future__ import annotations

from importlib import import_module

from sqlalchemy import MetaData

metadata = MetaData()

# The modules that define tables on ``metadata``; a new storage package adds its own here.
TABLE_MODULES: tuple[str, ...] = (
    "recoverynav.storage.directory.tables",
    "recoverynav.storage.meetings.tables",
    "recoverynav.storage.listing_reports",
    "recoverynav.storage.backoffice.audit",
    "recoverynav.storage.backoffice.staff",
    "recoverynav.storage.backoffice.cases",
    "recoverynav.storage.backoffice.referrals",
    "recoverynav.storage.openings",
    "recoverynav.storage.backoffice.outbox",
    "recoverynav.storage.backoffice.coverage_checks",
    "recoverynav.storage.rate_limits",
)


def all_tables() -> MetaData:
    """``metadata`` with every capability's tables registered."""
    for module in TABLE_MODULES:
        import_module(module)
    return metadata
