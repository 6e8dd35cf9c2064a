"""Operations endpoints for a load balancer and a monitoring system: ``/readyz`` and ``/metrics``.

``/healthz`` (in ``app.py``) says the process answers; ``/readyz`` says it can serve: the database (and the read
replica, when configured) answers within a few seconds and its schema is at the newest migration. A load
balancer sends traffic only to ready servers. ``/metrics`` is Prometheus' text format, behind a bearer token
(``RECOVERYNAV_METRICS_TOKEN``); without one it answers 404.
"""

from __future__ import annotations

import hmac

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from recoverynav import __version__
from recoverynav.web.deps import database_problem, settings

router = APIRouter(include_in_schema=False, tags=["operations"])

# A database slower than this to say "SELECT revision" is as good as down for a load balancer.
READY_TIMEOUT_SECONDS = 3.0
_NO_STORE = {"Cache-Control": "no-store"}


@router.get("/readyz")
async def readyz() -> JSONResponse:
    """200 ``{"status": "ready"}``, or 503 ``{"status": "not ready", "reason": ...}`` (with ``Retry-After``)."""
    problem: str | None
    try:
        with anyio.fail_after(READY_TIMEOUT_SECONDS):
            problem = await anyio.to_thread.run_sync(database_problem, abandon_on_cancel=True)
    except TimeoutError:
        problem = f"database: no answer within {READY_TIMEOUT_SECONDS:g} s"
    if problem is not None:
        headers = {**_NO_STORE, "Retry-After": "5"}
        return JSONResponse({"status": "not ready", "reason": problem}, status_code=503, headers=headers)
    return JSONResponse({"status": "ready", "version": __version__}, headers=_NO_STORE)


@router.get("/metrics")
def metrics(request: Request) -> Response:
    """Prometheus metrics for a scraper bearing ``Authorization: Bearer <RECOVERYNAV_METRICS_TOKEN>``."""
    token = settings().metrics_token
    if token is None:
        return JSONResponse({"detail": "Not Found"}, status_code=404, headers=_NO_STORE)
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    expected = token.get_secret_value().encode("utf-8")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode("utf-8", "replace"), expected):
        headers = {**_NO_STORE, "WWW-Authenticate": 'Bearer realm="metrics"'}
        return JSONResponse({"detail": "metrics need Authorization: Bearer <token>"}, status_code=401, headers=headers)
    from recoverynav.metrics import exposition

    body, content_type = exposition()
    return Response(body, media_type=content_type, headers=_NO_STORE)
