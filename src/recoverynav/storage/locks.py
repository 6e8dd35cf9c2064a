"""One writer at a time: imports and migrations queue behind a database-wide lock instead of colliding.

SQLite: ``BEGIN IMMEDIATE`` takes the write lock at the start (a deferred transaction that reads first and
writes later fails with "database is locked" instead of waiting), and the busy timeout makes it wait.
PostgreSQL: a transaction-scoped advisory lock, so two imports of one file never both insert the same frid.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import OperationalError

from recoverynav.errors import Unavailable

# How long a second import waits for the first; a national file takes a few minutes on a small machine.
WRITE_LOCK_WAIT_SECONDS = 900.0
# Any fixed number: the advisory lock's name, shared by every recoverynav writer of this database.
_ADVISORY_KEY = 0x7265636E  # "recn"
# The busy timeout every other SQLite connection keeps (storage.engine sets it at connect).
_SQLITE_DEFAULT_BUSY_MS = 30_000


class StorageBusy(Unavailable):
    """Another import or migration held the database's write lock for longer than we wait."""

    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"another import is writing to the database and was still busy after {seconds:g} s; "
            "nothing was written: run this again when it has finished"
        )


@contextmanager
def write_lock(engine: Engine, wait_seconds: float = WRITE_LOCK_WAIT_SECONDS) -> Iterator[Connection]:
    """A connection in a transaction that holds the database's write lock; commits on success.

    On SQLite the transaction runs with ``synchronous=FULL`` (other connections keep WAL's ``NORMAL``).
    """
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            conn.exec_driver_sql(f"PRAGMA busy_timeout = {int(wait_seconds * 1000)}")
            # A committed write reaches the disk before COMMIT returns (survives power loss, not only a crash).
            conn.exec_driver_sql("PRAGMA synchronous = FULL")
            try:
                try:
                    conn.exec_driver_sql("BEGIN IMMEDIATE")
                except OperationalError as exc:
                    conn.rollback()
                    raise StorageBusy(wait_seconds) from exc
                try:
                    yield conn
                except BaseException:
                    conn.rollback()
                    raise
                conn.commit()
            finally:
                conn.exec_driver_sql(f"PRAGMA busy_timeout = {_SQLITE_DEFAULT_BUSY_MS}")
                conn.exec_driver_sql("PRAGMA synchronous = NORMAL")
                conn.commit()
        return
    with engine.begin() as conn:
        conn.execute(text(f"SET LOCAL lock_timeout = '{int(wait_seconds * 1000)}ms'"))
        try:
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_KEY})
        except OperationalError as exc:
            raise StorageBusy(wait_seconds) from exc
        conn.execute(text("SET LOCAL lock_timeout = DEFAULT"))
        yield conn
