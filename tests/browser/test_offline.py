"""Nothing sent to a third party: every page in Chromium with the network limited to the test server.

The pages come from the application's own routes (every GET route that answers HTML), so a page added later is
covered without editing this file. Each page must load without a Content-Security-Policy violation and
without asking any other host for anything; ``/api/docs`` must render the operations from vendored files.
"""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Route, expect

from recoverynav.app import create_app
from recoverynav.settings import get_settings
from tests.browser.test_site import RESULTS
from tests.pages import FACILITY_SEARCH, every_page, fill, first_facility, html_routes

pytestmark = pytest.mark.browser

# Records what the page did; the init script runs before any page script, whatever the page's policy.
LISTEN = """document.addEventListener("securitypolicyviolation", (e) => {
  (window.__violations = window.__violations || []).push(e.violatedDirective + " " + e.blockedURI);
});"""


def _first_facility(base: str) -> str:
    with urllib.request.urlopen(base + FACILITY_SEARCH) as response:
        return first_facility(response.read().decode())


@dataclass
class Watch:
    """What a page did that it must not: requests to other hosts, policy violations, console refusals."""

    server: str
    foreign: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)

    def route(self, route: Route) -> None:
        url = route.request.url
        if urlsplit(url).netloc == urlsplit(self.server).netloc or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()

    def console(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or message.text.startswith("Refused to"):
            self.refused.append(message.text)

    def check(self, page: Page, target: str) -> None:
        page.wait_for_load_state("networkidle")
        violations = page.evaluate("window.__violations || []")
        assert self.foreign == [], f"{target} asked other hosts: {self.foreign}"
        assert violations == [] and self.refused == [], f"{target} broke the CSP: {violations} {self.refused}"


@pytest.fixture()
def watched(browser: Browser, live_server: str) -> Iterator[tuple[Page, Watch]]:
    watch = Watch(live_server)
    context: BrowserContext = browser.new_context(viewport={"width": 1280, "height": 800})
    context.route("**/*", watch.route)
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.on("console", watch.console)
    yield page, watch
    context.close()


def test_routes_are_discovered() -> None:
    # The discovery itself: the site's known pages are among them, the JSON API is not.
    routes = html_routes()
    assert {"/", "/find", "/facilities/{frid}", "/overdose", "/api/docs"} <= set(routes)
    assert not any(path.startswith("/api/v1") for path in routes)


@pytest.mark.parametrize("target", every_page() + list(RESULTS))
def test_page_sends_nothing_to_a_third_party_and_passes_the_csp(
    watched: tuple[Page, Watch], live_server: str, target: str
) -> None:
    page, watch = watched
    if target in RESULTS:
        RESULTS[target](page, live_server)
    else:
        response = page.goto(live_server + fill(target, lambda: _first_facility(live_server)))
        assert response is not None and response.status < 500, target
        policy = response.headers.get("content-security-policy", "")
        assert "default-src 'self'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
    watch.check(page, target)


def test_map_draws_state_outlines_and_markers_without_tiles(watched: tuple[Page, Watch], live_server: str) -> None:
    page, watch = watched
    page.goto(f"{live_server}/find?near=22902&radius=10")
    expect(page.locator("#find-map .leaflet-marker-icon").first).to_be_visible()
    # The outlines are SVG paths in their own pane; no tile layer, no privacy note (nothing leaves the server).
    expect(page.locator("#find-map .leaflet-outlines-pane path").first).to_be_attached()
    assert page.locator("#find-map .leaflet-outlines-pane path").count() > 40
    expect(page.locator("#find-map .leaflet-tile")).to_have_count(0)
    expect(page.locator("#find-map-note")).to_have_count(0)
    watch.check(page, "/find with the default map")


@pytest.fixture()
def tiles_on(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    # The live server reads settings per request, so this turns tiles on for it too.
    monkeypatch.setenv("RECOVERYNAV_MAP_TILE_URL", "https://{s}.tiles.example.org/{z}/{x}/{y}.png")
    monkeypatch.setenv("RECOVERYNAV_MAP_TILE_ATTRIBUTION", "Example tiles")
    get_settings.cache_clear()
    yield "tiles.example.org"
    get_settings.cache_clear()


def test_tiles_come_only_when_the_operator_sets_them_with_a_privacy_note(
    watched: tuple[Page, Watch], live_server: str, tiles_on: str
) -> None:
    page, watch = watched
    response = page.goto(f"{live_server}/find?near=22902&radius=10")
    assert response is not None
    assert f"img-src 'self' data: https://*.{tiles_on}" in response.headers["content-security-policy"]
    note = page.locator("#find-map-note")
    expect(note).to_be_visible()
    expect(note).to_contain_text(tiles_on)
    page.wait_for_load_state("networkidle")
    # The policy lets the tile requests through (the test aborts them, as it aborts every other host).
    assert watch.foreign and all(urlsplit(url).hostname.endswith(tiles_on) for url in watch.foreign)  # type: ignore[union-attr]
    assert page.evaluate("window.__violations || []") == [] and watch.refused == []


def test_api_docs_render_every_operation_offline(watched: tuple[Page, Watch], live_server: str) -> None:
    page, watch = watched
    page.goto(f"{live_server}/api/docs")
    operations = [
        (method, path)
        for path, items in create_app().openapi()["paths"].items()
        for method in items
        if method in {"get", "post", "put", "patch", "delete"}
    ]
    blocks = page.locator(".opblock-summary")
    expect(blocks.first).to_be_visible()
    expect(blocks).to_have_count(len(operations))
    shown = page.locator(".opblock-summary-path").evaluate_all("els => els.map((e) => e.dataset.path)")
    assert sorted(shown) == sorted(path for _, path in operations)
    watch.check(page, "/api/docs")
