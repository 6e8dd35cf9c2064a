"""One writer at a time: imports and migrations queue behind a database-wide lock instead of colliding.

SQLite: ``BEGIN IMMEDIATE`` takes the write lock at the start (a deferred transaction that reads first and
writes later fails with "database is locked" instead of waiting), and the busy timeout makes it wait.
PostgreSQL: a transaction-scoped advisory lock, so two imports of one file never both insert the same frid.
"""

from __future__ import annotations

import threading
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


# Writers of one process queue here first, for each database, before they take a pooled connection: a thread
# waiting for the database lock would otherwise hold a connection (50 waiting consultants emptied the pool and
# waited 30 s for one, then failed) and, on SQLite, poll with the busy handler's sleeps of up to 100 ms instead
# of waking when the writer before it finishes.
class _Writers:
    """A re-entrant lock that any thread may release (a web framework may end a unit in another thread).

    A thread already holding it passes (a nested writer then waits on the database lock, as before).
    """

    def __init__(self) -> None:
        self._free = threading.Condition()
        self._owner: int | None = None
        self._depth = 0

    def acquire(self, timeout: float) -> bool:
        me = threading.get_ident()
        with self._free:
            if self._owner == me:
                self._depth += 1
                return True
            if not self._free.wait_for(lambda: self._owner is None, timeout):
                return False
            self._owner, self._depth = me, 1
            return True

    def release(self) -> None:
        with self._free:
            self._depth -= 1
            if self._depth <= 0:
                self._owner, self._depth = None, 0
                self._free.notify()


_PROCESS_WRITERS: dict[str, _Writers] = {}
_PROCESS_WRITERS_GUARD = threading.Lock()


def _process_writer(engine: Engine) -> _Writers:
    key = engine.url.render_as_string(hide_password=True)
    with _PROCESS_WRITERS_GUARD:
        return _PROCESS_WRITERS.setdefault(key, _Writers())


@contextmanager
def write_lock(
    engine: Engine, wait_seconds: float = WRITE_LOCK_WAIT_SECONDS, *, connection: Connection | None = None
) -> Iterator[Connection]:
    """A connection in a transaction that holds the database's write lock; commits on success.

    On SQLite the transaction runs with ``synchronous=FULL`` (other connections keep WAL's ``NORMAL``).
    ``connection``: take the lock on this connection (outside any transaction on SQLite; on PostgreSQL its
    current transaction goes on under the lock), e.g. one that staged an import's rows in a temporary table first.
    """
    writers = _process_writer(engine)
    if not writers.acquire(timeout=wait_seconds):
        raise StorageBusy(wait_seconds)
    try:
        with _database_write_lock(engine, wait_seconds, connection) as conn:
            yield conn
    finally:
        writers.release()


@contextmanager
def _given_or_new(engine: Engine, connection: Connection | None) -> Iterator[Connection]:
    if connection is not None:
        yield connection
        return
    with engine.connect() as conn:
        yield conn


@contextmanager
def _database_write_lock(engine: Engine, wait_seconds: float, connection: Connection | None) -> Iterator[Connection]:
    """The database's own lock, which writers in other processes (an import, the CLI) take too."""
    if engine.dialect.name == "sqlite":
        with _given_or_new(engine, connection) as conn:
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
    with _given_or_new(engine, connection) as conn:
        try:
            conn.execute(text(f"SET LOCAL lock_timeout = '{int(wait_seconds * 1000)}ms'"))
            try:
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_KEY})
            except OperationalError as exc:
                raise StorageBusy(wait_seconds) from exc
            conn.execute(text("SET LOCAL lock_timeout = DEFAULT"))
            yield conn
        except BaseException:
            conn.rollback()
            raise
        conn.commit()
