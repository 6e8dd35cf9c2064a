"""AUDIT-C in a real browser: fill the form, read the result, download the FHIR file; axe finds nothing serious."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import serious_axe_violations

pytestmark = pytest.mark.browser


def _fill_audit_c(page: Page) -> None:
    page.get_by_role("group", name="Sex").get_by_label("Female").check()
    page.get_by_role("group", name="1. How often do you have a drink containing alcohol?").get_by_label(
        "Monthly or less"
    ).check()
    page.get_by_role("group", name="2. How many drinks").get_by_label("3 or 4").check()
    page.get_by_role("group", name="3. How often do you have six or more drinks").get_by_label(
        "Less than monthly"
    ).check()
    page.get_by_role("button", name="See my result").click()


def test_audit_c_form_gives_the_womens_cut_off_result(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/screening/audit-c")
    assert serious_axe_violations(page) == []
    _fill_audit_c(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your AUDIT-C result")
    expect(page.locator("#score")).to_have_text("3")
    expect(page.get_by_role("heading", level=2, name="Positive (women, 3 or more)")).to_be_visible()
    expect(page.get_by_role("link", name="Take the full 10-question AUDIT")).to_have_attribute(
        "href", "/screening/audit"
    )
    assert serious_axe_violations(page) == []
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the FHIR file (JSON)").click()
    bundle = json.loads(info.value.path().read_text(encoding="utf-8"))
    assert bundle["resourceType"] == "Bundle"
    assert bundle["entry"][2]["resource"]["code"]["coding"][0]["code"] == "75626-2"


def test_audit_c_works_without_javascript(no_js_page: Page, live_server: str) -> None:
    no_js_page.goto(f"{live_server}/screening/audit-c")
    _fill_audit_c(no_js_page)
    expect(no_js_page.locator("#score")).to_have_text("3")
    expect(no_js_page.locator("#meaning")).to_contain_text("at or above the cut-off")


def test_screening_index_has_no_serious_accessibility_violations(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/screening")
    expect(page.get_by_role("heading", level=1)).to_have_text("Do I have a problem?")
    assert serious_axe_violations(page) == []


@pytest.mark.parametrize("instrument", ["taps", "ciwa-ar", "dsm5-sud"])
def test_long_forms_have_no_serious_accessibility_violations(page: Page, live_server: str, instrument: str) -> None:
    page.goto(f"{live_server}/screening/{instrument}")
    expect(page.get_by_role("heading", name="Copyright and permission")).to_be_visible()
    assert serious_axe_violations(page) == []
