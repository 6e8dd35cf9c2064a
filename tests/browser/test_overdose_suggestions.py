"""/overdose with JavaScript off: a name no monograph lists is unknown, and "did you mean" re-runs the same signs
with the confirmed name (#11)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import serious_axe_violations
from tests.names import unlisted_typo, urgent_pair

pytestmark = pytest.mark.browser


def test_did_you_mean_reruns_the_signs_with_the_confirmed_name(no_js_page: Page, live_server: str) -> None:
    opioid, _ = urgent_pair()
    typo = unlisted_typo(opioid)
    no_js_page.goto(f"{live_server}/overdose")
    no_js_page.get_by_label("Does not wake or answer when you shout and rub their chest").check()
    no_js_page.get_by_label("What did they take, if you know? (optional)").fill(typo)
    no_js_page.get_by_role("button", name="Update the steps").click()
    # Naloxone whatever was named; the question comes after the steps.
    expect(no_js_page.locator("ol.steps li#naloxone")).to_be_visible()
    box = no_js_page.locator(".unknown-names")
    expect(box).to_contain_text(f"“{typo}”")
    box.get_by_role("link", name=opioid, exact=True).click()
    assert no_js_page.url.endswith("#steps")
    expect(no_js_page.get_by_label("Does not wake or answer when you shout and rub their chest")).to_be_checked()
    expect(no_js_page.get_by_label("What did they take, if you know? (optional)")).to_have_value(opioid)
    expect(no_js_page.locator(".unknown-names")).to_have_count(0)
    expect(no_js_page.locator("ol.steps li#naloxone")).to_be_visible()


def test_the_question_has_no_serious_accessibility_violations(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/overdose?sign=unresponsive&substance={unlisted_typo(urgent_pair()[0])}")
    assert serious_axe_violations(page) == []
