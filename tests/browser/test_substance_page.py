"""The baclofen article in a real browser: citations work and axe finds nothing serious."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import serious_axe_violations

pytestmark = pytest.mark.browser


def test_baclofen_article_citation_link_reaches_its_reference(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/substances/baclofen")
    expect(page.get_by_role("heading", level=1)).to_have_text("Baclofen")
    expect(page.get_by_role("navigation", name="On this page")).to_be_visible()
    emergency = page.get_by_role("complementary", name="Emergency help")
    expect(emergency.get_by_role("link", name="911")).to_have_attribute("href", "tel:911")

    first_cite = page.locator("sup.cite a").first
    target = first_cite.get_attribute("href")
    assert target is not None and target.startswith("#ref-")
    first_cite.click()
    assert page.url.endswith(target)
    reference = page.locator(target)
    expect(reference).to_be_visible()
    expect(reference.get_by_role("link")).to_have_attribute("href", re.compile(r"^https://"))


def test_baclofen_article_has_no_serious_accessibility_violations(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/substances/baclofen")
    assert serious_axe_violations(page) == []


def test_substance_search_box_finds_a_brand_without_javascript(no_js_page: Page, live_server: str) -> None:
    no_js_page.goto(f"{live_server}/substances")
    no_js_page.get_by_label("Find a drug by any name").fill("Lioresal")
    no_js_page.get_by_role("button", name="Search").click()
    expect(no_js_page.get_by_role("heading", level=1)).to_have_text("Baclofen")
