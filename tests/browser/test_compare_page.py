"""Search -> add two facilities to compare -> the compare page; axe clean on every page.

The compare control is a plain GET form (no JavaScript needed; tests/web/test_compare.py checks the markup), but
axe itself runs as JavaScript, so the walk runs with JavaScript on.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import serious_axe_violations

pytestmark = pytest.mark.browser


def test_search_add_two_to_compare_and_read_them_side_by_side(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/find")
    page.get_by_label("ZIP code, or city and state").fill("22902")
    page.get_by_role("button", name="Find treatment").click()
    boxes = page.get_by_label("Add to compare")
    expect(boxes.first).to_be_visible()
    assert serious_axe_violations(page) == []
    names = [page.locator("ol.facilities h3 a").nth(i).inner_text() for i in range(2)]
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.get_by_role("button", name="Compare the checked facilities").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Compare facilities")
    table = page.locator("table.compare")
    for name in names:
        expect(table.get_by_role("columnheader", name=name).first).to_be_visible()
    expect(table.get_by_role("rowheader", name="Distance")).to_be_visible()
    expect(table.get_by_role("rowheader", name="Medication for opioid use disorder on site")).to_be_visible()
    assert serious_axe_violations(page) == []


def test_facility_page_signs_questions_and_method_are_axe_clean(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/find?near=22902&radius=10")
    page.locator("ol.facilities h3 a").first.click()
    expect(page.get_by_role("table", name="Signs of quality")).to_be_visible()
    assert serious_axe_violations(page) == []
    page.get_by_role("link", name="Questions to ask before you go").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Questions to ask before you go")
    page.get_by_label("Type of care").select_option("DT")
    page.get_by_role("button", name="Show my questions").click()
    expect(page.locator("#q-detox_next")).to_be_visible()
    assert serious_axe_violations(page) == []
    page.goto(f"{live_server}/facilities/quality")
    expect(page.locator("#sign-moud")).to_be_visible()
    assert serious_axe_violations(page) == []


def test_compare_with_others_from_a_facility_page_without_javascript(no_js_page: Page, live_server: str) -> None:
    """A facility page's "Compare with others" lands on nearby results with it already ticked; one more box compares."""
    page = no_js_page
    page.goto(f"{live_server}/find?near=22902&radius=10")
    first = page.locator("ol.facilities h3 a").nth(1)
    name = first.inner_text()
    first.click()
    page.get_by_role("link", name="Compare with others").click()
    ticked = page.locator('input[name="frid"]:checked')
    expect(ticked).to_have_count(1)
    unticked = page.locator('ol.facilities input[name="frid"]:not(:checked)')
    other = unticked.first.get_attribute("id") or ""
    page.locator(f'label[for="{other}"]').click()
    page.get_by_role("button", name="Compare the checked facilities").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Compare facilities")
    table = page.locator("table.compare")
    expect(table.get_by_role("columnheader", name=name).first).to_be_visible()
    expect(table.locator("thead th")).to_have_count(2)
