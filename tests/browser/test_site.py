"""The whole site in Chromium: every page the navigation links (and a few result pages) at phone and desktop widths.

One h1 per page, the emergency box with a tel: link before the main content, no sideways scrolling at 320 px,
a menu that works without JavaScript, and axe-core finding nothing serious or critical.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from recoverynav.web.navigation import CAPABILITIES
from tests.browser.conftest import WIDTH_RULES, serious_axe_violations
from tests.pages import every_page

pytestmark = pytest.mark.browser

EXTRA = ["/find?near=22902", "/substances/baclofen", "/check?substances=baclofen,alcohol"]
PAGES = ["/", *(c.path for c in CAPABILITIES), *EXTRA]


def _audit_c_result(page: Page, base: str) -> None:
    page.goto(f"{base}/screening/audit-c")
    for question, answer in (("1. How often", "Monthly or less"), ("2. How many", "3 or 4"), ("3. How often", "Never")):
        page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()
    page.get_by_role("button", name="See my result").click()


def _treatment_result(page: Page, base: str) -> None:
    page.goto(f"{base}/treatment/assess")
    page.fill("#substances", "baclofen, alcohol")
    page.locator("form.questionnaire button[type=submit]").click()


ROUTED = frozenset(every_page())  # the pages test_accessibility checks with axe
RESULTS: dict[str, Callable[[Page, str], None]] = {
    "screening result": _audit_c_result,
    "treatment result": _treatment_result,
}


@pytest.fixture(params=[320, 1280], ids=lambda w: f"{w}px")
def sized_page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    width: int = request.param
    context = browser.new_context(viewport={"width": width, "height": 800})
    yield context.new_page()
    context.close()


def _open(page: Page, base: str, target: str) -> None:
    if target in RESULTS:
        RESULTS[target](page, base)
        page.wait_for_load_state()
    else:
        response = page.goto(base + target)
        assert response is not None and response.status == 200, target


def _check_shell(page: Page, target: str) -> None:
    expect(page.locator("h1")).to_have_count(1)
    emergency = page.get_by_role("complementary", name="Emergency help")
    tel = emergency.locator('a[href^="tel:"]').first
    expect(tel).to_be_visible()
    # In reading order and on screen, the emergency call comes before the page's own content.
    assert page.evaluate(
        """() => {
            const tel = document.querySelector('aside.emergency a[href^="tel:"]');
            const main = document.querySelector('main');
            return Boolean(tel.compareDocumentPosition(main) & Node.DOCUMENT_POSITION_FOLLOWING)
                && tel.getBoundingClientRect().bottom <= main.getBoundingClientRect().top;
        }"""
    ), target


@pytest.mark.parametrize("target", PAGES + list(RESULTS))
def test_page_shell_and_accessibility(sized_page: Page, live_server: str, target: str) -> None:
    _open(sized_page, live_server, target)
    _check_shell(sized_page, target)
    width = sized_page.viewport_size["width"] if sized_page.viewport_size else 0
    overflow = sized_page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= width, f"{target} scrolls sideways at {width} px ({overflow} px wide)"
    # test_accessibility runs axe on every page the routes list; here only on what it cannot reach (results,
    # filled-in addresses), with the same split: every rule at 1280 px, the width-dependent ones at 320 px.
    if target not in ROUTED:
        assert serious_axe_violations(sized_page, only=WIDTH_RULES if width < 1280 else ()) == [], target


def test_phone_menu_opens_without_javascript(no_js_page: Page, live_server: str) -> None:
    no_js_page.goto(f"{live_server}/screening")
    nav = no_js_page.get_by_role("navigation", name="Main")
    link = nav.get_by_role("link", name="Find treatment")
    expect(link).to_be_hidden()
    nav.get_by_text("Menu", exact=True).click()
    expect(link).to_be_visible()
    expect(nav.get_by_role("link", name="Do I have a problem?")).to_have_attribute("aria-current", "page")
    link.click()
    expect(no_js_page).to_have_url(f"{live_server}/find")


def test_desktop_shows_every_capability_in_the_header(browser: Browser, live_server: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(live_server)
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_text("Menu", exact=True)).to_be_hidden()
    for capability in CAPABILITIES:
        expect(nav.get_by_role("link", name=capability.title)).to_be_visible()
    context.close()


def test_keyboard_reaches_the_emergency_call_first(no_js_page: Page, live_server: str) -> None:
    no_js_page.goto(f"{live_server}/overdose")
    no_js_page.keyboard.press("Tab")
    assert no_js_page.evaluate("document.activeElement.textContent") == "Skip to content"
    no_js_page.keyboard.press("Tab")
    assert no_js_page.evaluate("document.activeElement.getAttribute('href')").startswith("tel:")
