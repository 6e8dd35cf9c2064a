"""Prometheus metrics: requests by route template and status, their latency, database connections in use.

Off unless ``RECOVERYNAV_METRICS_TOKEN`` is set (then nothing is counted and nothing imported). Labels are route
templates (``/facilities/{frid}``, ``-`` when no route matched), methods and status codes: never a concrete path,
a query string or anything a person typed, exactly as the access log (:mod:`recoverynav.access_log`).

Several workers (``recoverynav serve --workers N``): one scrape reaches one worker, so each worker's own counters
would jump between scrapes. ``recoverynav serve`` therefore runs prometheus_client's multiprocess mode: every
worker writes its values to files in ``PROMETHEUS_MULTIPROC_DIR`` (a fresh temporary folder unless the operator
names one) and a scrape of any worker answers the sum over all of them. Several machines are several scrape
targets, as Prometheus expects (one ``instance`` label each).

Usage::

    observer = request_observer()          # None when metrics are off
    observer("GET", "/find", 200, 0.012)   # what the access log middleware calls after each answer
    body, content_type = exposition()      # what GET /metrics answers
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from prometheus_client import CollectorRegistry

__all__ = ["MULTIPROC_ENV", "Observer", "exposition", "multiprocess_dir", "request_observer"]

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
# Seconds; from a cached page (~2 ms) to a slow import-time search; the 0.1 s p99 target is a bucket edge.
BUCKETS = (0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

Observer = Callable[[str, str, int, float], None]


class _Metrics:
    def __init__(self) -> None:
        from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

        self.registry = CollectorRegistry(auto_describe=True)
        labels = ("method", "route", "status")
        self.requests = Counter("recoverynav_http_requests", "HTTP requests answered", labels, registry=self.registry)
        self.latency = Histogram(
            "recoverynav_http_request_duration_seconds",
            "Time from the request's arrival to the end of its answer",
            labels,
            buckets=BUCKETS,
            registry=self.registry,
        )
        self.in_use = Gauge(
            "recoverynav_db_connections_in_use",
            "Pooled database connections checked out (database: primary or read)",
            ("database",),
            multiprocess_mode="livesum",
            registry=self.registry,
        )
        self.checkouts = Counter(
            "recoverynav_db_checkouts", "Pooled database connections handed out", ("database",), registry=self.registry
        )
        # Each label set's counter and histogram, found once (labels() takes a lock and builds a key each call).
        self.children: dict[tuple[str, str, int], tuple[Any, Any]] = {}
        self.watched: set[int] = set()
        self.pools_pending = True

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        children = self.children.get((method, route, status))
        if children is None:  # a bounded set: known methods, route templates, status codes
            code = str(status)
            children = self.requests.labels(method, route, code), self.latency.labels(method, route, code)
            self.children[(method, route, status)] = children
        children[0].inc()
        children[1].observe(seconds)
        if self.pools_pending:  # until every configured database's pool is watched
            self.watch_pools()

    def watch_pools(self) -> None:
        """Count checkouts of the primary's and the read replica's pools (once each engine exists)."""
        import sys

        if "recoverynav.storage.engine" not in sys.modules:
            return  # no database used yet in this process: no pool to watch
        from sqlalchemy import event

        from recoverynav.settings import get_settings
        from recoverynav.storage.engine import existing_engine

        settings = get_settings()
        pending = False
        for role, url in (("primary", settings.resolved_database_url), ("read", settings.database_read_url)):
            engine = existing_engine(url) if url else None
            pending = pending or (url is not None and engine is None)
            if engine is None or id(engine) in self.watched:
                continue
            self.watched.add(id(engine))
            event.listen(engine, "checkout", self._checkout(role))
            event.listen(engine, "checkin", self._checkin(role))
        self.pools_pending = pending

    def _checkout(self, role: str) -> Callable[..., None]:
        def checkout(_dbapi: Any, record: Any, _proxy: Any) -> None:
            record.info["recoverynav_metrics"] = True
            self.in_use.labels(role).inc()
            self.checkouts.labels(role).inc()

        return checkout

    def _checkin(self, role: str) -> Callable[..., None]:
        def checkin(_dbapi: Any, record: Any) -> None:
            # Only connections counted out are counted back (one may have been out when watching began).
            if record is not None and record.info.pop("recoverynav_metrics", False):
                self.in_use.labels(role).dec()

        return checkin


_LOCK = threading.Lock()
_METRICS: _Metrics | None = None


def _metrics() -> _Metrics:
    global _METRICS
    with _LOCK:
        if _METRICS is None:
            _METRICS = _Metrics()
            if os.environ.get(MULTIPROC_ENV):
                import atexit

                from prometheus_client import multiprocess

                # A process that exits through Python's exit takes its connections-in-use gauge file with it. A
                # worker of ``--workers N`` ends with os._exit (no atexit): its file stays, holding 0 once its
                # requests finished (every connection checked back in); ``serve`` empties the folder on start.
                atexit.register(multiprocess.mark_process_dead, os.getpid())
        return _METRICS


def request_observer() -> Observer | None:
    """The function the access log middleware calls per answer, or None while metrics are off."""
    from recoverynav.settings import get_settings

    if get_settings().metrics_token is None:
        return None
    return _metrics().observe


def exposition() -> tuple[bytes, str]:
    """The Prometheus text format: this process's metrics, or every worker's summed in multiprocess mode."""
    from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

    registry: CollectorRegistry = _metrics().registry
    if os.environ.get(MULTIPROC_ENV):
        from prometheus_client import CollectorRegistry
        from prometheus_client.multiprocess import MultiProcessCollector

        registry = CollectorRegistry()
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return generate_latest(registry), CONTENT_TYPE_LATEST


def multiprocess_dir() -> Path | None:
    """Before workers start: the folder every worker writes its metrics to, emptied (None while metrics are off).

    ``PROMETHEUS_MULTIPROC_DIR`` when the operator set it (the image does), else a new temporary folder. Values a
    previous run left there are removed: prometheus_client requires the folder empty when the workers start.
    """
    from recoverynav.settings import get_settings

    if get_settings().metrics_token is None:
        return None
    named = os.environ.get(MULTIPROC_ENV)
    if named:
        folder = Path(named)
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.glob("*.db"):
            stale.unlink()
    else:
        import tempfile

        folder = Path(tempfile.mkdtemp(prefix="recoverynav-metrics-"))
        os.environ[MULTIPROC_ENV] = str(folder)
    return folder
