"""MINIMAL PLACEHOLDER (bo-case's branch only): audit events written as plain rows in the unit's transaction.

bo-id owns this file and migration 0006: their version hash-chains each row to the one before. This one keeps
the contract's shape (``record(AuditEvent)``) and the ``audit_events`` table so the case use cases and their
tests run; the merge takes bo-id's file and migration instead.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Column, Connection, DateTime, Integer, String, Table, insert

from recoverynav.backoffice import AuditEvent
from recoverynav.storage.tables import metadata

audit_events = Table(
    "audit_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(64), nullable=False),
    Column("action", String(40), nullable=False),
    Column("record_type", String(40), nullable=True),
    Column("record_id", String(64), nullable=True),
    Column("source", String(100), nullable=True),
    Column("reason", String(200), nullable=True),
    Column("outcome", String(10), nullable=False),
)


class SqlAuditTrail:
    """Appends events in the caller's transaction (so an event commits with the change it describes)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def record(self, event: AuditEvent) -> None:
        """Append one event."""
        self.connection.execute(insert(audit_events).values(at=datetime.now(UTC), **event.model_dump()))
