"""create_app(): one FastAPI application that mounts the JSON API and the web pages.

Each capability adds its router module to ``API_ROUTERS`` or ``WEB_ROUTERS``; a module exposes
``router`` (a ``fastapi.APIRouter``). Routers are imported here, not at CLI start-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from fastapi import FastAPI
from fastapi.routing import APIRoute

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
    "recoverynav.api.meetings",
    "recoverynav.api.plans",
    "recoverynav.api.listing_reports",
    "recoverynav.api.staff.auth",
    "recoverynav.api.callbacks",
    "recoverynav.api.staff.cases",
    "recoverynav.api.staff.referrals",
    "recoverynav.api.staff.facility",
    "recoverynav.api.openings",
    "recoverynav.api.staff.coverage",
    "recoverynav.api.coverage_guide",
    "recoverynav.api.staff.plans",
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
    "recoverynav.web.api_docs",
    "recoverynav.web.meetings",
    "recoverynav.web.plan",
    "recoverynav.web.safer",
    "recoverynav.web.listing_reports",
    "recoverynav.web.staff.auth",
    "recoverynav.web.staff.cases",
    "recoverynav.web.staff.audit",
    "recoverynav.web.staff.referrals",
    "recoverynav.web.staff.coverage",
    "recoverynav.web.callbacks",
    "recoverynav.web.coverage",
    "recoverynav.web.staff.openings",
    "recoverynav.web.staff.plans",
    "recoverynav.web.operations",  # /readyz and /metrics (#21)
)


API_PREFIX = "/api/v1"


@dataclass(frozen=True)
class RouteEntry:
    """One route as served: its full path template, methods and the FastAPI route (for its parameters)."""

    path: str
    methods: frozenset[str]
    route: APIRoute

    @property
    def is_api(self) -> bool:
        # Everything under /api/ (the docs page too) answers errors in JSON, as the error renderer does.
        return self.path.startswith("/api/")


def route_entries() -> list[RouteEntry]:
    """Every API and page route with its full path, read from the router modules (what the access log names)."""
    entries: list[RouteEntry] = []
    for prefix, names in ((API_PREFIX, API_ROUTERS), ("", WEB_ROUTERS)):
        for name in names:
            for route in import_module(name).router.routes:
                if isinstance(route, APIRoute):
                    entries.append(RouteEntry(prefix + route.path, frozenset(route.methods or ()), route))
    return entries


def create_app() -> FastAPI:
    """Build the application: API under ``/api/v1``, pages at the root, ``/healthz`` for load balancers."""
    from recoverynav.access_log import AccessLogMiddleware
    from recoverynav.api.errors import install_error_handlers
    from recoverynav.http_policy import BodyLimitMiddleware, HeaderLimitMiddleware, NoStoreMiddleware
    from recoverynav.rate_limits import RateLimitMiddleware
    from recoverynav.route_gates import include_gated
    from recoverynav.web.errors import error_page
    from recoverynav.web.security_headers import SecurityHeadersMiddleware
    from recoverynav.web.static_files import STATIC_DIR, StaticAssets
    from recoverynav.wire import CompressionMiddleware, ETagMiddleware, HeadMiddleware

    app = FastAPI(
        title="recoverynav",
        version=__version__,
        summary="Cited drug knowledge, combination risk, overdose first aid, screening and treatment finding.",
        docs_url=None,  # /api/docs is recoverynav.web.api_docs: Swagger UI from /static, no CDN
        redoc_url=None,
    )
    # Each router is skipped at once for a path none of its routes can match (route_gates.py).
    for name in API_ROUTERS:
        include_gated(app, import_module(name).router, prefix=API_PREFIX)
    for name in WEB_ROUTERS:
        include_gated(app, import_module(name).router)
    app.mount("/static", StaticAssets(directory=STATIC_DIR), name="static")
    # JSON errors under /api/, HTML pages (with the emergency box) everywhere else.
    install_error_handlers(app, page=error_page)
    # Outermost last: the access log sees every answer, no-store covers errors the body limit raises.
    app.add_middleware(BodyLimitMiddleware)
    from recoverynav.web.staff.session import PRE_COOKIE, SESSION_COOKIE

    app.add_middleware(NoStoreMiddleware, credential_cookies=(SESSION_COOKIE, PRE_COOKIE))
    # The wire (#21), inside out: compress, then tag the bytes sent (ETag sees no-store), count, HEAD as GET.
    app.add_middleware(CompressionMiddleware)
    app.add_middleware(ETagMiddleware)
    app.add_middleware(RateLimitMiddleware, page=error_page)
    app.add_middleware(HeadMiddleware)
    app.add_middleware(HeaderLimitMiddleware, page=error_page)
    app.add_middleware(SecurityHeadersMiddleware)
    templates = [entry.path for entry in route_entries()]
    from recoverynav.metrics import request_observer

    app.add_middleware(
        AccessLogMiddleware, templates=[*templates, "/healthz", "/static/{path:path}"], observe=request_observer()
    )

    @app.get("/healthz", tags=["operations"], include_in_schema=False)
    def healthz() -> dict[str, str]:
        """Liveness for load balancers."""
        return {"status": "ok", "version": __version__}

    return app
