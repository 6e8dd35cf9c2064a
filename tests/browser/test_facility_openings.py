"""Openings in Chromium (#16): facility A signs in (password and TOTP code), posts its openings with the plain
form; a visitor in another browser context sees them on the public listing with their age; facility B, in a
third context, sees only its own listing and gets the 404 page for A's. axe finds nothing serious."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Browser, Page, expect

from recoverynav.directory.repository import ImportRun
from recoverynav.storage.unit_of_work import UnitOfWork
from recoverynav.wiring import back_office_engine
from tests.browser.conftest import serious_axe_violations
from tests.browser.test_staff_cases import _sign_in
from tests.facility_databases import facility
from tests.staff_accounts import make_staff

pytestmark = pytest.mark.browser


def _listings() -> tuple[tuple[str, str], tuple[str, str]]:
    tag = uuid.uuid4().hex[:8]
    named = ((f"br-open-a-{tag}", f"Alpha Recovery {tag}"), (f"br-open-b-{tag}", f"Beta House {tag}"))
    # Real-looking (not demo) listings far out at sea, so no finder search of another test meets them.
    sites = [facility(frid, 36.5, -62.0, name=name, synthetic=False, codes=["SA", "DT"]) for frid, name in named]
    with UnitOfWork(back_office_engine()) as uow:
        uow.facilities.upsert(sites, ImportRun(dataset=f"browser-{tag}", source_name="t", sha256=tag * 8, rows=2))
        uow.commit()
    return named


def _axe_clean(page: Page) -> None:
    assert serious_axe_violations(page) == [], page.url


def test_a_facility_posts_openings_the_public_sees_them_and_b_cannot_touch_them(
    browser: Browser, live_server: str
) -> None:
    (a_frid, a_name), (b_frid, b_name) = _listings()
    facility_a = browser.new_context(viewport={"width": 1280, "height": 900})
    visitor = browser.new_context(viewport={"width": 390, "height": 844})
    facility_b = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = facility_a.new_page()
        _sign_in(page, live_server, make_staff("facility", facilities=(a_frid,)))
        nav = page.get_by_role("navigation", name="Back office")
        expect(nav.get_by_role("link", name="Case queue")).to_have_count(0)
        nav.get_by_role("link", name="Our openings").click()
        expect(page.get_by_role("heading", level=2, name=a_name)).to_be_visible()
        _axe_clean(page)
        detox = "Detox (supervised withdrawal)"
        page.get_by_role("spinbutton", name=f"{detox} open places", exact=True).fill("3")
        page.get_by_role("checkbox", name=f"{detox} taking new patients", exact=True).check()
        page.get_by_role("spinbutton", name=f"{detox} waitlist", exact=True).fill("2")
        page.get_by_role("button", name=f"Save openings for {a_name}").click()
        expect(page.locator("#saved")).to_be_visible()
        expect(page.get_by_role("spinbutton", name=f"{detox} open places", exact=True)).to_have_value("3")
        _axe_clean(page)

        public = visitor.new_page()
        public.goto(f"{live_server}/facilities/{a_frid}")
        openings = public.locator("ul.openings")
        expect(openings).to_contain_text("Detox (supervised withdrawal): 3 open, taking new patients, waitlist 2")
        expect(openings).to_contain_text(re.compile(r"updated (just now|1 minute ago)"))
        expect(public.locator("li.opening.stale")).to_have_count(0)
        _axe_clean(public)

        other = facility_b.new_page()
        _sign_in(other, live_server, make_staff("facility", facilities=(b_frid,)))
        other.goto(f"{live_server}/staff/facility/openings")
        expect(other.get_by_role("heading", level=2, name=b_name)).to_be_visible()
        expect(other.get_by_text(a_name)).to_have_count(0)
        token = other.locator('input[name="csrf_token"]').first.get_attribute("value")
        forged = other.request.post(
            f"{live_server}/staff/facility/openings/{a_frid}", form={"csrf_token": token or "", "DT_slots": "0"}
        )
        assert forged.status == 404
        public.reload()
        expect(public.locator("ul.openings")).to_contain_text("3 open")
    finally:
        for context in (facility_a, visitor, facility_b):
            context.close()
