"""/coverage in Chromium with JavaScript off (#17): choose, submit, read the cited answer, follow the finder link."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_the_guide_works_without_javascript_and_its_link_finds_programs(no_js_page: Page, live_server: str) -> None:
    no_js_page.goto(f"{live_server}/coverage")
    no_js_page.get_by_label("Medicaid", exact=True).check()
    no_js_page.get_by_label("Your state").select_option("VA")
    no_js_page.get_by_role("button", name="Show what it covers").click()
    assert no_js_page.url.endswith("#answer-heading")
    expect(no_js_page.get_by_role("heading", level=2, name="Medicaid in Virginia")).to_be_visible()
    expect(no_js_page.locator("#medicaid-expansion")).to_contain_text("January 1, 2019")
    first_mark = no_js_page.locator("sup.cite a").first
    target = first_mark.get_attribute("href")
    assert target is not None and no_js_page.locator(target).count() == 1
    no_js_page.get_by_role("link", name="I have Medicaid: programs in Virginia").click()
    expect(no_js_page.get_by_role("heading", level=2).first).to_contain_text(re.compile(r"^[1-9]\d* facilit"))
    expect(no_js_page.locator("ol.facilities > li").first).to_be_visible()
