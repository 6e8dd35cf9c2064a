"""The notification outbox in SQL (#16): messages by account id, neutral text only, until delivered.

Nothing personal is stored here: the recipient is an account id (the address is looked up when sending) and the
text is the fixed neutral wording with a sign-in link. Sent messages keep ``sent_at``, so the operator can see
what went out and when.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Column, Connection, DateTime, Integer, String, Table, Text, insert, select, update

from recoverynav.backoffice.notify import Notification, QueuedNotification
from recoverynav.storage.tables import metadata

notification_outbox = Table(
    "notification_outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("recipient", String(32), nullable=False, index=True),
    Column("kind", String(40), nullable=False),
    Column("subject", String(200), nullable=False),
    Column("body", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("sent_at", DateTime(timezone=True), nullable=True, index=True),
)


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _queued(row: Any) -> QueuedNotification:
    values = dict(row)
    values["created_at"] = _utc(values["created_at"])
    values["sent_at"] = _utc(values["sent_at"])
    return QueuedNotification.model_validate(values)


class SqlOutbox:
    """The back office's ``Outbox`` on one connection (``uow.outbox``): a message queued here commits with its cause.

    Usage::

        with UnitOfWork(engine) as uow:
            uow.outbox.add(notification("follow_up.due", "u1", sign_in_url=url, now=now))
            uow.commit()
    """

    def __init__(self, connection: Connection) -> None:
        self.connection = connection

    def add(self, notification: Notification) -> int:
        result = self.connection.execute(insert(notification_outbox).values(**notification.model_dump(), sent_at=None))
        key = result.inserted_primary_key
        assert key is not None
        return int(key[0])

    def pending(self, limit: int) -> list[QueuedNotification]:
        query = (
            select(notification_outbox)
            .where(notification_outbox.c.sent_at.is_(None))
            .order_by(notification_outbox.c.id)
            .limit(limit)
        )
        return [_queued(row) for row in self.connection.execute(query).mappings()]

    def mark_sent(self, notification_id: int, when: datetime) -> None:
        self.connection.execute(
            update(notification_outbox).where(notification_outbox.c.id == notification_id).values(sent_at=when)
        )

    def listing(self, *, recipient: str | None = None, limit: int = 100) -> list[QueuedNotification]:
        query = select(notification_outbox).order_by(notification_outbox.c.id.desc()).limit(limit)
        if recipient is not None:
            query = query.where(notification_outbox.c.recipient == recipient)
        return [_queued(row) for row in self.connection.execute(query).mappings()]
