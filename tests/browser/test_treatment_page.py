"""The treatment questionnaire in a real browser, with JavaScript off, and axe finds nothing serious."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import serious_axe_violations

pytestmark = pytest.mark.browser


def _answer_high_risk(page: Page) -> None:
    page.get_by_label("Which drugs or medicines?").fill("baclofen, alcohol")
    page.get_by_role("group", name="Used every day, or nearly every day?").get_by_label("Yes").check()
    page.get_by_label("Daily dose of a prescribed medicine, in mg").fill("300")
    page.get_by_role("group", name="Ever had a seizure").get_by_label("Yes").check()
    page.get_by_label("Town or ZIP code").fill("22902")
    page.get_by_role("button", name="See the suggestion").click()


def test_assessment_works_without_javascript(no_js_page: Page, live_server: str) -> None:
    no_js_page.goto(f"{live_server}/treatment/assess")
    _answer_high_risk(no_js_page)
    expect(no_js_page.get_by_role("heading", level=1)).to_have_text("Suggestion: Detox (withdrawal management)")
    link = no_js_page.get_by_role("link", name="Find places that offer this near 22902")
    expect(link).to_have_attribute("href", "/find?code=DT&code=HI&near=22902")
    expect(no_js_page.get_by_text("baclofen and alcohol").first).to_be_visible()


def test_assessment_result_has_no_serious_accessibility_violations(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/treatment/assess")
    assert serious_axe_violations(page) == []
    _answer_high_risk(page)
    expect(page.get_by_role("heading", level=2, name="Why this suggestion")).to_be_visible()
    assert serious_axe_violations(page) == []


def test_options_guide_has_no_serious_accessibility_violations(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/treatment")
    expect(page.get_by_role("heading", level=1)).to_have_text("Which treatment? The options explained")
    assert serious_axe_violations(page) == []


def test_urgent_help_comes_first(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/treatment/assess")
    page.get_by_label("Which drugs or medicines?").fill("alcohol")
    page.get_by_label("Yes, with a plan").check()
    page.get_by_role("button", name="See the suggestion").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Get help now")
    expect(page.get_by_role("alert").get_by_role("link", name="988 Suicide & Crisis Lifeline: 988")).to_be_visible()


def test_pump_advice_leads_and_has_no_serious_accessibility_violations(page: Page, live_server: str) -> None:
    """#11: a baclofen pump user sees the pump advice first, never a detox suggestion."""
    page.goto(f"{live_server}/treatment/assess")
    page.get_by_label("Which drugs or medicines?").fill("baclofen")
    page.get_by_role("group", name="A baclofen pump").get_by_label("Yes").check()
    page.get_by_role("button", name="See the suggestion").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Baclofen pump: never let it run dry")
    expect(page.get_by_role("heading", level=2, name="Also suggested")).not_to_contain_text("Detox")
    assert serious_axe_violations(page) == []
