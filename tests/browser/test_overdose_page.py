"""/overdose in a real browser with JavaScript off: the checklist works and the page weighs under 30 KB."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Response, expect

from tests.browser.conftest import serious_axe_violations

pytestmark = pytest.mark.browser

BUDGET = 30 * 1024


def test_overdose_page_without_javascript_under_budget(no_js_page: Page, live_server: str) -> None:
    transferred: list[int] = []

    def count(response: Response) -> None:
        transferred.append(len(response.body()))

    no_js_page.on("response", count)
    no_js_page.goto(f"{live_server}/overdose")
    call = no_js_page.get_by_role("link", name="Call 911")
    expect(call).to_have_attribute("href", "tel:911")
    first_load = sum(transferred)
    print(f"/overdose first load: {first_load} bytes in {len(transferred)} responses")
    assert first_load < BUDGET

    transferred.clear()
    no_js_page.get_by_label("Not breathing, or only gasping").check()
    no_js_page.get_by_label("Does not wake or answer when you shout and rub their chest").check()
    no_js_page.get_by_label("What did they take, if you know? (optional)").fill("baclofen")
    no_js_page.get_by_role("button", name="Update the steps").click()
    steps = no_js_page.locator("ol.steps > li")
    expect(steps.nth(0)).to_contain_text("Call 911 now")
    expect(steps.nth(1)).to_contain_text("Start CPR")
    expect(no_js_page.locator("ol.steps")).to_contain_text("no antidote")
    print(f"/overdose after the checklist: {sum(transferred)} bytes")
    assert sum(transferred) < BUDGET
    # Readable at 320 px: nothing wider than the viewport.
    width = no_js_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320


def test_overdose_page_has_no_serious_accessibility_violations(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/overdose?sign=unresponsive&sign=seizure")
    assert serious_axe_violations(page) == []


def test_on_a_phone_the_checklist_is_one_tap_from_the_call_button(no_js_page: Page, live_server: str) -> None:
    no_js_page.goto(f"{live_server}/overdose?sign=unresponsive&sign=not_breathing&substance=xanax")
    link = no_js_page.get_by_role("link", name="What do you see?")
    # On a 320 x 640 phone the link is on the first screen, just under the call button.
    box = link.bounding_box()
    call = no_js_page.locator("a.call-now").bounding_box()
    assert box is not None and call is not None
    assert call["y"] < box["y"] < 640
    link.click()
    # Without JavaScript the anchor brings the checklist itself into view.
    expect(no_js_page.get_by_label("Not breathing, or only gasping")).to_be_in_viewport()
    steps = no_js_page.locator("ol.steps")
    expect(steps).to_contain_text("Give naloxone")
