"""#16 "Done when" in Chromium, with separate browser contexts: a consultant records a consent and refers one case
to three facilities; facility A's account sees its referral and accepts; facility B's account cannot see A's
referral; the case moves to accepted, the disclosure ledger lists three disclosures with the § 2.32 notice, and the
audit chain verifies. axe finds nothing serious on the new screens."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import text

from recoverynav.backoffice import Actor, Caller, CaseDraft, move_case, open_case
from recoverynav.storage.backoffice.audit import verify_stored_chain
from recoverynav.storage.unit_of_work import UnitOfWork
from recoverynav.wiring import back_office_engine
from tests.browser.test_staff_cases import _axe_clean, _sign_in
from tests.staff_accounts import make_staff

pytestmark = pytest.mark.browser
NAME = "Wilhelmina Crowe"


def _shortlisted_case(owner: str) -> str:
    actor = Actor(id=owner, role="consultant")
    now = datetime.now(UTC)
    with UnitOfWork(back_office_engine()) as uow:
        case, _ = open_case(uow, actor, CaseDraft(caller=Caller(nickname="Wil")), now=now)
    for to in ("screened", "level_suggested", "shortlisted"):
        with UnitOfWork(back_office_engine()) as uow:
            move_case(uow, actor, case.id, to, now=now)
    return case.id


def _three_listings() -> list[str]:
    with back_office_engine().connect() as conn:
        return [row[0] for row in conn.execute(text("SELECT frid FROM facilities ORDER BY frid LIMIT 3"))]


def _new_page(browser: Browser) -> Page:
    return browser.new_context(viewport={"width": 1024, "height": 900}).new_page()


def test_refer_to_three_facility_a_accepts_b_sees_only_its_own(browser: Browser, live_server: str) -> None:
    frids = _three_listings()
    assert len(frids) == 3
    consultant = make_staff("consultant")
    case_id = _shortlisted_case(consultant.id)

    staff = _new_page(browser)
    _sign_in(staff, live_server, consultant)
    staff.goto(f"{live_server}/staff/cases/{case_id}")
    staff.get_by_role("link", name="Consent, referrals and disclosures").click()
    _axe_clean(staff)
    staff.get_by_label("Your name").fill(NAME)
    staff.get_by_label("Who may receive it").fill("\n".join(frids))
    staff.get_by_label("When this consent ends: a date").fill("2099-01-01")
    staff.get_by_label("Typed their name").check()
    staff.get_by_label("Signed by", exact=True).fill(NAME)
    staff.get_by_role("button", name="Record the consent").click()
    expect(staff.locator("#consents")).to_contain_text("in force")
    for frid in frids:
        staff.get_by_label(frid, exact=True).check()
    staff.get_by_label("Message to the facilities").fill("Ready to start this week")
    staff.get_by_role("button", name="Send the referrals").click()
    expect(staff.locator("#referrals tbody tr")).to_have_count(3)
    expect(staff.locator("#case-status")).to_have_text("referred")
    _axe_clean(staff)

    facility_a = _new_page(browser)
    _sign_in(facility_a, live_server, make_staff("facility", facilities=(frids[0],)))
    facility_a.get_by_role("navigation", name="Back office").get_by_role("link", name="Referrals to us").click()
    referrals_a = facility_a.locator("article.referral")
    expect(referrals_a).to_have_count(1)
    expect(referrals_a).to_contain_text(NAME)
    expect(referrals_a).to_contain_text("42 CFR 2.32 notice")
    referral_a = (referrals_a.get_attribute("id") or "").removeprefix("referral-")
    _axe_clean(facility_a)

    facility_b = _new_page(browser)
    _sign_in(facility_b, live_server, make_staff("facility", facilities=(frids[1],)))
    facility_b.goto(f"{live_server}/staff/facility/referrals")
    expect(facility_b.locator("article.referral")).to_have_count(1)
    assert referral_a and referral_a not in facility_b.content()
    assert facility_b.locator(f"#referral-{referral_a}").count() == 0

    facility_a.get_by_label("Accept").check()
    facility_a.get_by_role("button", name="Send the answer").click()
    expect(facility_a.locator("article.referral .status")).to_have_text("(accepted)")

    staff.reload()
    expect(staff.locator("#case-status")).to_have_text("accepted")
    expect(staff.locator(f'#referrals tr[data-frid="{frids[0]}"] .status')).to_have_text("accepted")
    staff.get_by_role("link", name="Disclosures (printable for the patient)").click()
    expect(staff.locator("#disclosures tbody tr")).to_have_count(3)
    expect(staff.locator(".notice").first).to_contain_text("This record which has been disclosed to you")
    _axe_clean(staff)
    assert NAME not in staff.url and NAME not in facility_a.url
    assert verify_stored_chain(back_office_engine()).holds
    for page in (staff, facility_a, facility_b):
        page.context.close()
