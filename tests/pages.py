"""The site's public pages, discovered from the application's routes so a page added later is covered at once.

Every GET route declared to answer HTML (``response_class=HTMLResponse``) counts; path parameters get a
sample value, or ``"example"`` when this file does not know them (their not-found page is then checked).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from fastapi.datastructures import DefaultPlaceholder
from fastapi.responses import HTMLResponse
from fastapi.routing import APIRoute

from recoverynav.app import create_app

SAMPLES = {"substance_id": "baclofen", "instrument_id": "audit-c"}
# Pages whose query string changes what is drawn: results, the map, warnings, errors.
QUERIES = [
    "/find?near=22902&radius=10",
    "/find?near=Charlottesville%2C+VA&type=OP&payment=medicaid",
    "/find?near=not+a+place+at+all",
    "/check?substances=baclofen,alcohol",
    "/overdose?sign=unresponsive&sign=not_breathing&substance=xanax",
    "/no-such-page",
    "/coverage?payment=medicaid&state=VA",
    "/coverage?payment=none&state=TX",
]
# A search whose results give a real facility id for /facilities/{frid}.
FACILITY_SEARCH = "/find?near=22902&radius=25"


def _routes() -> Iterator[Any]:
    app = create_app()
    try:  # FastAPI >= 0.165 keeps included routers as branches; this walks them
        from fastapi.routing import iter_route_contexts
    except ImportError:
        yield from app.routes
    else:
        yield from iter_route_contexts(app.routes)


def html_routes() -> list[str]:
    """The path of every GET route declared to answer HTML, path parameters as ``{name}``."""
    paths = []
    for route in _routes():
        original = getattr(route, "original_route", route)
        if not isinstance(original, APIRoute) or "GET" not in (route.methods or ()):
            continue
        response_class = route.response_class
        if isinstance(response_class, DefaultPlaceholder):
            response_class = response_class.value
        if issubclass(response_class, HTMLResponse):
            paths.append(route.path)
    return sorted(set(paths))


def first_facility(html: str) -> str:
    """The first facility id linked from a results page."""
    match = re.search(r'href="/facilities/([^"]+)"', html)
    assert match, "the search found no facility: is the bundled data loaded?"
    return match[1]


def fill(path: str, facility: Callable[[], str]) -> str:
    """``path`` with each ``{parameter}`` replaced by a sample; ``facility()`` gives a real facility id."""

    def value(match: re.Match[str]) -> str:
        name = match[1].split(":")[0]
        return facility() if name == "frid" else SAMPLES.get(name, "example")

    return re.sub(r"\{([^}]+)\}", value, path)


def every_page() -> list[str]:
    """The routes to load, then the query variants."""
    return html_routes() + QUERIES
