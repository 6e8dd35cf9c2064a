"""The back office in Chromium (#15 "Done when"): sign in with a TOTP code, take a callback request from the queue,
screen with AUDIT-C, record the suggestion, move the case to shortlisted, sign out; the idle timeout and a forged
form are refused; axe finds nothing serious on any staff screen.

The ``__Host-`` cookie is ``Secure``. The live server speaks plain http on 127.0.0.1, and Chromium (like Firefox
and the cookie RFC 6265bis draft) treats loopback origins as potentially trustworthy, so it keeps and sends Secure
cookies there: the test runs the real cookie with no relaxed setting in the app. ``test_the_cookie_is_the_secure_one``
proves the browser really holds the ``__Host-`` cookie with its attributes, so the walk cannot pass on a weaker one.
"""

from __future__ import annotations

import re
import time
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from sqlalchemy import update

from recoverynav.backoffice.totp import totp
from recoverynav.storage.backoffice.staff import staff_sessions
from recoverynav.wiring import back_office_engine
from tests.browser.conftest import serious_axe_violations
from tests.staff_accounts import Staff, make_staff

pytestmark = pytest.mark.browser


def _axe_clean(page: Page) -> None:
    assert serious_axe_violations(page) == [], page.url


def _sign_in(page: Page, base: str, staff: Staff) -> None:
    page.goto(f"{base}/staff/login")
    _axe_clean(page)
    page.get_by_label("E-mail").fill(staff.email)
    page.get_by_label("Password").fill(staff.password)
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(f"{base}/staff/login/code")
    _axe_clean(page)
    # The code computed from the secret, as an authenticator app does (RFC 6238).
    page.get_by_label("Code").fill(totp(staff.secret, at=time.time()))
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{base}/staff")
    _axe_clean(page)


def _phone() -> str:
    n = uuid.uuid4().int
    return f"267-{200 + n % 700:03d}-01{n // 700 % 100:02d}"


def test_take_a_callback_screen_suggest_shortlist_and_sign_out(
    page: Page, context: BrowserContext, live_server: str
) -> None:
    # The caller's side: a "call me back" request through the public form.
    page.goto(f"{live_server}/callback")
    page.get_by_label("A name we may ask for").fill("Robin")
    page.get_by_label("Phone number to call").fill(_phone())
    page.get_by_label("I agree that the helpline calls").check()
    page.get_by_role("button", name="Ask for a call back").click()
    reference = page.locator("#callback-reference").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", reference)

    staff = make_staff("consultant")
    _sign_in(page, live_server, staff)
    page.get_by_role("navigation", name="Back office").get_by_role("link", name="Case queue").click()
    _axe_clean(page)
    open_cases = page.get_by_role("table", name="New callback requests first, then newest first")
    expect(open_cases.get_by_role("row").nth(1)).to_contain_text(reference)  # first after the header row
    open_cases.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Case {reference}")
    expect(page.get_by_text("Robin")).to_be_visible()
    _axe_clean(page)
    page.get_by_role("button", name="Take this case").click()
    expect(page.get_by_role("button", name="Take this case")).to_have_count(0)

    page.get_by_role("link", name="AUDIT-C").click()
    _axe_clean(page)
    page.get_by_role("group", name="Sex").get_by_label("Female").check()
    page.get_by_role("group", name="1. How often do you have a drink containing alcohol?").get_by_label(
        "Monthly or less"
    ).check()
    page.get_by_role("group", name="2. How many drinks").get_by_label("3 or 4").check()
    page.get_by_role("group", name="3. How often do you have six or more drinks").get_by_label(
        "Less than monthly"
    ).check()
    page.get_by_role("button", name="Record the result").click()
    expect(page.locator("#screenings")).to_contain_text("3 of 12")

    page.get_by_role("link", name="Suggest a level of care").click()
    _axe_clean(page)
    page.get_by_label("Substances").fill("alcohol")
    page.get_by_role("group", name="Daily use?").get_by_label("Yes").check()
    page.get_by_label("Readiness").select_option("ready")
    page.get_by_role("button", name="Record the suggestion").click()
    expect(page.locator("#suggestion")).to_be_visible()
    expect(page.get_by_text("ASAM level")).to_be_visible()

    for state in ("screened", "level suggested", "shortlisted"):
        page.get_by_role("button", name=f"Move to {state}").click()
        expect(page.locator("#status")).to_have_text(state)
    # Only the moves the flow allows from shortlisted are offered.
    moves = page.get_by_role("button", name=re.compile("^Move to "))
    expect(moves).to_have_text(["Move to referred", "Move to closed"])
    history = page.get_by_role("table", name="Every move, oldest first")
    expect(history).to_contain_text("the caller (web)")
    expect(history.get_by_role("row")).to_have_count(5)  # header, opened, three moves
    _axe_clean(page)

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(f"{live_server}/staff/login")
    page.goto(f"{live_server}/staff/cases")
    expect(page).to_have_url(f"{live_server}/staff/login")


def test_the_cookie_is_the_secure_one(page: Page, context: BrowserContext, live_server: str) -> None:
    _sign_in(page, live_server, make_staff())
    cookies = {c["name"]: c for c in context.cookies()}
    session = cookies["__Host-rn_staff"]
    assert session["secure"] and session["httpOnly"] and session["sameSite"] == "Strict" and session["path"] == "/"


def test_an_idle_session_is_signed_out(page: Page, live_server: str) -> None:
    staff = make_staff()
    _sign_in(page, live_server, staff)
    page.goto(f"{live_server}/staff/cases")
    expect(page.get_by_role("heading", level=1)).to_have_text("Case queue")
    # Sixteen minutes of silence, set on the server's session row (the idle clock lives there).
    with back_office_engine().begin() as conn:
        conn.execute(
            update(staff_sessions)
            .where(staff_sessions.c.user_id == staff.id)
            .values(last_seen_at=datetime.now(UTC) - timedelta(minutes=16))
        )
    page.goto(f"{live_server}/staff/cases")
    expect(page).to_have_url(f"{live_server}/staff/login")


def test_a_forged_form_is_refused(page: Page, live_server: str) -> None:
    _sign_in(page, live_server, make_staff())
    page.goto(f"{live_server}/staff/cases/new")
    _axe_clean(page)
    page.get_by_label("Nickname").fill("Forged")
    page.locator('form[action="/staff/cases"] input[name="csrf_token"]').evaluate("e => e.value = 'forged-token'")
    page.get_by_role("button", name="Open the case").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Not allowed")
    expect(page.get_by_text("did not come from this site")).to_be_visible()
    _axe_clean(page)


def test_the_audit_screen_for_a_supervisor(page: Page, live_server: str) -> None:
    _sign_in(page, live_server, make_staff("supervisor"))
    page.get_by_role("link", name="Audit trail").click()
    expect(page.locator("#verdict")).to_contain_text("The hash chain holds")
    _axe_clean(page)
