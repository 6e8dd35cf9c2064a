"""Storage: the only place that knows SQL. SQLite (a grid index) by default, PostgreSQL with PostGIS in production.

Usage::

    from recoverynav.storage import facility_repository, prepare_database
    prepare_database()                      # migrate; load the bundled SAMHSA files on first run
    repo = facility_repository()            # the directory's FacilityRepository for the configured URL
"""

from __future__ import annotations

from recoverynav.storage.database import facility_repository, prepare_database
from recoverynav.storage.facilities import SqlFacilityRepository

__all__ = ["SqlFacilityRepository", "facility_repository", "prepare_database"]
