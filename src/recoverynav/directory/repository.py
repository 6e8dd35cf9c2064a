"""The small interface the directory needs from a database; ``recoverynav.storage`` implements it.

The directory decides what to ask (origin, radius, filters, page); the repository knows how (SQL, spatial
indexes). Keeping the contract this narrow lets the same search run on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from recoverynav.directory.models import Facility, FacilityHit
from recoverynav.directory.openings import Opening

# Mean Earth radius (IUGG) in miles; PostGIS' sphere uses the same 6,371,008.8 m.
EARTH_RADIUS_MILES = 6371.0088 / 1.609344


@dataclass(frozen=True)
class FacilityFilter:
    """What a repository search selects: an optional circle or nearest-N around an origin, plus filters.

    Results come back nearest first (by name when there is no origin); ``offset``/``limit`` cut the page.
    """

    latitude: float | None = None
    longitude: float | None = None
    radius_miles: float | None = None
    nearest: int | None = None
    codes: tuple[str, ...] = ()
    # Any-of groups: a facility needs at least one code of each ("no insurance" = free, sliding fee or help).
    any_of: tuple[tuple[str, ...], ...] = ()
    facility_type: str | None = None
    name: str | None = None
    include_synthetic: bool = False
    include_closed: bool = False
    # Only facilities with an open place (accepting new patients) updated at or after this time.
    openings_since: datetime | None = None
    offset: int = 0
    limit: int = 20


@dataclass(frozen=True)
class FacilityPage:
    """One page of hits (with distances when the filter had an origin) and the count of all matches."""

    hits: list[FacilityHit]
    total: int


@dataclass(frozen=True)
class ImportRun:
    """Provenance of one import: which dataset, from which file (name and SHA-256), how many rows."""

    dataset: str
    source_name: str
    sha256: str
    rows: int
    full_refresh: bool = False


@dataclass
class UpsertCounts:
    """What an import changed: new facilities, updated ones, and ones a full refresh marked closed."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    closed: int = 0
    frids: list[str] = field(default_factory=list)


class FacilityRepository(Protocol):
    """Stores facilities and answers spatial searches; one call is one transaction."""

    def search(self, spec: FacilityFilter) -> FacilityPage:
        """The facilities matching ``spec``, nearest first, with the total number of matches."""
        ...

    def get(self, frid: str) -> Facility | None:
        """One facility by its id, or None."""
        ...

    def upsert(self, facilities: Sequence[Facility], run: ImportRun, *, absorbed: Sequence[str] = ()) -> UpsertCounts:
        """Insert or update by ``frid`` in one transaction; a full refresh closes the dataset's absent rows.

        Writers queue (one at a time); a facility :meth:`problems` finds refuses the whole call, writing nothing.

        ``absorbed`` names stored sites merged into one of ``facilities``: they are removed in the same transaction.
        """
        ...

    def problems(self, facility: Facility) -> list[tuple[str, str]]:
        """(field, problem) for each value the database cannot hold as it is (length, NUL...); empty if it fits."""
        ...

    def sites_in(self, states: Collection[str] | None) -> list[Facility]:
        """Every open, real (not synthetic) facility in these states (None: everywhere), for import-time merging."""
        ...

    def has_import(self, sha256: str) -> bool:
        """Whether a file with this content hash was imported before."""
        ...

    def count(self, *, include_synthetic: bool = True, include_closed: bool = True) -> int:
        """How many facilities are stored."""
        ...

    def openings_of(self, frids: Sequence[str]) -> dict[str, list[Opening]]:
        """The stored openings of these listings (every age; the directory decides what is shown)."""
        ...
