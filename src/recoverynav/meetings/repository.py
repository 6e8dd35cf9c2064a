"""The small interface the meetings capability needs from a database; ``recoverynav.storage.meetings`` implements it.

The capability decides what to ask (a box around the origin, a day, types, online); the repository knows how.
Exact distances, the radius and the order are computed by the capability, so every backend answers alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from recoverynav.meetings.models import Feed, Meeting


@dataclass(frozen=True)
class MeetingFilter:
    """What a repository search selects; every given condition must hold.

    ``box`` is (min latitude, max latitude, min longitude, max longitude): only meetings with a point inside.
    ``online`` selects meetings one can join online (online or hybrid); ``in_person`` the ones with a place
    to go (in person or hybrid).
    """

    box: tuple[float, float, float, float] | None = None
    day: int | None = None
    types: tuple[str, ...] = ()
    online: bool = False
    in_person: bool = False


@dataclass(frozen=True)
class StoredMeeting:
    """A stored meeting with its database id."""

    id: int
    meeting: Meeting


@dataclass(frozen=True)
class MeetingCandidate:
    """What ranking needs of a stored meeting (the full rows are read only for the meetings shown)."""

    id: int
    latitude: float | None
    longitude: float | None
    days: tuple[int, ...]
    time: str
    timezone: str


@dataclass(frozen=True)
class FeedRun:
    """One import of a feed: its name, who publishes it, the file (name and SHA-256), and the mode."""

    feed: str
    title: str
    source_name: str
    sha256: str
    full_refresh: bool = False


@dataclass
class ImportCounts:
    """What an import changed: new meetings, updated ones, unchanged ones and ones a full refresh removed."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    removed_slugs: list[str] = field(default_factory=list)


class MeetingRepository(Protocol):
    """Stores meetings per feed and answers filtered reads; one call is one transaction."""

    def upsert_feed(self, meetings: Sequence[Meeting], run: FeedRun) -> ImportCounts:
        """Insert or update the feed's meetings by slug; a full refresh removes its meetings not given."""
        ...

    def find(self, spec: MeetingFilter) -> list[StoredMeeting]:
        """Every meeting matching ``spec`` (unordered; the capability orders them)."""
        ...

    def candidates(self, spec: MeetingFilter) -> list[MeetingCandidate]:
        """The ranking fields of every meeting matching ``spec`` (unordered)."""
        ...

    def get_many(self, meeting_ids: Sequence[int]) -> list[StoredMeeting]:
        """The meetings with these ids (unordered; unknown ids are left out)."""
        ...

    def get(self, meeting_id: int) -> StoredMeeting | None:
        """One meeting by id, or None."""
        ...

    def feeds(self) -> list[Feed]:
        """Every imported feed, by name."""
        ...

    def has_import(self, sha256: str) -> bool:
        """Whether a feed file with this content hash was imported before."""
        ...

    def count(self) -> int:
        """How many meetings are stored."""
        ...
