"""The web sign-in: two steps without JavaScript, a __Host- cookie, CSRF on every form, timeouts, logout."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from recoverynav.app import create_app
from recoverynav.storage.backoffice.staff import staff_sessions
from recoverynav.wiring import back_office_engine
from tests.staff_accounts import Staff, make_staff


@pytest.fixture()
def browser() -> Iterator[TestClient]:
    # https: the __Host- cookie is Secure, so a client on http:// would never send it back.
    with TestClient(create_app(), base_url="https://testserver") as client:
        yield client


def csrf(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, page[:500]
    return found[1]


def sign_in(browser: TestClient, staff: Staff) -> str:
    form = browser.get("/staff/login")
    step1 = browser.post(
        "/staff/login",
        data={"email": staff.email, "password": staff.password, "csrf_token": csrf(form.text)},
        follow_redirects=False,
    )
    assert step1.status_code == 303 and step1.headers["location"] == "/staff/login/code"
    code_page = browser.get("/staff/login/code")
    step2 = browser.post(
        "/staff/login/code", data={"code": staff.code(), "csrf_token": csrf(code_page.text)}, follow_redirects=False
    )
    assert step2.status_code == 303 and step2.headers["location"] == "/staff", step2.text[:300]
    return step2.headers["set-cookie"]


def test_two_steps_then_home_then_logout(browser: TestClient) -> None:
    staff = make_staff("supervisor")
    assert browser.get("/staff", follow_redirects=False).headers["location"] == "/staff/login"
    cookie = sign_in(browser, staff)
    assert cookie.startswith("__Host-rn_staff=")
    for flag in ("Secure", "HttpOnly", "SameSite=strict", "Path=/"):
        assert flag.lower() in cookie.lower(), flag
    assert "domain" not in cookie.lower()
    home = browser.get("/staff")
    assert home.status_code == 200 and "supervisor" in home.text and staff.email not in home.text
    assert home.headers["cache-control"] == "no-store"
    token = browser.cookies.get("__Host-rn_staff")
    out = browser.post("/staff/logout", data={"csrf_token": csrf(home.text)}, follow_redirects=False)
    assert out.status_code == 303
    # Ended server-side: the old cookie value, sent again, opens nothing.
    browser.cookies.set("__Host-rn_staff", token or "", domain="testserver")
    assert browser.get("/staff", follow_redirects=False).status_code == 303


@pytest.mark.parametrize("token", [None, "", "forged"])
def test_forms_without_the_right_csrf_token_are_refused(browser: TestClient, token: str | None) -> None:
    staff = make_staff()
    browser.get("/staff/login")
    data = {"email": staff.email, "password": staff.password}
    if token is not None:
        data["csrf_token"] = token
    assert browser.post("/staff/login", data=data, follow_redirects=False).status_code == 403
    sign_in(browser, staff)
    assert browser.post("/staff/logout", data=data, follow_redirects=False).status_code == 403
    assert browser.get("/staff").status_code == 200  # still signed in: the forged logout did nothing


def test_a_wrong_password_or_code_reads_the_same(browser: TestClient) -> None:
    staff = make_staff()
    form = browser.get("/staff/login")
    wrong = browser.post(
        "/staff/login", data={"email": staff.email, "password": "wrong password!", "csrf_token": csrf(form.text)}
    )
    unknown = browser.post(
        "/staff/login", data={"email": "no.one@example.org", "password": "x" * 12, "csrf_token": csrf(form.text)}
    )
    assert wrong.status_code == unknown.status_code == 401
    message = "the e-mail, password or code is not right"
    assert message in wrong.text and message in unknown.text and staff.email not in wrong.text
    step1 = browser.post(
        "/staff/login", data={"email": staff.email, "password": staff.password, "csrf_token": csrf(form.text)}
    )
    bad_code = browser.post("/staff/login/code", data={"code": "000000", "csrf_token": csrf(step1.text)})
    assert bad_code.status_code == 401 and message in bad_code.text


def test_an_idle_session_ends(browser: TestClient) -> None:
    staff = make_staff()
    sign_in(browser, staff)
    assert browser.get("/staff").status_code == 200
    long_ago = datetime.now(UTC) - timedelta(minutes=16)
    with back_office_engine().begin() as conn:
        conn.execute(update(staff_sessions).where(staff_sessions.c.user_id == staff.id).values(last_seen_at=long_ago))
    assert browser.get("/staff", follow_redirects=False).headers["location"] == "/staff/login"


def test_the_session_token_changes_at_sign_in(browser: TestClient) -> None:
    staff = make_staff()
    form = browser.get("/staff/login")
    browser.post("/staff/login", data={"email": staff.email, "password": staff.password, "csrf_token": csrf(form.text)})
    pending = browser.cookies.get("__Host-rn_staff")
    code_page = browser.get("/staff/login/code")
    browser.post("/staff/login/code", data={"code": staff.code(), "csrf_token": csrf(code_page.text)})
    assert browser.cookies.get("__Host-rn_staff") not in (None, pending)
