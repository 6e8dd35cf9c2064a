"""How ``recoverynav serve`` runs uvicorn in production: graceful shutdown, one log formatter, shared metrics.

Usage::

    uvicorn.run("recoverynav.app:create_app", factory=True, host=..., port=..., **server_options())

- On SIGTERM (``docker stop``, a rolling deploy) uvicorn stops accepting connections, lets requests in flight
  finish for up to ``RECOVERYNAV_SHUTDOWN_GRACE_SECONDS`` (then closes them) and exits; a load balancer's
  health check sees the closed port and sends traffic elsewhere.
- Every log line goes through :mod:`recoverynav.logs` (``RECOVERYNAV_LOG_FORMAT``); uvicorn's access log, which
  prints query strings, stays off (``recoverynav.access`` logs route templates).
- With metrics on, the workers' shared Prometheus folder is prepared before any worker starts.
"""

from __future__ import annotations

from typing import Any

__all__ = ["server_options"]


def server_options(level: str = "INFO") -> dict[str, Any]:
    """The keyword arguments ``serve`` passes to ``uvicorn.run`` beside the app, host, port and workers."""
    from recoverynav.logs import log_config
    from recoverynav.metrics import multiprocess_dir
    from recoverynav.settings import get_settings

    multiprocess_dir()
    return {
        "log_config": log_config(level),
        "access_log": False,
        "timeout_graceful_shutdown": get_settings().shutdown_grace_seconds,
    }
