"""Reporting a wrong listing in Chromium: with JavaScript off the form, thank-you page and notice work; axe clean."""

from __future__ import annotations

from playwright.sync_api import Browser, Page

from tests.browser.conftest import serious_axe_violations

# Dual Recovery Center, Charlottesville (bundled 2019 locator sample).
FRID = "ee31ad430968d2781bccb5deccc2cbc34ca36a4a52ac19e913454582acf70dd6"
SCRIPT = "<script>document.title='x'</script> no detox"


def _send_report(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/facilities/{FRID}")
    page.get_by_label("The services listed are wrong").check()
    page.get_by_label("Details (optional, up to 1,000 characters)").fill(SCRIPT)
    page.get_by_role("button", name="Send report").click()
    page.wait_for_load_state()


def test_report_a_wrong_listing_without_javascript(no_js_page: Page, live_server: str) -> None:
    _send_report(no_js_page, live_server)
    assert no_js_page.get_by_role("heading", name="Thank you").is_visible()
    assert no_js_page.locator(".report-details").inner_text() == SCRIPT
    no_js_page.goto(f"{live_server}/facilities/{FRID}")
    assert "Reported as possibly out of date on" in no_js_page.content()


def test_report_pages_have_no_serious_accessibility_violations(browser: Browser, live_server: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_server}/facilities/{FRID}")
    assert serious_axe_violations(page) == []
    _send_report(page, live_server)
    assert page.title() != "x" and serious_axe_violations(page) == []
    context.close()
