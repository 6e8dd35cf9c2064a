"""create_app(): one FastAPI application that mounts the JSON API and the web pages.

Each capability adds its router module to ``API_ROUTERS`` or ``WEB_ROUTERS``; a module exposes
``router`` (a ``fastapi.APIRouter``). Routers are imported here, not at CLI start-up.
"""

from __future__ import annotations

from importlib import import_module

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from recoverynav import __version__

# JSON API, served under /api/v1.
API_ROUTERS: tuple[str, ...] = (
    "recoverynav.api.substances",
    "recoverynav.api.compare",  # before facilities: /facilities/compare is not a facility id
    "recoverynav.api.facilities",
    "recoverynav.api.overdose",
    "recoverynav.api.interactions",
    "recoverynav.api.placement",
    "recoverynav.api.screening",
)

# Server-rendered pages.
WEB_ROUTERS: tuple[str, ...] = (
    "recoverynav.web.home",
    "recoverynav.web.substances",
    "recoverynav.web.overdose",
    "recoverynav.web.check",
    "recoverynav.web.compare",  # before find: /facilities/compare and /facilities/quality are not facility ids
    "recoverynav.web.find",
    "recoverynav.web.treatment",
    "recoverynav.web.screening",
)


def create_app() -> FastAPI:
    """Build the application: API under ``/api/v1``, pages at the root, ``/healthz`` for load balancers."""
    from recoverynav.access_log import AccessLogMiddleware
    from recoverynav.api.errors import install_error_handlers
    from recoverynav.web.rendering import STATIC_DIR

    app = FastAPI(
        title="recoverynav",
        version=__version__,
        summary="Cited drug knowledge, combination risk, overdose first aid, screening and treatment finding.",
        docs_url="/api/docs",
        redoc_url=None,
    )
    for name in API_ROUTERS:
        app.include_router(import_module(name).router, prefix="/api/v1")
    for name in WEB_ROUTERS:
        app.include_router(import_module(name).router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    install_error_handlers(app)
    app.add_middleware(AccessLogMiddleware)

    @app.get("/healthz", tags=["operations"], include_in_schema=False)
    def healthz() -> dict[str, str]:
        """Liveness for load balancers."""
        return {"status": "ok", "version": __version__}

    return app
