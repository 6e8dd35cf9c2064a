"""Issue #18's walk, as a visitor does it on the real bundled data: search near a real ZIP, add two results to
compare, read them side by side, follow "Report a wrong listing" for one, send a report with a script tag in it and
see the confirmation, escaped. Axe (serious and critical rules) is clean on every page visited.

It runs twice: with JavaScript on, and with JavaScript off, where every step must work as plain forms and links.
Axe is itself JavaScript, so in the JavaScript-off walk each page's HTML, exactly as served and never scripted, is
checked by axe in a second, scripted tab at the same address.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Dialog, Page, expect

from tests.browser.conftest import serious_axe_violations

pytestmark = pytest.mark.browser

ZIP = "22902"  # Charlottesville, VA: the bundled 2019 locator sample has listings here.
DETAILS = "<script>alert(1)</script> They stopped taking new patients."
# Executable script elements; the escaped report text (&lt;script&gt;) never matches.
SCRIPTS = re.compile(r"<script\b(?![^>]*application/json)[^>]*>.*?</script>", re.DOTALL | re.IGNORECASE)


@pytest.fixture()
def axe_tab(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    yield context.new_page()
    context.close()


def _walk(page: Page, live_server: str, check_axe: Callable[[Page], None]) -> None:
    dialogs: list[str] = []

    def record(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", record)

    # 1. Search near a real ZIP code, from the empty find form.
    page.goto(f"{live_server}/find")
    check_axe(page)
    page.get_by_label("ZIP code, or city and state").fill(ZIP)
    page.get_by_role("button", name="Find treatment").click()
    names = page.locator("ol.facilities h3 a")
    expect(names.nth(1)).to_be_visible()
    check_axe(page)

    # 2. Tick "Add to compare" on the first two results and send the form.
    chosen = [names.nth(i).inner_text() for i in range(2)]
    boxes = page.get_by_label("Add to compare")
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.get_by_role("button", name="Compare the checked facilities").click()

    # 3. The compare page: both facilities side by side, with the medication sign and distance rows.
    expect(page.get_by_role("heading", level=1)).to_have_text("Compare facilities")
    assert page.url.startswith(f"{live_server}/facilities/compare?") and page.url.count("frid=") == 2
    table = page.locator("table.compare")
    for name in chosen:
        expect(table.get_by_role("columnheader", name=name).first).to_be_visible()
    expect(table.get_by_role("rowheader", name="Medication for opioid use disorder on site")).to_be_visible()
    expect(table.get_by_role("rowheader", name="Distance")).to_be_visible()
    check_axe(page)

    # 4. Follow "Report a wrong listing" for the second facility: it lands on that listing's report form.
    table.get_by_role("link", name=f"Report a wrong listing: {chosen[1]}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(chosen[1])
    assert page.url.endswith("#report-heading")
    check_axe(page)

    # 5. Send a report whose details hold a script tag.
    page.get_by_label("The place has closed").check()
    page.get_by_label("Details (optional, up to 1,000 characters)").fill(DETAILS)
    page.get_by_role("button", name="Send report").click()

    # 6. The confirmation shows the details as text: stored and shown escaped, never run.
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    expect(page.locator(".report-details")).to_have_text(DETAILS)
    assert page.locator(".report-details script").count() == 0
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.content()
    check_axe(page)

    # 7. Back on the listing, the open report is flagged.
    page.get_by_role("link", name="Back to the listing").click()
    expect(page.get_by_text("Reported as possibly out of date on")).to_be_visible()
    assert dialogs == []


def test_search_compare_and_report_with_javascript(page: Page, live_server: str) -> None:
    def check_axe(visited: Page) -> None:
        assert serious_axe_violations(visited) == [], visited.url

    _walk(page, live_server, check_axe)


def test_search_compare_and_report_without_javascript(no_js_page: Page, axe_tab: Page, live_server: str) -> None:
    def check_axe(visited: Page) -> None:
        # The DOM a browser without JavaScript shows, its script elements dropped, checked in a scripted tab
        # opened on the same site (a GET of the report's POST address would not be the same page).
        html = SCRIPTS.sub("", visited.content())
        axe_tab.goto(f"{live_server}/find")
        axe_tab.set_content(html)
        assert serious_axe_violations(axe_tab) == [], visited.url

    _walk(no_js_page, live_server, check_axe)
