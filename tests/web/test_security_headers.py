"""Security headers on every response, and page markup the Content-Security-Policy allows, on every page.

The browser layer (tests/browser/test_offline.py) proves the same in Chromium; this layer names the markup at
fault. Pages come from the application's routes (tests/pages.py), so new pages are checked without edits here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from recoverynav.settings import Settings, get_settings, tile_origin
from recoverynav.web.security_headers import SecurityHeadersMiddleware, content_security_policy, security_headers
from recoverynav.web.static_files import static_url
from tests.pages import FACILITY_SEARCH, every_page, fill, first_facility, html_routes

# A CSP host-source we accept from a tile URL: scheme, host (a wildcard only as the first label), port.
CSP_SOURCE = re.compile(r"https?://(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:\d{1,5})?")
# Tags whose URL attribute loads something into the page (links a person follows are not loads).
LOADS = {("script", "src"), ("img", "src"), ("link", "href"), ("iframe", "src"), ("source", "src"), ("embed", "src")}


def _url(client: TestClient, target: str) -> str:
    return fill(target, lambda: first_facility(client.get(FACILITY_SEARCH).text))


class PolicyBreaches(HTMLParser):
    """Markup a strict policy would refuse: inline or handler script, style attributes and elements, other hosts."""

    def __init__(self) -> None:
        super().__init__()
        self.breaches: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.breaches.append(f"<{tag} {name}=...> is an inline event handler")
            if name == "style":
                self.breaches.append(f"<{tag} style={value!r}> is an inline style")
            local = value is not None and (value.startswith(("/", "data:")) and not value.startswith("//"))
            if (tag, name) in LOADS and value and not local:
                self.breaches.append(f"<{tag} {name}={value!r}> loads from another host")
            if name in {"href", "action", "src"} and (value or "").strip().lower().startswith("javascript:"):
                self.breaches.append(f"<{tag} {name}={value!r}> is a javascript: URL")
        if tag in {"style", "base", "object"}:
            self.breaches.append(f"<{tag}> element")
        if tag == "script":
            self._in_script = "src" not in values and values.get("type") != "application/json"

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.breaches.append(f"inline script: {data.strip()[:60]!r}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False


@pytest.mark.parametrize(
    "target",
    [*every_page(), "/api/v1/substances", "/api/v1/substances/no-such-thing", "/openapi.json", "/static/style.css"],
)
def test_every_response_carries_the_security_headers(client: TestClient, target: str) -> None:
    response = client.get(_url(client, target))
    for name, value in security_headers(None).items():
        assert response.headers.get(name) == value, (target, name)


@pytest.mark.parametrize("target", every_page())
def test_page_markup_is_allowed_by_the_policy(client: TestClient, target: str) -> None:
    response = client.get(_url(client, target), headers={"accept": "text/html,*/*;q=0.8"})
    # An unknown path may answer JSON (nothing there for the policy to refuse); every declared page is HTML.
    html = response.headers["content-type"].startswith("text/html")
    assert html or target not in html_routes(), target
    parser = PolicyBreaches()
    parser.feed(response.text)
    assert parser.breaches == [], target


def test_the_parser_finds_each_kind_of_breach() -> None:
    parser = PolicyBreaches()
    parser.feed(
        '<script>alert(1)</script><a href="javascript:x()" onclick="y()">a</a><p style="color:red">b</p>'
        '<style>p{}</style><img src="https://tiles.example.org/1.png"><script src="//cdn.example.org/x.js"></script>'
        '<script type="application/json">{"ok": true}</script><script src="/static/find-map.js"></script>'
    )
    assert len(parser.breaches) == 7


def test_the_policy_allows_nothing_inline_and_no_other_host() -> None:
    policy = dict(part.split(" ", 1) for part in content_security_policy().split("; "))
    assert policy["default-src"] == policy["script-src"] == policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert "unsafe" not in content_security_policy() and "http" not in content_security_policy()


def test_api_docs_load_only_vendored_files_and_redoc_is_off(client: TestClient) -> None:
    html = client.get("/api/docs").text
    assert re.findall(r'(?:src|href)="([^"]+)"', html) == [
        static_url("vendor/swagger-ui/swagger-ui.css"),
        static_url("vendor/swagger-ui/favicon-32x32.png"),
        "/openapi.json",
        static_url("vendor/swagger-ui/swagger-ui-bundle.js"),
        static_url("api-docs.js"),
    ]
    assert client.get(static_url("vendor/swagger-ui/swagger-ui-bundle.js")).status_code == 200
    assert client.get("/api/redoc").status_code == 404


def test_a_route_s_own_header_is_kept() -> None:
    def own(request: Request) -> PlainTextResponse:
        return PlainTextResponse("x", headers={"Referrer-Policy": "same-origin"})

    app = SecurityHeadersMiddleware(Starlette(routes=[Route("/", own)]))
    with TestClient(app) as test_client:
        response = test_client.get("/")
    assert response.headers["referrer-policy"] == "same-origin"
    assert response.headers["x-content-type-options"] == "nosniff"


# --- map tiles: off by default, an operator's choice with a privacy note ---


@pytest.fixture()
def tiles(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("RECOVERYNAV_MAP_TILE_URL", "https://{s}.tiles.example.org/{z}/{x}/{y}.png")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_by_default_the_map_uses_outlines_and_names_no_tile_server(client: TestClient) -> None:
    assert Settings().map_tile_url == ""
    html = client.get("/find?near=22902&radius=10").text
    outlines = static_url("vendor/us-atlas/states-10m.json")
    assert f'data-outlines="{outlines}"' in html
    assert "data-tile-url" not in html and 'id="find-map-note"' not in html
    assert client.get(outlines).status_code == 200


def test_tiles_set_by_the_operator_are_allowed_and_explained(client: TestClient, tiles: None) -> None:
    response = client.get("/find?near=22902&radius=10")
    assert "img-src 'self' data: https://*.tiles.example.org;" in response.headers["content-security-policy"]
    assert 'data-tile-url="https://{s}.tiles.example.org/{z}/{x}/{y}.png"' in response.text
    note = re.search(r'<p id="find-map-note"[^>]*>(.*?)</p>', response.text, re.S)
    assert note and "tiles.example.org" in note[1] and "where you are looking" in note[1]
    facility = client.get(_url(client, "/facilities/{frid}")).text
    assert 'id="find-map-note"' in facility


@pytest.mark.parametrize(
    "bad",
    [
        "javascript:alert(1)",
        "ftp://tiles.example.org/{z}/{x}/{y}.png",
        "https://tiles.example.org/{z}/{x}.png",
        "https://tiles.example.org;script-src */{z}/{x}/{y}",
        'https://tiles.example.org/{z}/{x}/{y}" onload="x()',
        "https://a.{s}.example.org/{z}/{x}/{y}",
        "//tiles.example.org/{z}/{x}/{y}",
    ],
)
def test_an_unusable_tile_url_is_refused_naming_the_setting(bad: str) -> None:
    with pytest.raises(ValidationError, match="map_tile_url"):
        Settings(map_tile_url=bad)


@given(st.text(max_size=80))
def test_a_tile_origin_is_always_a_plain_csp_source(text: str) -> None:
    origin = tile_origin(text)
    assert origin is None or CSP_SOURCE.fullmatch(origin), origin


_label = st.from_regex(r"[a-z0-9][a-z0-9-]{0,10}", fullmatch=True)


@given(
    st.sampled_from(["http", "https"]),
    st.lists(_label, min_size=1, max_size=4),
    st.booleans(),
    st.one_of(st.none(), st.integers(1, 65535)),
)
def test_a_tile_origin_is_the_template_s_scheme_and_host(
    scheme: str, labels: list[str], subdomains: bool, port: int | None
) -> None:
    host = ("{s}." if subdomains else "") + ".".join(labels) + (f":{port}" if port else "")
    origin = tile_origin(f"{scheme}://{host}/tiles/{{z}}/{{x}}/{{y}}.png?key=abc")
    assert origin == f"{scheme}://{host.replace('{s}', '*')}"
