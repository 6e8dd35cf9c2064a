"""The audit trail in SQL: ``audit_events``, appended in the writer's transaction, never updated or deleted.

Appends are serialised by the unit of work's write lock (``BEGIN IMMEDIATE`` on SQLite, an advisory lock on
PostgreSQL), so reading the last row and inserting the next cannot interleave; ``seq`` is the primary key, so
even a writer that skipped the lock could not fork the chain. Triggers made by migration 0006 refuse UPDATE
and DELETE on both databases; the hash chain catches whoever drops them first.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

from sqlalchemy import Column, Connection, Engine, Integer, String, Table, insert, select

from recoverynav.backoffice.audit import AuditEvent, ChainedEvent, ChainReport, link, timestamp, verify_chain
from recoverynav.storage.tables import metadata

audit_events = Table(
    "audit_events",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", String(27), nullable=False, index=True),
    Column("actor", String(80), nullable=False),
    Column("action", String(60), nullable=False),
    Column("record_type", String(40), nullable=True),
    Column("record_id", String(80), nullable=True),
    Column("source", String(80), nullable=True),
    Column("reason", String(500), nullable=True),
    Column("outcome", String(20), nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False, unique=True),
)

_EVENT_FIELDS = ("actor", "action", "record_type", "record_id", "source", "reason", "outcome")


def _row(mapping: object) -> ChainedEvent:
    values = dict(mapping)  # type: ignore[call-overload]
    event = AuditEvent.model_construct(**{name: values[name] for name in _EVENT_FIELDS})
    return ChainedEvent.model_construct(
        seq=values["seq"], at=values["at"], event=event, prev_hash=values["prev_hash"], hash=values["hash"]
    )


class SqlAuditTrail:
    """The back office's ``AuditTrail`` writing into one transaction (``uow.audit``).

    Usage::

        with UnitOfWork(engine) as uow:
            uow.audit.record(AuditEvent(actor="u1", action="case.read", record_type="case", record_id="7"))
            uow.commit()
    """

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def last(self) -> ChainedEvent | None:
        """The newest row, in this transaction's view."""
        row = self.connection.execute(select(audit_events).order_by(audit_events.c.seq.desc()).limit(1)).first()
        return None if row is None else _row(row._mapping)

    def record(self, event: AuditEvent) -> None:
        """Append ``event`` after the newest row (committed or rolled back with the unit)."""
        self.append(event)

    def append(self, event: AuditEvent, *, now: datetime | None = None) -> ChainedEvent:
        """:meth:`record`, at a given time, returning the stored row."""
        chained = link(self.last(), event, now or datetime.now(UTC))
        self.connection.execute(
            insert(audit_events).values(
                seq=chained.seq,
                at=chained.at,
                **event.model_dump(),
                prev_hash=chained.prev_hash,
                hash=chained.hash,
            )
        )
        return chained


def stored_events(engine: Engine, *, since: datetime | None = None, batch: int = 1000) -> Iterator[ChainedEvent]:
    """Every stored row in ``seq`` order (from ``since`` on), read in batches so a long trail is not held at once."""
    after = 0
    with engine.connect() as conn:
        while True:
            query = select(audit_events).where(audit_events.c.seq > after).order_by(audit_events.c.seq).limit(batch)
            if since is not None:
                query = query.where(audit_events.c.at >= timestamp(since))
            rows = [_row(row._mapping) for row in conn.execute(query)]
            yield from rows
            if len(rows) < batch:
                return
            after = rows[-1].seq


def verify_stored_chain(engine: Engine) -> ChainReport:
    """Check the whole stored trail (see :func:`recoverynav.backoffice.audit.verify_chain`)."""
    return verify_chain(stored_events(engine))
