"""Storage: the only place that knows SQL. SQLite (a grid index) by default, PostgreSQL with PostGIS in production.

One package per capability's tables (``storage/directory/`` today), sharing the engine, one Alembic chain
(``migrations/``) and the unit of work that commits several repositories' writes together.

Usage::

    from recoverynav.storage import facility_repository, prepare_database
    prepare_database()                      # migrate; load the bundled SAMHSA files on first run
    repo = facility_repository()            # the directory's FacilityRepository for the configured URL
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from recoverynav.lazy import lazy_exports

if TYPE_CHECKING:
    from recoverynav.storage.database import facility_repository, prepare_database
    from recoverynav.storage.directory.facilities import SqlFacilityRepository
    from recoverynav.storage.engine import engine_for
    from recoverynav.storage.unit_of_work import UnitOfWork

# Exports load on first use (PEP 562): a back-office command (the audit trail, staff accounts) imports its own
# tables, not the facility directory's repository or the migration runner.
_EXPORTS = {
    "facility_repository": "database",
    "prepare_database": "database",
    "SqlFacilityRepository": "directory.facilities",
    "engine_for": "engine",
    "UnitOfWork": "unit_of_work",
}

__all__ = ["SqlFacilityRepository", "UnitOfWork", "engine_for", "facility_repository", "prepare_database"]

__getattr__ = lazy_exports(__name__, _EXPORTS)
