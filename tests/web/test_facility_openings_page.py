"""The facility account's openings page (#16): its own listings only, a plain form with CSRF, 404 for another's
listing, 403 for staff roles, and a bad number named without saving anything."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from recoverynav.app import create_app
from recoverynav.directory.repository import ImportRun
from recoverynav.storage.unit_of_work import UnitOfWork
from recoverynav.wiring import back_office_engine
from tests.facility_databases import facility
from tests.staff_accounts import make_staff
from tests.web.test_staff_cases import form_fields
from tests.web.test_staff_login import sign_in

HOSTILE = "<script>alert(1)</script>"


@pytest.fixture()
def browser() -> Iterator[TestClient]:
    with TestClient(create_app(), base_url="https://testserver") as client:
        yield client


@pytest.fixture()
def listings() -> tuple[str, str]:
    tag = uuid.uuid4().hex[:8]
    frids = (f"web-open-a-{tag}", f"web-open-b-{tag}")
    sites = [facility(frid, 37.5, -61.0, name=f"{HOSTILE} House {i}") for i, frid in enumerate(frids)]
    with UnitOfWork(back_office_engine()) as uow:
        uow.facilities.upsert(sites, ImportRun(dataset=f"web-{tag}", source_name="t", sha256=tag * 8, rows=2))
        uow.commit()
    return frids


def stored(frid: str) -> list[tuple[str, int, bool, int | None]]:
    with UnitOfWork(back_office_engine(), read_only=True) as uow:
        return [(o.care_type, o.open_slots, o.accepting_new, o.waitlist) for o in uow.openings.of(frid)]


def test_a_facility_posts_its_openings_with_a_plain_form(browser: TestClient, listings: tuple[str, str]) -> None:
    mine, other = listings
    sign_in(browser, make_staff("facility", facilities=(mine,)))
    home = browser.get("/staff").text
    assert 'href="/staff/facility/openings"' in home and 'href="/staff/cases"' not in home
    page = browser.get("/staff/facility/openings")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert f'id="listing-{mine}"' in page.text and other not in page.text and HOSTILE not in page.text
    action = f"/staff/facility/openings/{mine}"
    fields = form_fields(page.text, action)
    assert set(fields) == {"csrf_token"}
    saved = browser.post(
        action, data={**fields, "DT_slots": "2", "DT_accepting": "yes", "RES_slots": "0", "RES_waitlist": "4"}
    )
    assert saved.status_code == 200 and 'id="saved"' in saved.text
    assert stored(mine) == [("DT", 2, True, None), ("RES", 0, False, 4)]
    assert 'name="DT_slots" value="2"' in saved.text and "updated just now" in saved.text
    # Emptying a row withdraws that care type (the form is the whole set, like PUT).
    browser.post(action, data={**fields, "RES_slots": "0"})
    assert stored(mine) == [("RES", 0, False, None)]


@pytest.mark.parametrize(
    ("form", "named"),
    [
        ({"DT_slots": "-1"}, "DT_slots"),
        ({"DT_slots": "²"}, "DT_slots"),
        ({"DT_slots": "9" * 20}, "DT_slots"),
        ({"DT_slots": "1", "DT_waitlist": "many"}, "DT_waitlist"),
        ({"RES_waitlist": "3"}, "RES_slots"),
    ],
)
def test_a_bad_number_is_named_and_nothing_is_saved(
    browser: TestClient, listings: tuple[str, str], form: dict[str, str], named: str
) -> None:
    mine, _ = listings
    sign_in(browser, make_staff("facility", facilities=(mine,)))
    page = browser.get("/staff/facility/openings").text
    answer = browser.post(
        f"/staff/facility/openings/{mine}", data={**form_fields(page, f"/staff/facility/openings/{mine}"), **form}
    )
    assert answer.status_code == 422 and named in answer.text
    assert stored(mine) == []


def test_another_listing_is_404_csrf_is_403_and_staff_are_refused(
    browser: TestClient, listings: tuple[str, str]
) -> None:
    mine, other = listings
    sign_in(browser, make_staff("facility", facilities=(mine,)))
    page = browser.get("/staff/facility/openings").text
    token = form_fields(page, f"/staff/facility/openings/{mine}")
    for target in (other, "no-such-listing"):
        answer = browser.post(f"/staff/facility/openings/{target}", data={**token, "DT_slots": "5"})
        assert answer.status_code == 404, target
    assert stored(other) == []
    forged = browser.post(f"/staff/facility/openings/{mine}", data={"csrf_token": "x", "DT_slots": "5"})
    assert forged.status_code == 403 and stored(mine) == []
    with TestClient(create_app(), base_url="https://testserver") as staff_browser:
        sign_in(staff_browser, make_staff("consultant"))
        assert staff_browser.get("/staff/facility/openings").status_code == 403


def test_signed_out_is_sent_to_sign_in(browser: TestClient) -> None:
    answer = browser.get("/staff/facility/openings", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/staff/login"


def test_a_consultant_records_a_phone_check(browser: TestClient, listings: tuple[str, str]) -> None:
    mine, _ = listings
    sign_in(browser, make_staff("consultant"))
    check = f"/staff/facilities/{mine}/openings"
    page = browser.get(check)
    assert page.status_code == 200 and HOSTILE not in page.text
    token = {"csrf_token": form_fields(page.text, check)["csrf_token"]}
    said = browser.post(check, data={**token, "OP_slots": "6", "OP_accepting": "yes"})
    assert said.status_code == 200 and 'id="saved"' in said.text
    assert stored(mine) == [("OP", 6, True, None)]
    again = browser.post(check, data={**token, "as_they_are": "yes"})
    assert again.status_code == 200 and stored(mine) == [("OP", 6, True, None)]
    with UnitOfWork(back_office_engine(), read_only=True) as uow:
        assert [o.source for o in uow.openings.of(mine)] == ["helpline"]
    bad = browser.post(check, data={**token, "OP_slots": "lots"})
    assert bad.status_code == 422 and "OP_slots" in bad.text and stored(mine) == [("OP", 6, True, None)]
    assert browser.get("/staff/facilities/no-such-listing/openings").status_code == 404
    assert (
        browser.post("/staff/facilities/no-such-listing/openings", data={**token, "as_they_are": "yes"}).status_code
        == 404
    )
    assert browser.post(check, data={"csrf_token": "x", "as_they_are": "yes"}).status_code == 403


def test_a_facility_cannot_use_the_helplines_check(browser: TestClient, listings: tuple[str, str]) -> None:
    mine, _ = listings
    sign_in(browser, make_staff("facility", facilities=(mine,)))
    assert browser.get(f"/staff/facilities/{mine}/openings").status_code == 403
    token = form_fields(browser.get("/staff/facility/openings").text, f"/staff/facility/openings/{mine}")
    refused = browser.post(f"/staff/facilities/{mine}/openings", data={**token, "as_they_are": "yes"})
    assert refused.status_code == 403 and stored(mine) == []


def test_two_listings_have_distinct_field_ids(browser: TestClient, listings: tuple[str, str]) -> None:
    sign_in(browser, make_staff("facility", facilities=listings))
    page = browser.get("/staff/facility/openings").text
    ids = re.findall(r'id="([^"]+)"', page)
    assert len(ids) == len(set(ids)) and 'id="label-2-DT"' in page
