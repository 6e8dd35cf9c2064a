"""Routers skipped at once for a path they cannot hold (#21).

FastAPI (0.16x) keeps each included router as one entry of the application's route list and, for every request,
asks each entry in turn whether it matches; an entry asks each of its routes. With 45 entries that walk cost
0.25-0.55 ms per request before any handler ran (``/overdose`` 246 us, ``/healthz`` 547 us, measured in process),
as much as the whole minimal app the benchmark compares against.

A gate wraps an included router's ``matches``: a path whose first segment (``find`` in ``/find?near=…``, ``api`` in
``/api/v1/…``) is not the first segment of any of that router's routes cannot match any of them, so the answer is
"no match" without asking. A router with a route whose first segment is a parameter is never gated. The walk's
order, partial matches (a path served for another method) and trailing-slash redirects are unchanged: a gated entry
answers exactly as before whenever it could match (``tests/test_route_gates.py`` checks this over every route).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from starlette.routing import BaseRoute, Match
from starlette.types import Scope

Matches = Callable[[Scope], tuple[Match, Scope]]


def route_path(scope: Scope) -> str:
    """The path the routes see: ``path`` without a ``root_path`` the server was given (as Starlette's routing does)."""
    path: str = scope["path"]
    root: str = scope.get("root_path", "")
    if not root or not path.startswith(root):
        return path
    if path == root:
        return ""
    return path[len(root) :] if path[len(root)] == "/" else path


def first_segment(path: str) -> str:
    """``find`` for ``/find``, ``facilities`` for ``/facilities/x``, the empty string for ``/`` and ``""``."""
    return path[1:].split("/", 1)[0] if path.startswith("/") else ""


class Gate:
    """A router's own ``matches``, asked only for paths whose first segment one of its routes starts with."""

    def __init__(self, matches: Matches, segments: frozenset[str]) -> None:
        self.matches = matches
        self.segments = segments

    def __call__(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] in ("http", "websocket") and first_segment(route_path(scope)) not in self.segments:
            return Match.NONE, {}
        return self.matches(scope)


def gate(entry: BaseRoute, paths: Iterable[str]) -> bool:
    """Gate ``entry`` (one included router) by the first segments of its routes' full ``paths``; False (left as it
    is) when a route's first segment holds a parameter, so that any path might match."""
    segments = frozenset(first_segment(path) for path in paths)
    if not segments or any("{" in segment for segment in segments):
        return False
    entry.matches = Gate(entry.matches, segments)  # type: ignore[method-assign]
    return True


def include_gated(app: Any, router: Any, prefix: str = "") -> None:
    """``app.include_router(router, prefix=prefix)``, its entry gated by its routes' paths when it added exactly one
    entry whose routes all have a path (anything else is left ungated: correct, only slower)."""
    before = len(app.router.routes)
    app.include_router(router, prefix=prefix) if prefix else app.include_router(router)
    added = app.router.routes[before:]
    paths = [getattr(route, "path", None) for route in router.routes]
    if len(added) == 1 and paths and all(isinstance(path, str) for path in paths):
        gate(added[0], [prefix + str(path) for path in paths])
