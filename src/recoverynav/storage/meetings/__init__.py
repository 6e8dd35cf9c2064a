"""Storage for the meetings capability: its tables, its repository, and the first-start load of the shipped feeds.

Usage::

    from recoverynav.storage.meetings import meeting_repository, prepare_meetings
    prepare_meetings()                 # migrate; import the bundled feeds not yet imported (idempotent)
    repo = meeting_repository()        # the MeetingRepository for the configured database
"""

from __future__ import annotations

import logging

from recoverynav.storage.database import database_url
from recoverynav.storage.engine import engine_for
from recoverynav.storage.meetings.repository import SqlMeetingRepository
from recoverynav.storage.migrate import upgrade

__all__ = ["SqlMeetingRepository", "meeting_repository", "prepare_meetings"]

log = logging.getLogger(__name__)
_PREPARED: set[str] = set()


def meeting_repository(url: str | None = None) -> SqlMeetingRepository:
    """The meeting repository for ``url`` (default: the configured database); no migration is run."""
    return SqlMeetingRepository(engine_for(database_url(url)))


def prepare_meetings(url: str | None = None, *, load_bundled: bool = True) -> SqlMeetingRepository:
    """Create or migrate the schema, then import any shipped feed not yet imported (idempotent, cached per URL)."""
    resolved = database_url(url)
    repo = meeting_repository(resolved)
    if resolved in _PREPARED:
        return repo
    upgrade(repo.engine)
    if load_bundled:
        from recoverynav.meetings.bundled import load_bundled as load

        for report in load(repo):
            log.info(
                "loaded meetings feed %s: %d meetings, %d skipped", report.feed, report.imported, len(report.skipped)
            )
        _PREPARED.add(resolved)
    return repo


def mark_meetings_prepared(url: str | None = None) -> None:
    """Record that another process (``recoverynav serve``'s parent) prepared ``url``: a worker skips the checks."""
    _PREPARED.add(database_url(url))
