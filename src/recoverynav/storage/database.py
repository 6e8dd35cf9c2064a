"""Open the configured database: migrate it and load the bundled real data the first time."""

from __future__ import annotations

import logging

from recoverynav.storage.directory.facilities import SqlFacilityRepository
from recoverynav.storage.engine import engine_for
from recoverynav.storage.migrate import upgrade

log = logging.getLogger(__name__)
_PREPARED: set[str] = set()


def database_url(url: str | None = None) -> str:
    """``url``, or the configured database's (the one default every storage package shares)."""
    if url:
        return url
    from recoverynav.settings import get_settings

    return get_settings().resolved_database_url


def facility_repository(url: str | None = None) -> SqlFacilityRepository:
    """The facility repository for ``url`` (default: the configured database); no migration is run."""
    return SqlFacilityRepository(engine_for(database_url(url)))


def prepare_database(url: str | None = None, *, load_bundled: bool = True) -> SqlFacilityRepository:
    """Create or migrate the schema, then import any bundled SAMHSA file not yet imported (idempotent)."""
    resolved = database_url(url)
    repo = facility_repository(resolved)
    if resolved in _PREPARED:
        return repo
    upgrade(repo.engine)
    if load_bundled:
        from recoverynav.directory.bundled import load_bundled as load

        for report in load(repo):
            log.info("loaded %s: %d facilities", report.source_name, report.facilities)
        _PREPARED.add(resolved)
    return repo


def mark_prepared(url: str | None = None) -> None:
    """Record that another process (``recoverynav serve``'s parent) prepared ``url``: a worker skips the checks."""
    _PREPARED.add(database_url(url))
