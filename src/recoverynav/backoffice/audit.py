"""The audit trail: one typed event per read, write, login or export, chained by SHA-256 so an edit shows.

An event carries ids only (a staff user id, a record id, a client address), never a personal value, so the
trail can be reviewed and exported without becoming a second copy of the records (HIPAA § 164.312(b);
45 CFR § 164.308(a)(1)(ii)(D) asks that someone review it). Each stored row is ``seq, at`` plus the event,
``prev_hash`` (the previous row's hash) and ``hash`` = SHA-256 over ``prev_hash`` and a canonical JSON of the
row: changing, inserting or removing a row in the middle breaks every hash after it, and :func:`verify_chain`
names the first broken ``seq``. (Cutting rows off the end leaves a shorter valid chain: compare the count or
head hash with one kept elsewhere.)

Usage::

    trail.record(AuditEvent(actor="u_1f3a", action="case.read", record_type="case", record_id="42"))
    verify_chain(rows)        # ChainReport(count=..., broken_seq=None)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

from recoverynav.backoffice.audit_chain import GENESIS_HASH as GENESIS_HASH  # re-exported: the trail's start
from recoverynav.backoffice.audit_chain import ChainRow, chain_hash, walk_chain
from recoverynav.errors import InputRejected

Outcome = Literal["success", "failure", "denied"]


class AuditEvent(BaseModel):
    """What happened, by whom, to which record; ids only, never a personal value."""

    model_config = ConfigDict(frozen=True)

    actor: str = Field(min_length=1, max_length=80)  # a staff user id, "public", or "cli:<os user>"
    action: str = Field(min_length=1, max_length=60)  # "case.read", "login.failure", "user.add"...
    record_type: str | None = Field(default=None, max_length=40)
    record_id: str | None = Field(default=None, max_length=80)
    source: str | None = Field(default=None, max_length=80)  # the client address
    reason: str | None = Field(default=None, max_length=500)
    outcome: str = Field(default="success", max_length=20)  # "success", "failure" or "denied"


class AuditTrail(Protocol):
    """Where events go: storage writes each one in the transaction of the change it records."""

    def record(self, event: AuditEvent) -> None:
        """Append ``event`` to the trail (committed with the unit of work it belongs to)."""
        ...


class ChainedEvent(BaseModel):
    """One stored row of the trail: the event, its place (``seq``), its time, and the two hashes."""

    model_config = ConfigDict(frozen=True)

    seq: int = Field(ge=1)
    at: str  # ISO 8601 UTC with microseconds, "2026-12-06T10:00:00.000000Z": a fixed text, so it hashes the same
    event: AuditEvent
    prev_hash: str
    hash: str


class ChainReport(BaseModel):
    """The result of a check: how many rows were read, and the first one whose hash does not hold (or None)."""

    count: int
    broken_seq: int | None = None
    problem: str | None = None
    head_hash: str = GENESIS_HASH

    @property
    def holds(self) -> bool:
        """Whether every row checked out."""
        return self.broken_seq is None


class AuditChainBroken(InputRejected):
    """The audit trail's hash chain does not hold at a named event (someone or something changed the table)."""


def timestamp(moment: datetime) -> str:
    """The fixed text form of an instant that goes into the hash (UTC, microseconds, ``Z``)."""
    if moment.tzinfo is None:
        raise ValueError("an audit time must be timezone-aware")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def row_hash(seq: int, at: str, event: AuditEvent, prev_hash: str) -> str:
    """SHA-256 (hex) over ``prev_hash`` and the row's canonical JSON (sorted keys, no spaces, UTF-8)."""
    return chain_hash(seq, at, event.model_dump(), prev_hash)


def link(previous: ChainedEvent | None, event: AuditEvent, moment: datetime) -> ChainedEvent:
    """The next row after ``previous`` (None: the first row of the trail)."""
    seq = 1 if previous is None else previous.seq + 1
    prev_hash = GENESIS_HASH if previous is None else previous.hash
    at = timestamp(moment)
    return ChainedEvent(seq=seq, at=at, event=event, prev_hash=prev_hash, hash=row_hash(seq, at, event, prev_hash))


def verify_chain(rows: Iterable[ChainedEvent]) -> ChainReport:
    """Walk the rows in ``seq`` order: each must follow the last, point at its hash and hash to what it says."""
    walked = walk_chain(ChainRow(r.seq, r.at, r.event.model_dump(), r.prev_hash, r.hash) for r in rows)
    return ChainReport(
        count=walked.count, broken_seq=walked.broken_seq, problem=walked.problem, head_hash=walked.head_hash
    )
