"""The staff case screens: queue, search, intake with duplicates, the case page and its forms, screening and a
suggestion recorded on the case, the audit screen; CSRF on every staff POST, roles, and no personal value in a URL."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from recoverynav.app import create_app, route_entries
from recoverynav.backoffice import load_case_flow
from tests.staff_accounts import make_staff
from tests.web.test_staff_login import csrf, sign_in


@pytest.fixture()
def browser() -> Iterator[TestClient]:
    # A client address of its own: other tests' callback requests from "testclient" may have used up its hourly
    # limit in this worker's database.
    address = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.9"
    with TestClient(create_app(), base_url="https://testserver", client=(address, 50000)) as client:
        yield client


def unique_phone() -> str:
    # 555-01xx numbers are reserved for fiction; the exchange varies so tests never find each other's cases.
    n = uuid.uuid4().int
    return f"215-{200 + n % 700:03d}-01{n // 700 % 100:02d}"


def links(page: str) -> list[str]:
    """Every URL a page links or posts to."""
    return re.findall(r'(?:href|action)="([^"]*)"', page)


def case_id_from(location: str) -> str:
    found = re.fullmatch(r"/staff/cases/([0-9a-f]+)", location)
    assert found, location
    return found[1]


def open_case(browser: TestClient, **fields: str) -> str:
    form = browser.get("/staff/cases/new")
    answer = browser.post("/staff/cases", data={"csrf_token": csrf(form.text), **fields}, follow_redirects=False)
    assert answer.status_code == 303, answer.text[:500]
    return case_id_from(answer.headers["location"])


def form_fields(page: str, action: str) -> dict[str, str]:
    """The hidden fields of the form posting to ``action`` (its CSRF token and version)."""
    start = page.index(f'action="{action}"')
    form = page[start : page.index("</form>", start)]
    return dict(re.findall(r'type="hidden" name="([^"]+)" value="([^"]*)"', form))


def test_a_callback_request_is_taken_screened_suggested_and_shortlisted(browser: TestClient) -> None:
    phone = unique_phone()
    sent = browser.post(
        "/callback",
        data={"stage": "send", "nickname": "Robin", "phone": phone, "best_time": "evenings", "consent": "yes"},
    )
    assert sent.status_code == 200, sent.text[:300]
    reference = re.search(r"[A-Z0-9]{4}-[A-Z0-9]{4}", sent.text)
    staff = make_staff()
    sign_in(browser, staff)
    queue = browser.get("/staff/cases")
    assert queue.status_code == 200
    assert reference is not None and reference[0] in queue.text
    # New callback requests (nobody's yet) come first.
    open_cases = queue.text.split('id="open-heading"')[1]
    first = re.search(r'<tbody>\s*<tr>\s*<td><a href="/staff/cases/([0-9a-f]+)">([^<]+)</a>', open_cases)
    assert first is not None and first[2] == reference[0]
    case_id = first[1]
    page = browser.get(f"/staff/cases/{case_id}")
    assert "Robin" in page.text and "evenings" in page.text and "nobody yet" in page.text
    take = browser.post(f"/staff/cases/{case_id}/take", data=form_fields(page.text, f"/staff/cases/{case_id}/take"))
    assert take.status_code == 200 and ">me<" not in take.text.split("owner:")[0]
    assert "owner:\nme" in take.text.replace(" ", "") or "me ·" in take.text
    screen = browser.get(f"/staff/cases/{case_id}/screening/audit-c")
    assert screen.status_code == 200 and "AUDIT-C" in screen.text
    action = f"/staff/cases/{case_id}/screening/audit-c"
    scored = browser.post(
        action, data={**form_fields(screen.text, action), "sex": "female", "q1": "1", "q2": "1", "q3": "1"}
    )
    assert scored.status_code == 200
    assert re.search(r"AUDIT-C: [^<]*3 of 12", scored.text), scored.text[:2000]
    suggest = browser.get(f"/staff/cases/{case_id}/suggestion")
    action = f"/staff/cases/{case_id}/suggestion"
    data = {**form_fields(suggest.text, action), "substances": "alcohol", "daily_use": "yes", "readiness": "ready"}
    suggested = browser.post(action, data=data)
    assert suggested.status_code == 200 and "ASAM level" in suggested.text
    for state in ("screened", "level_suggested", "shortlisted"):
        page = browser.get(f"/staff/cases/{case_id}")
        moves = re.findall(r'name="to" value="([^"]+)"', page.text)
        status = re.search(r'id="status">([^<]+)<', page.text)
        assert status is not None
        assert moves == list(load_case_flow().next_states(status[1].replace(" ", "_")))
        assert state in moves
        start = page.text.index(f'name="to" value="{state}"')
        version = re.findall(r'name="version" value="(\d+)"', page.text[:start])[-1]
        moved = browser.post(
            f"/staff/cases/{case_id}/move",
            data={"csrf_token": csrf(page.text), "version": version, "to": state},
        )
        assert moved.status_code == 200, moved.text[:500]
    final = browser.get(f"/staff/cases/{case_id}")
    assert 'id="status">shortlisted<' in final.text
    history = final.text.split('id="history-heading"')[1]
    for state in ("screened", "level suggested", "shortlisted"):
        assert f"<td>{state}</td>" in history
    assert "the caller (web)" in history and "<td>me</td>" in history


def test_a_stale_edit_is_a_409_page_and_changes_nothing(browser: TestClient) -> None:
    sign_in(browser, make_staff())
    case_id = open_case(browser, nickname="Kit", phone=unique_phone(), notes="first note")
    page = browser.get(f"/staff/cases/{case_id}")
    old = form_fields(page.text, f"/staff/cases/{case_id}/edit")
    first = browser.post(f"/staff/cases/{case_id}/edit", data={**old, "nickname": "Kit", "notes": "second note"})
    assert first.status_code == 200 and "second note" in first.text
    stale = browser.post(f"/staff/cases/{case_id}/edit", data={**old, "nickname": "Kit", "notes": "lost note"})
    assert stale.status_code == 409 and "Someone changed this case" in stale.text
    assert f'href="/staff/cases/{case_id}"' in stale.text
    after = browser.get(f"/staff/cases/{case_id}")
    assert "second note" in after.text and "lost note" not in after.text


def test_a_move_the_flow_does_not_allow_or_without_a_reason_is_refused(browser: TestClient) -> None:
    sign_in(browser, make_staff())
    case_id = open_case(browser, nickname="Lee")
    page = browser.get(f"/staff/cases/{case_id}")
    base = {"csrf_token": csrf(page.text), "version": "1"}
    refused = browser.post(f"/staff/cases/{case_id}/move", data={**base, "to": "referred"})
    assert refused.status_code == 409 and "allowed next states: screened, level_suggested, closed" in refused.text
    no_reason = browser.post(f"/staff/cases/{case_id}/move", data={**base, "to": "closed"})
    assert no_reason.status_code == 422 and "reason" in no_reason.text
    assert 'id="reason-closed" name="reason" required' in page.text
    closed = browser.post(f"/staff/cases/{case_id}/move", data={**base, "to": "closed", "reason": "unreachable"})
    assert closed.status_code == 200 and "no more moves" in closed.text


def test_next_action_and_follow_ups_due_for_me(browser: TestClient) -> None:
    sign_in(browser, make_staff())
    case_id = open_case(browser, nickname="Ash")
    page = browser.get(f"/staff/cases/{case_id}")
    assert "Take this case" not in page.text  # a case a consultant opens is theirs
    action = f"/staff/cases/{case_id}/next"
    saved = browser.post(
        action,
        data={**form_fields(page.text, action), "next_action": "Call about the bed", "due_at": "2020-01-02T09:30"},
    )
    assert saved.status_code == 200 and "Call about the bed" in saved.text
    due = browser.get("/staff/cases").text.split('id="due-heading"')[1].split("open-heading")[0]
    assert f"/staff/cases/{case_id}" in due and "2020-01-02 09:30 UTC" in due
    bad = browser.post(action, data={**form_fields(saved.text, action), "due_at": "next tuesday"})
    assert bad.status_code == 422 and "due_at" in bad.text


def test_search_is_a_post_and_matches_exactly(browser: TestClient) -> None:
    sign_in(browser, make_staff())
    phone = unique_phone()
    first, last = f"Quinn{uuid.uuid4().hex[:6]}", "Marsh"
    case_id = open_case(browser, first_name=first, last_name=last, date_of_birth="1990-04-05", phone=phone)
    queue = browser.get("/staff/cases")
    assert 'method="post" action="/staff/search"' in queue.text
    token = csrf(queue.text)
    for fields in (
        {"phone": phone},
        {"phone": phone.replace("-", " ")},
        {"first_name": first.upper(), "last_name": last, "date_of_birth": "1990-04-05"},
    ):
        found = browser.post("/staff/search", data={"csrf_token": token, **fields})
        assert found.status_code == 200 and f"/staff/cases/{case_id}" in found.text, fields
    reference = re.search(r"Case ([A-Z0-9-]+)</h1>", browser.get(f"/staff/cases/{case_id}").text)
    assert reference
    by_ref = browser.post("/staff/search", data={"csrf_token": token, "reference": reference[1]})
    assert f"/staff/cases/{case_id}" in by_ref.text
    other_year = browser.post(
        "/staff/search",
        data={"csrf_token": token, "first_name": first, "last_name": last, "date_of_birth": "1991-04-05"},
    )
    assert f"/staff/cases/{case_id}" not in other_year.text and "No case matches" in other_year.text
    nothing = browser.post("/staff/search", data={"csrf_token": token})
    assert nothing.status_code == 422 and "give a phone" in nothing.text


def test_duplicates_at_intake_merge_only_on_confirmation(browser: TestClient) -> None:
    sign_in(browser, make_staff())
    phone = unique_phone()
    older = open_case(browser, nickname="Sky", phone=phone, substances="alcohol")
    form = browser.get("/staff/cases/new")
    second = browser.post(
        "/staff/cases",
        data={"csrf_token": csrf(form.text), "nickname": "Sky B", "phone": phone, "substances": "cannabis"},
    )
    assert second.status_code == 200 and "is this someone we know?" in second.text
    assert f'value="{older}"' in second.text and "same phone" in second.text
    newer = re.search(r'action="/staff/cases/([0-9a-f]+)/merge"', second.text)
    assert newer
    merge = f"/staff/cases/{newer[1]}/merge"
    unconfirmed = browser.post(merge, data={"csrf_token": csrf(second.text), "into": older})
    assert unconfirmed.status_code == 422 and "confirm" in unconfirmed.text
    assert 'id="status">new<' in browser.get(f"/staff/cases/{newer[1]}").text
    merged = browser.post(merge, data={"csrf_token": csrf(second.text), "into": older, "confirm": "yes"})
    assert merged.status_code == 200 and f"/staff/cases/{older}/" in merged.text
    assert "alcohol, cannabis" in merged.text
    closed = browser.get(f"/staff/cases/{newer[1]}")
    assert 'id="status">closed<' in closed.text and "duplicate merged" in closed.text


def test_bad_caller_fields_name_the_field_and_never_echo_the_value(browser: TestClient) -> None:
    sign_in(browser, make_staff())
    form = browser.get("/staff/cases/new")
    answer = browser.post(
        "/staff/cases", data={"csrf_token": csrf(form.text), "nickname": "Jo", "phone": "12", "zip": "ABCDE"}
    )
    assert answer.status_code == 422
    assert "caller.phone" in answer.text or "phone" in answer.text
    assert 'value="ABCDE"' not in answer.text


def test_the_audit_screen_is_for_supervisors(browser: TestClient) -> None:
    sign_in(browser, make_staff("consultant"))
    denied = browser.get("/staff/audit")
    assert denied.status_code == 403 and "audit.read" in denied.text
    assert "/staff/audit" not in browser.get("/staff").text
    browser.cookies.clear()
    sign_in(browser, make_staff("supervisor"))
    screen = browser.get("/staff/audit")
    assert screen.status_code == 200 and "The hash chain holds" in screen.text
    assert "audit.read" in screen.text and "denied" in screen.text  # the consultant's refusal is on the trail
    assert screen.headers["cache-control"] == "no-store"


def test_an_administrator_may_not_read_cases(browser: TestClient) -> None:
    sign_in(browser, make_staff("consultant"))
    case_id = open_case(browser, nickname="Dee")
    browser.cookies.clear()
    sign_in(browser, make_staff("admin"))
    for path in ("/staff/cases", f"/staff/cases/{case_id}", f"/staff/cases/{case_id}/screening/audit-c"):
        assert browser.get(path).status_code == 403, path
    assert browser.get("/staff/audit").status_code == 200


def _staff_posts() -> list[str]:
    return sorted({e.path for e in route_entries() if e.path.startswith("/staff") and "POST" in e.methods})


def test_every_staff_post_refuses_a_missing_or_wrong_csrf_token(browser: TestClient) -> None:
    sign_in(browser, make_staff("supervisor"))
    case_id = open_case(browser, nickname="Max", notes="unchanged")
    posts = _staff_posts()
    assert {"/staff/cases", "/staff/cases/{case_id}/move", "/staff/logout"} <= set(posts)
    for path in posts:
        if path.startswith("/staff/login"):
            continue  # the sign-in forms' tokens are tested in test_staff_login
        url = path.replace("{case_id}", case_id).replace("{instrument_id}", "audit-c")
        url = url.replace("{consent_id}", "cd" * 16).replace("{referral_id}", "ef" * 16)
        fields = {"version": "1", "to": "closed", "reason": "other", "notes": "changed", "nickname": "Max", "phone": ""}
        for token in (None, "", "forged", csrf(browser.get("/staff").text)[:-1] + "x"):
            data = fields | ({} if token is None else {"csrf_token": token})
            assert browser.post(url, data=data, follow_redirects=False).status_code == 403, (path, token)
    page = browser.get(f"/staff/cases/{case_id}")
    assert page.status_code == 200 and 'id="status">new<' in page.text and "unchanged" in page.text


def test_signed_out_staff_pages_send_to_sign_in(browser: TestClient) -> None:
    for entry in route_entries():
        if not entry.path.startswith("/staff") or entry.path.startswith("/staff/login"):
            continue
        url = entry.path.replace("{case_id}", "ab" * 16).replace("{instrument_id}", "audit-c")
        url = url.replace("{consent_id}", "cd" * 16).replace("{referral_id}", "ef" * 16)
        method = "POST" if "POST" in entry.methods else "GET"
        answer = browser.request(method, url, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"] == "/staff/login", entry.path


def test_no_personal_value_in_any_url_the_pages_link_to(browser: TestClient) -> None:
    sign_in(browser, make_staff())
    phone = unique_phone()
    values = {
        "nickname": f"Nick{uuid.uuid4().hex[:6]}",
        "first_name": f"Fern{uuid.uuid4().hex[:6]}",
        "last_name": f"Lowe{uuid.uuid4().hex[:6]}",
        "date_of_birth": "1985-07-19",
        "phone": phone,
        "email": f"p{uuid.uuid4().hex[:6]}@example.org",
        "zip": "19103",
        "notes": f"note{uuid.uuid4().hex[:8]}",
    }
    case_id = open_case(browser, **values)
    pages = [browser.get(path).text for path in ("/staff", "/staff/cases", "/staff/cases/new")]
    pages += [browser.get(f"/staff/cases/{case_id}{tail}").text for tail in ("", "/screening/audit-c", "/suggestion")]
    pages.append(browser.post("/staff/search", data={"csrf_token": csrf(pages[0]), "phone": phone}).text)
    urls = [url for page in pages for url in links(page)]
    assert any(case_id in url for url in urls)
    digits = re.sub(r"\D", "", phone)
    for url in urls:
        for value in [*values.values(), digits, "19850719"]:
            assert value.lower() not in url.lower(), (value, url)


@pytest.mark.parametrize("version", ["", " ", "0", "-1", "2", "1.0", "٣", "²", "9" * 11, "99999999999", "x", "1"])
def test_any_version_text_is_a_page_never_an_error(browser: TestClient, version: str) -> None:
    sign_in(browser, make_staff())
    case_id = open_case(browser, nickname="Vic")
    page = browser.get(f"/staff/cases/{case_id}")
    answer = browser.post(f"/staff/cases/{case_id}/take", data={"csrf_token": csrf(page.text), "version": version})
    assert answer.status_code == (200 if version == "1" else 409 if version == "2" else 422), (
        version,
        answer.text[:300],
    )
