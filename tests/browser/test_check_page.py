"""/check in a real browser: the form works without JavaScript, results lead with the strictest finding, the
call-now alert shows for major risks, citations reach their references, TripSit is credited, axe finds nothing."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import serious_axe_violations
from tests.names import unlisted_typo, urgent_pair

pytestmark = pytest.mark.browser


def test_form_without_javascript_shows_a_major_finding_and_the_call_now_alert(
    no_js_page: Page, live_server: str
) -> None:
    no_js_page.goto(f"{live_server}/check")
    no_js_page.get_by_label("What was taken?").fill("baclofen\nalcohol")
    no_js_page.get_by_role("button", name="Check the combination").click()
    expect(no_js_page.get_by_role("heading", level=2, name="Result: alcohol + baclofen")).to_be_visible()
    # On a phone the result would sit below the form: the submission lands on it.
    assert no_js_page.url.endswith("#h-result")
    alert = no_js_page.locator(".check-urgent")
    expect(alert).to_be_visible()
    expect(alert.get_by_role("link", name="911")).to_have_attribute("href", "tel:911")
    first = no_js_page.locator("article.finding").first
    expect(first.get_by_role("heading", level=3)).to_contain_text("Major")
    expect(first).to_contain_text("CNS and respiratory depression")
    expect(first.get_by_role("heading", name="What to do")).to_be_visible()
    expect(no_js_page.get_by_label("What was taken?")).to_have_value("baclofen\nalcohol")


def test_findings_are_ordered_by_severity_and_citations_reach_references(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/check?substances=phenelzine,sertraline,alcohol")
    headings = page.locator("article.finding h3").all_inner_texts()
    order = ["Contraindicated", "Major", "Moderate", "Minor", "None known"]
    ranks = [next(i for i, s in enumerate(order) if h.endswith(s)) for h in headings]
    assert ranks == sorted(ranks) and ranks[0] == 0
    cite = page.locator("sup.cite a").first
    target = cite.get_attribute("href")
    assert target is not None and target.startswith("#ref-")
    cite.click()
    expect(page.locator(target).get_by_role("link")).to_have_attribute("href", re.compile(r"^https?://"))


def test_tripsit_is_credited_where_its_rating_is_shown(page: Page, live_server: str) -> None:
    page.goto(f"{live_server}/check?substances=oxycodone,xanax")
    expect(page.get_by_text("TripSit rates this combination")).to_be_visible()
    expect(page.locator(".credit").get_by_role("link", name="TripSit/drugs")).to_be_visible()


def test_unknown_name_offers_suggestions_that_rerun_the_check(no_js_page: Page, live_server: str) -> None:
    no_js_page.goto(f"{live_server}/check?substances=alcohol,qqqzzzx")
    expect(no_js_page.get_by_role("alert")).to_contain_text("“qqqzzzx”")
    expect(no_js_page.get_by_role("alert")).to_contain_text("Known so far: alcohol.")


def test_known_names_show_with_the_call_now_alert_and_a_suggestion_reruns(no_js_page: Page, live_server: str) -> None:
    """An unknown name never hides the known ones; "did you mean" re-runs the check, no JavaScript needed (#11)."""
    first, second = urgent_pair()
    typo = unlisted_typo(second)
    no_js_page.goto(f"{live_server}/check")
    no_js_page.get_by_label("What was taken?").fill(f"{first}\n{second}\n{typo}\nqqqzzzx")
    no_js_page.get_by_role("button", name="Check the combination").click()
    expect(no_js_page.locator(".check-urgent")).to_be_visible()
    box = no_js_page.locator(".unknown-names")
    expect(box.get_by_role("heading", name="Unknown names: not checked")).to_be_visible()
    expect(box).to_contain_text("“qqqzzzx”")
    box.get_by_role("link", name=second, exact=True).click()
    expect(no_js_page.get_by_role("heading", level=2, name=re.compile(re.escape(second)))).to_be_visible()
    expect(no_js_page.locator(".check-urgent")).to_be_visible()
    expect(no_js_page.locator(".unknown-names")).to_contain_text("“qqqzzzx”")
    expect(no_js_page.locator(".unknown-names")).not_to_contain_text(typo)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?substances=baclofen,alcohol,xanax",
        "?substances=oxycodone,xanax",
        "?substances=oxycodone,xanax,qqqzzzx",
        "?substances=alcohol,qqqzzzx",
    ],
)
def test_check_page_has_no_serious_accessibility_violations(page: Page, live_server: str, query: str) -> None:
    page.goto(f"{live_server}/check{query}")
    assert serious_axe_violations(page) == []
