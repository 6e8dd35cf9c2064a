"""SqlMeetingRepository: the meetings capability's repository port on SQLite or PostgreSQL (plain SQL, no extension)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Engine, and_, delete, func, insert, select, update
from sqlalchemy.engine import Row

from recoverynav.meetings.models import Feed, Meeting
from recoverynav.meetings.repository import FeedRun, ImportCounts, MeetingCandidate, MeetingFilter, StoredMeeting
from recoverynav.storage.locks import write_lock
from recoverynav.storage.meetings.tables import meeting_feeds, meeting_imports, meetings

# Model field -> column, where the names differ ("group" is an SQL keyword).
_COLUMN = {"group": "group_name"}
_LISTS = ("days", "types", "other_types")


def _bars(values: Sequence[object]) -> str:
    return "|" + "|".join(map(str, values)) + "|" if values else ""


def _row_values(meeting: Meeting) -> dict[str, Any]:
    data = meeting.model_dump()
    values = {_COLUMN.get(key, key): value for key, value in data.items()}
    for key in _LISTS:
        values[key] = _bars(data[key])
    values["fingerprint"] = hashlib.sha256(meeting.model_dump_json().encode()).hexdigest()
    return values


def _meeting(row: Row[Any]) -> StoredMeeting:
    data = dict(row._mapping)
    values: dict[str, Any] = {key: data[_COLUMN.get(key, key)] for key in Meeting.model_fields}
    values["days"] = [int(d) for d in data["days"].strip("|").split("|") if d]
    for key in ("types", "other_types"):
        values[key] = [t for t in data[key].strip("|").split("|") if t]
    # Rows were validated as Meeting when written; constructing skips re-validating thousands per search.
    return StoredMeeting(id=data["id"], meeting=Meeting.model_construct(**values))


def _conditions(spec: MeetingFilter) -> list[Any]:
    """The WHERE clauses of a filter."""
    conditions: list[Any] = []
    if spec.box is not None:
        min_lat, max_lat, min_lon, max_lon = spec.box
        conditions += [
            meetings.c.latitude.between(min_lat, max_lat),
            meetings.c.longitude.between(min_lon, max_lon),
        ]
    if spec.day is not None:
        conditions.append(meetings.c.days.like(f"%|{spec.day}|%"))
    conditions += [meetings.c.types.like(f"%|{code}|%") for code in spec.types]
    if spec.online:
        conditions.append(meetings.c.attendance.in_(("online", "hybrid")))
    if spec.in_person:
        conditions.append(and_(meetings.c.attendance.in_(("in_person", "hybrid")), meetings.c.latitude.is_not(None)))
    return conditions


class SqlMeetingRepository:
    """Meetings in the configured database; every method is one transaction.

    Usage::

        repo = SqlMeetingRepository(engine_for("sqlite:///meetings.sqlite3"))
        repo.find(MeetingFilter(day=1, types=("S",)))
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def upsert_feed(self, meetings_given: Sequence[Meeting], run: FeedRun) -> ImportCounts:
        now = dt.datetime.now(dt.UTC)
        counts = ImportCounts()
        with write_lock(self.engine) as conn:
            existing = {
                slug: (row_id, fingerprint)
                for row_id, slug, fingerprint in conn.execute(
                    select(meetings.c.id, meetings.c.slug, meetings.c.fingerprint).where(meetings.c.feed == run.feed)
                )
            }
            new_rows = []
            for meeting in meetings_given:
                values = _row_values(meeting) | {"feed": run.feed, "imported_at": now}
                known = existing.get(meeting.slug)
                if known is None:
                    new_rows.append(values)
                elif known[1] != values["fingerprint"]:
                    conn.execute(update(meetings).where(meetings.c.id == known[0]).values(values))
                    counts.updated += 1
                else:
                    counts.unchanged += 1
            if new_rows:
                conn.execute(insert(meetings), new_rows)
            counts.inserted = len(new_rows)
            if run.full_refresh:
                given = {m.slug for m in meetings_given}
                gone = sorted(slug for slug in existing if slug not in given)
                for start in range(0, len(gone), 500):
                    chunk = gone[start : start + 500]
                    conn.execute(delete(meetings).where(meetings.c.feed == run.feed, meetings.c.slug.in_(chunk)))
                counts.removed, counts.removed_slugs = len(gone), gone
            total = conn.execute(
                select(func.count()).select_from(meetings).where(meetings.c.feed == run.feed)
            ).scalar_one()
            feed_row = {
                "title": run.title,
                "source_name": run.source_name,
                "sha256": run.sha256,
                "meetings": total,
                "imported_at": now,
            }
            if (
                conn.execute(update(meeting_feeds).where(meeting_feeds.c.name == run.feed).values(feed_row)).rowcount
                == 0
            ):
                conn.execute(insert(meeting_feeds).values(name=run.feed, **feed_row))
            conn.execute(
                insert(meeting_imports).values(
                    feed=run.feed,
                    source_name=run.source_name,
                    sha256=run.sha256,
                    inserted=counts.inserted,
                    updated=counts.updated,
                    removed=counts.removed,
                    full_refresh=run.full_refresh,
                    imported_at=now,
                )
            )
        return counts

    def find(self, spec: MeetingFilter) -> list[StoredMeeting]:
        with self.engine.connect() as conn:
            return [_meeting(row) for row in conn.execute(select(meetings).where(*_conditions(spec)))]

    def candidates(self, spec: MeetingFilter) -> list[MeetingCandidate]:
        columns = meetings.c
        query = select(columns.id, columns.latitude, columns.longitude, columns.days, columns.time, columns.timezone)
        with self.engine.connect() as conn:
            rows = conn.execute(query.where(*_conditions(spec))).all()
        return [
            MeetingCandidate(row_id, lat, lon, tuple(int(d) for d in days.strip("|").split("|") if d), time, zone)
            for row_id, lat, lon, days, time, zone in rows
        ]

    def get_many(self, meeting_ids: Sequence[int]) -> list[StoredMeeting]:
        wanted = [i for i in meeting_ids if -(2**31) <= i < 2**31]
        found: list[StoredMeeting] = []
        with self.engine.connect() as conn:
            for start in range(0, len(wanted), 500):
                rows = conn.execute(select(meetings).where(meetings.c.id.in_(wanted[start : start + 500])))
                found += [_meeting(row) for row in rows]
        return found

    def get(self, meeting_id: int) -> StoredMeeting | None:
        if not -(2**31) <= meeting_id < 2**31:
            return None
        with self.engine.connect() as conn:
            row = conn.execute(select(meetings).where(meetings.c.id == meeting_id)).first()
        return None if row is None else _meeting(row)

    def feeds(self) -> list[Feed]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(meeting_feeds).order_by(meeting_feeds.c.name)).all()
        return [Feed.model_validate(dict(row._mapping)) for row in rows]

    def has_import(self, sha256: str) -> bool:
        with self.engine.connect() as conn:
            found = conn.execute(
                select(meeting_imports.c.id).where(meeting_imports.c.sha256 == sha256).limit(1)
            ).first()
        return found is not None

    def count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(meetings)).scalar_one())


__all__ = ["SqlMeetingRepository"]
