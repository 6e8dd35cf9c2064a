"""Storage: the only place that knows SQL. SQLite (a grid index) by default, PostgreSQL with PostGIS in production.

One package per capability's tables (``storage/directory/`` today), sharing the engine, one Alembic chain
(``migrations/``) and the unit of work that commits several repositories' writes together.

Usage::

    from recoverynav.storage import facility_repository, prepare_database
    prepare_database()                      # migrate; load the bundled SAMHSA files on first run
    repo = facility_repository()            # the directory's FacilityRepository for the configured URL
"""

from __future__ import annotations

from recoverynav.storage.database import facility_repository, prepare_database
from recoverynav.storage.directory.facilities import SqlFacilityRepository
from recoverynav.storage.engine import engine_for
from recoverynav.storage.unit_of_work import UnitOfWork

__all__ = ["SqlFacilityRepository", "UnitOfWork", "engine_for", "facility_repository", "prepare_database"]
