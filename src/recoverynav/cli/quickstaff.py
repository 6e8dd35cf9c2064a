"""Read-only back-office commands answered from the SQLite file with the standard library (no SQLAlchemy).

The full paths of ``recoverynav audit verify`` and ``notifications list`` import SQLAlchemy and pydantic (most of
their start-up) to read one table. This module answers them from the configured SQLite file when nothing could
differ: the database is the embedded SQLite file named by the environment (no config file, no PostgreSQL, no read
replica: see :func:`recoverynav.cli.quickfind.database_path`), it exists, and it is at the compiled schema head
(so the full path would migrate nothing). Otherwise every function returns None and the caller takes the full path.

Nothing here writes, decrypts or decides who may see what. The chain is judged by the same functions the full
path uses (:mod:`recoverynav.backoffice.audit_chain`), over the same rows. The outbox holds no personal data (a
neutral text and an account id) and listing it is not audited on either path. Tests compare both paths' output.
Commands that read personal data (``users list`` decrypts e-mail addresses and records an audit event) or write
(``keys rotate``) stay on the full path.
"""

from __future__ import annotations

import os
import re
import sqlite3
from datetime import UTC, datetime
from typing import Any

from recoverynav.backoffice import EVENT_FIELDS, ChainRow, ChainWalk, walk_chain
from recoverynav.cli.quickfind import compiled, database_path


def current_database() -> sqlite3.Connection | None:
    """A read-only connection to the configured SQLite file when it is at the compiled schema head, else None.

    The head is the one ``find``'s compiled data records (``directory/_find.json``, kept current by a test).
    """
    path = database_path()
    head = compiled()["head"]
    if path is None or not os.path.isfile(path):
        return None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
        version = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.Error:
        return None
    if version != [(head,)]:
        conn.close()
        return None
    return conn


def audit_walk() -> ChainWalk | None:
    """What ``audit verify``'s full path reports (count, first broken event and why, head hash), or None."""
    conn = current_database()
    if conn is None:
        return None
    columns = ", ".join(EVENT_FIELDS)
    try:
        rows = conn.execute(f"SELECT seq, at, {columns}, prev_hash, hash FROM audit_events ORDER BY seq")
        width = len(EVENT_FIELDS)
        return walk_chain(
            ChainRow(row[0], row[1], dict(zip(EVENT_FIELDS, row[2 : 2 + width], strict=True)), row[-2], row[-1])
            for row in rows
        )
    except sqlite3.Error:
        return None
    finally:
        conn.close()


# How SQLAlchemy stores a DateTime in SQLite; any other text (a row written by hand) is left to the full path.
_STORED_TIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}")
# QueuedNotification's fields in the order its JSON lists them (Notification's, then id and sent_at).
_OUTBOX_FIELDS = ("recipient", "kind", "subject", "body", "created_at", "id", "sent_at")


def _json_time(stored: Any) -> str | None:
    """``model_dump(mode="json")`` of a stored UTC time: ISO 8601, ``Z``, microseconds only when not zero."""
    if not isinstance(stored, str) or not _STORED_TIME.fullmatch(stored):
        raise ValueError(stored)
    return datetime.fromisoformat(stored).replace(tzinfo=UTC).isoformat().replace("+00:00", "Z")


def outbox_listing(*, pending: bool, limit: int) -> list[dict[str, Any]] | None:
    """``[m.model_dump(mode="json") for m in ...]`` of ``notifications list`` (``--pending``: the oldest waiting
    messages; else the newest), or None when the full path must answer."""
    conn = current_database()
    if conn is None:
        return None
    columns = ", ".join(_OUTBOX_FIELDS)
    if pending:
        query = f"SELECT {columns} FROM notification_outbox WHERE sent_at IS NULL ORDER BY id LIMIT ?"
    else:
        query = f"SELECT {columns} FROM notification_outbox ORDER BY id DESC LIMIT ?"
    try:
        rows = []
        for values in conn.execute(query, (limit,)):
            row = dict(zip(_OUTBOX_FIELDS, values, strict=True))
            if not all(isinstance(row[name], str) for name in ("recipient", "kind", "subject", "body")):
                return None
            if not isinstance(row["id"], int):
                return None
            row["created_at"] = _json_time(row["created_at"])
            row["sent_at"] = None if row["sent_at"] is None else _json_time(row["sent_at"])
            rows.append(row)
        return rows
    except (sqlite3.Error, ValueError):
        return None
    finally:
        conn.close()
