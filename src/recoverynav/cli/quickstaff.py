"""Read-only back-office commands answered from the SQLite file with the standard library (no SQLAlchemy).

The full path of ``recoverynav audit verify`` imports SQLAlchemy and pydantic (most of its start-up) to read one
table. This module answers it from the configured SQLite file when nothing could differ: the database is the
embedded SQLite file named by the environment (no config file, no PostgreSQL, no read replica: see
:func:`recoverynav.cli.quickfind.database_path`), it exists, and it is at the compiled schema head (so the full path
would migrate nothing). Otherwise every function returns None and the caller takes the full path.

Nothing here writes, decrypts or decides who may see what: the chain is judged by the same functions the full path
uses (:mod:`recoverynav.backoffice.audit_chain`), over the same rows. Commands that read personal data (``users
list`` decrypts e-mail addresses and records an audit event) or write stay on the full path.
"""

from __future__ import annotations

import os
import sqlite3

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
