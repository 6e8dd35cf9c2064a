"""Rate-limit counters in the database, so every worker on every machine counts the same client together (#21).

One row per (bucket, client, window): ``hits`` goes up by one upsert per counted request (``INSERT ... ON
CONFLICT DO UPDATE ... RETURNING``, on SQLite 3.35+ and PostgreSQL alike), so a count costs one statement and
one round trip. The client is an HMAC of its address (``rate_limits.client_hash``), never the address. Windows
older than the current ones are deleted by whichever process first sees a new window (one indexed DELETE a
minute per process).

On PostgreSQL the counter's connections commit without waiting for the WAL flush (``synchronous_commit=off``):
losing the last counts in a crash costs nothing, waiting for each flush cost ~8 ms a request.
On SQLite the counter gives up after ``SQLITE_WAIT_SECONDS`` when another writer (an import) holds the
database, and the request is let through uncounted: a limit that stalled every search behind an import would
hurt more than it protects. PostgreSQL locks only the one client's row.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from sqlalchemy import BigInteger, Column, Engine, Index, Integer, String, Table, create_engine, delete, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import OperationalError

from recoverynav.storage.engine import _sqlite_pragmas, is_sqlite
from recoverynav.storage.tables import metadata

SQLITE_WAIT_SECONDS = 0.25
log = logging.getLogger(__name__)

rate_limit_windows = Table(
    "rate_limit_windows",
    metadata,
    Column("bucket", String(20), primary_key=True),
    Column("client_hash", String(64), primary_key=True),
    # Unix seconds at the start of the window.
    Column("window_start", BigInteger, primary_key=True),
    Column("hits", Integer, nullable=False),
    Index("ix_rate_limit_windows_window_start", "window_start"),
)


class SqlRateLimitCounter:
    """Counts hits per (bucket, client, window) in ``rate_limit_windows``."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._pruned_before = 0
        self._lock = threading.Lock()

    def hit(self, bucket: str, client_hash: str, window_start: int) -> int | None:
        """The client's hits in this window, this one included; None when the database was too busy to count."""
        values = {"bucket": bucket, "client_hash": client_hash, "window_start": window_start, "hits": 1}
        dialect: Any = sqlite if self.engine.dialect.name == "sqlite" else postgresql
        statement = dialect.insert(rate_limit_windows).values(**values)
        statement = statement.on_conflict_do_update(
            index_elements=["bucket", "client_hash", "window_start"],
            set_={"hits": rate_limit_windows.c.hits + 1},
        ).returning(rate_limit_windows.c.hits)
        try:
            with self.engine.begin() as connection:
                hits = int(connection.execute(statement).scalar_one())
        except OperationalError:
            # A locked SQLite file (or a lost connection): let the request through rather than fail or stall it.
            log.warning("rate limit not counted: the database was busy")
            return None
        self._prune(window_start)
        return hits

    def _prune(self, window_start: int) -> None:
        """Delete windows that ended before this one began, once per new window per process."""
        with self._lock:
            if window_start <= self._pruned_before:
                return
            self._pruned_before = window_start
        try:
            with self.engine.begin() as connection:
                connection.execute(delete(rate_limit_windows).where(rate_limit_windows.c.window_start < window_start))
        except OperationalError:
            log.warning("old rate-limit windows not pruned: the database was busy")


_COUNTERS: dict[str, SqlRateLimitCounter] = {}
_COUNTERS_LOCK = threading.Lock()


def counter_for(url: str) -> SqlRateLimitCounter:
    """The counter for the database at ``url`` (one per URL per process); the schema must be migrated."""
    with _COUNTERS_LOCK:
        counter = _COUNTERS.get(url)
        if counter is None:
            counter = _COUNTERS[url] = SqlRateLimitCounter(_engine(url))
        return counter


def forget_counters() -> None:
    """Drop the cached counters and their SQLite engines (tests switch databases)."""
    with _COUNTERS_LOCK:
        for counter in _COUNTERS.values():
            counter.engine.dispose()
        _COUNTERS.clear()


def _engine(url: str) -> Engine:
    if not is_sqlite(url):
        # A count may be lost in a crash, so the commit does not wait for the WAL flush: 8 ms -> well under 1 ms a
        # request on a busy machine (benchmarks/wire.py). Its own pool, so no other work runs without durability.
        # No pre-ping: a dropped connection fails one count open, and the pool replaces it.
        return create_engine(url, connect_args={"options": "-c synchronous_commit=off"}, pool_size=5, max_overflow=10)
    # Its own small pool with a short busy timeout: the shared engine waits 30 s for the write lock.
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": SQLITE_WAIT_SECONDS})
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine
