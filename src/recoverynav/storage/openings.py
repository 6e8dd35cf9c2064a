"""Openings in SQL (#16): one row per listing and care type, replaced whole when a facility or the helpline says.

Not personal data (counts of places, no patient), so nothing here is encrypted; who changed them is an account
id, and every change is also an audit event (the use case records it in the same unit of work).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    ColumnElement,
    Connection,
    DateTime,
    Integer,
    String,
    Table,
    bindparam,
    delete,
    exists,
    insert,
    select,
)

from recoverynav.directory.openings import Opening
from recoverynav.storage.tables import metadata

facility_openings = Table(
    "facility_openings",
    metadata,
    Column("frid", String(80), primary_key=True),
    Column("care_type", String(10), primary_key=True),
    Column("open_slots", Integer, nullable=False),
    Column("accepting_new", Boolean, nullable=False),
    Column("waitlist", Integer, nullable=True),
    Column("updated_at", DateTime(timezone=True), nullable=False, index=True),
    Column("updated_by", String(64), nullable=False),
    Column("source", String(10), nullable=False),
)

# How many listings one IN list asks about (a page of hits is at most 100).
_CHUNK = 500


def _utc(value: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything stored is UTC.
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _opening(row: Any) -> Opening:
    return Opening(
        frid=row["frid"],
        care_type=row["care_type"],
        open_slots=row["open_slots"],
        accepting_new=bool(row["accepting_new"]),
        waitlist=row["waitlist"],
        updated_at=_utc(row["updated_at"]),
        updated_by=row["updated_by"],
        source=row["source"],
    )


# Built once (an expanding IN list): SQLAlchemy compiles it once, not once per search page.
_OPENINGS_OF = (
    select(facility_openings)
    .where(facility_openings.c.frid.in_(bindparam("frids", expanding=True)))
    .order_by(facility_openings.c.frid, facility_openings.c.care_type)
)


def read_openings(connection: Connection, frids: Sequence[str]) -> dict[str, list[Opening]]:
    """The stored openings of these listings, by FRID (listings without any are absent)."""
    found: dict[str, list[Opening]] = {}
    wanted = list(dict.fromkeys(frids))
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        rows = connection.execute(_OPENINGS_OF, {"frids": chunk}).mappings()
        for row in rows:
            found.setdefault(row["frid"], []).append(_opening(row))
    return found


def open_now_test(frid: ColumnElement[str], since: datetime | None = None) -> ColumnElement[bool]:
    """A listing with at least one open place, accepting new patients, said at or after ``since``.

    Without ``since`` the test reads the bound parameter ``openings_since`` (for statements built once and cached).
    """
    o = facility_openings.c
    moment = bindparam("openings_since", type_=DateTime(timezone=True), value=since, unique=since is not None)
    return exists().where(o.frid == frid, o.open_slots > 0, o.accepting_new.is_(True), o.updated_at >= moment)


class SqlOpeningsRepository:
    """The back office's ``OpeningsRepository`` on one connection (``uow.openings``): writes join its transaction.

    Usage::

        with UnitOfWork(engine) as uow:
            uow.openings.replace("frid-1", [opening, ...])
            uow.commit()
    """

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def of(self, frid: str) -> list[Opening]:
        return read_openings(self.connection, [frid]).get(frid, [])

    def replace(self, frid: str, openings: Sequence[Opening]) -> None:
        self.connection.execute(delete(facility_openings).where(facility_openings.c.frid == frid))
        if openings:
            self.connection.execute(insert(facility_openings), [o.model_dump() for o in openings])

    def listing_exists(self, frid: str) -> bool:
        from recoverynav.storage.directory.tables import facilities

        return self.connection.execute(select(facilities.c.id).where(facilities.c.frid == frid)).first() is not None
