"""Gated routers (``route_gates.py``, #21) answer every path exactly as they would ungated.

A gate may only say "no match" where the router itself would: checked for every gated router over every route's
own path (parameters filled in), each with and without a trailing slash and under a server ``root_path``, and over
random paths built from the routes' own words and stray ones, for every method.
"""

from __future__ import annotations

import re
from functools import cache

from fastapi import FastAPI
from hypothesis import given, settings
from hypothesis import strategies as st
from starlette.routing import BaseRoute, Match
from starlette.types import Scope

from recoverynav.app import create_app, route_entries
from recoverynav.route_gates import Gate, first_segment, route_path

METHODS = ("GET", "POST", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS")


@cache
def _app() -> FastAPI:
    return create_app()


def _gated() -> list[tuple[BaseRoute, Gate]]:
    entries = [(route, route.__dict__.get("matches")) for route in _app().router.routes]
    return [(route, gate) for route, gate in entries if isinstance(gate, Gate)]


def _scope(path: str, method: str, root: str = "") -> Scope:
    scope: Scope = {"type": "http", "path": root + path, "root_path": root, "method": method, "headers": []}
    scope["query_string"] = b""
    return scope


def _same(scope: Scope) -> None:
    for route, gate in _gated():
        gated, _ = gate(dict(scope))
        own, _ = gate.matches(dict(scope))
        assert gated == own, (scope["method"], scope["path"], scope["root_path"], route)


def _filled(template: str) -> list[str]:
    """A route's path with its parameters filled in a few ways (a word, a number, a frid-like id, a path)."""
    return [re.sub(r"\{[^}]+\}", value, template) for value in ("x", "123", "CA-1234-ab", "a/b")]


@cache
def _words() -> list[str]:
    words = {segment for entry in route_entries() for segment in entry.path.split("/") if "{" not in segment}
    return sorted(words | {"", "x", "api", "v1", "v2", "static", "healthz", "..", "%2F", "ñ", "API", "Find"})


def test_most_routers_are_gated() -> None:
    """The walk is short only while routers are gated (a router whose first segment is a parameter never is)."""
    assert len(_gated()) >= 0.8 * len([r for r in _app().router.routes if type(r).__name__ == "_IncludedRouter"])


def test_every_route_path_is_answered_as_ungated() -> None:
    paths = [p for entry in route_entries() for p in _filled(entry.path)] + ["/", "", "/healthz", "/static/style.css"]
    for path in paths:
        for variant in {path, path.rstrip("/") or "/", path + "/"}:
            # GET, POST and one method no route here serves; the random test below tries every method.
            for method in ("GET", "POST", "PATCH"):
                _same(_scope(variant, method))
                _same(_scope(variant, method, root="/recoverynav"))


def test_a_gate_still_lets_its_own_routes_through() -> None:
    """Each gated router still matches its own routes (a gate that said "no" to everything would pass the rest)."""
    for entry in route_entries():
        method = sorted(entry.methods)[0]
        path = _filled(entry.path)[0]
        results = [route.matches(_scope(path, method))[0] for route in _app().router.routes]
        assert Match.FULL in results, (method, entry.path)


@settings(max_examples=400, deadline=None)
@given(
    segments=st.lists(st.sampled_from(_words()) | st.text(max_size=6), max_size=4),
    slash=st.booleans(),
    method=st.sampled_from(METHODS),
    root=st.sampled_from(["", "/recoverynav", "/find"]),
)
def test_any_path_is_answered_as_ungated(segments: list[str], slash: bool, method: str, root: str) -> None:
    path = "/" + "/".join(segments) + ("/" if slash and segments else "")
    _same(_scope(path, method, root=root))


def test_route_path_and_first_segment() -> None:
    assert route_path(_scope("/find", "GET")) == "/find"
    assert route_path(_scope("/find", "GET", root="/rn")) == "/find"
    assert route_path({"path": "/rn", "root_path": "/rn"}) == ""
    assert route_path({"path": "/rnx/find", "root_path": "/rn"}) == "/rnx/find"
    assert [first_segment(p) for p in ("/find", "/facilities/x", "/", "", "/api/v1/x")] == [
        "find",
        "facilities",
        "",
        "",
        "api",
    ]
