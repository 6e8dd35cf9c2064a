"""/find in Chromium: the list and the Leaflet map with markers; with JavaScript off, the list alone; axe clean.

Map tiles come from the network and fail offline; the test only needs Leaflet's container and markers.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import serious_axe_violations

pytestmark = pytest.mark.browser

SEARCH = "/find?near=22902&radius=10&payment=none"


def test_find_shows_list_and_map_with_markers(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}{SEARCH}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Find treatment near you")
    cards = page.locator("ol.facilities > li")
    expect(cards.first).to_be_visible()
    count = cards.count()
    assert count > 0
    map_box = page.locator("#find-map")
    expect(map_box).to_be_visible()
    expect(map_box).to_have_class(re.compile(r"\bleaflet-container\b"))
    markers = page.locator("#find-map .leaflet-marker-icon")
    expect(markers.first).to_be_attached()
    # Facilities at one address share a marker.
    assert 0 < markers.count() <= count
    first_link = cards.first.locator("h3 a")
    expect(first_link).to_have_attribute("href", re.compile(r"^/facilities/"))


def test_marker_popup_links_to_the_facility(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}{SEARCH}")
    page.locator("#find-map .leaflet-marker-icon").first.click()
    popup_link = page.locator(".leaflet-popup-content a")
    expect(popup_link).to_be_visible()
    href = popup_link.get_attribute("href")
    assert href is not None and href.startswith("/facilities/")


def test_find_without_javascript_still_lists_facilities(no_js_page: Page, live_server: str) -> None:
    no_js_page.goto(f"{live_server}/find")
    no_js_page.get_by_label("ZIP code, or city and state").fill("22902")
    no_js_page.get_by_label("Within").select_option("10")
    no_js_page.get_by_label("I have no insurance").check()
    no_js_page.get_by_role("button", name="Find treatment").click()
    expect(no_js_page.get_by_role("heading", level=2).first).to_contain_text("within 10 miles of 22902")
    # The long form would push results below the fold on a phone: the search lands on them.
    assert no_js_page.url.endswith("#results-heading")
    expect(no_js_page.locator("ol.facilities > li").first).to_be_visible()
    expect(no_js_page.locator("#find-map")).to_be_hidden()
    first = no_js_page.locator("ol.facilities h3 a").first
    first.click()
    expect(no_js_page.get_by_role("heading", name="Services", exact=True)).to_be_visible()


@pytest.mark.parametrize("path", ["/find", SEARCH])
def test_find_has_no_serious_accessibility_violations(page: Page, live_server: str, path: str) -> None:
    page.goto(f"{live_server}{path}")
    assert serious_axe_violations(page) == []


def test_facility_page_has_a_map_point_and_no_serious_accessibility_violations(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}{SEARCH}")
    page.locator("ol.facilities h3 a").first.click()
    expect(page.locator("#find-map .leaflet-marker-icon")).to_have_count(1)
    assert serious_axe_violations(page) == []
