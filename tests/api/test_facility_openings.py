"""``/api/v1/facility/openings`` with real sign-in tokens: a facility replaces its own listing's openings, another
facility gets 404, staff roles get 403, the helpline confirms by phone, and the public answer and finder show them."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from recoverynav.app import create_app
from recoverynav.directory.repository import ImportRun
from recoverynav.storage.unit_of_work import UnitOfWork
from recoverynav.wiring import back_office_engine
from tests.facility_databases import facility
from tests.staff_accounts import api_token, make_staff

OPEN = {"care_type": "DT", "open_slots": 2, "accepting_new": True, "waitlist": 0}


@pytest.fixture(scope="module")
def api() -> Iterator[TestClient]:
    with TestClient(create_app()) as client:
        yield client


@pytest.fixture()
def listings() -> tuple[str, str]:
    """Two demo listings of this test only (demo data: the public sees them with include_demo)."""
    tag = uuid.uuid4().hex[:8]
    frids = (f"test-open-a-{tag}", f"test-open-b-{tag}")
    # Far from any bundled listing (mid-Atlantic), so a search near them finds only these.
    sites = [facility(frid, 37.0 + i / 100, -60.0) for i, frid in enumerate(frids)]
    with UnitOfWork(back_office_engine()) as uow:
        uow.facilities.upsert(sites, ImportRun(dataset=f"test-{tag}", source_name="t", sha256=tag * 8, rows=2))
        uow.commit()
    return frids


def bearer(role: str, *frids: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_token(make_staff(role, facilities=frids))}"}


def test_a_facility_replaces_its_own_openings_and_the_public_sees_them(
    api: TestClient, listings: tuple[str, str]
) -> None:
    mine, other = listings
    facility_a = bearer("facility", mine)
    put = api.put("/api/v1/facility/openings", headers=facility_a, json={"frid": mine, "openings": [OPEN]})
    assert put.status_code == 200, put.text
    assert put.json()["frid"] == mine and put.json()["openings"][0]["source"] == "facility"
    assert put.headers["cache-control"] == "no-store"
    own = api.get("/api/v1/facility/openings", headers=facility_a).json()
    assert [(row["frid"], [o["care_type"] for o in row["openings"]]) for row in own] == [(mine, ["DT"])]
    public = api.get(f"/api/v1/facilities/{mine}", params={"include_demo": True}).json()
    assert [
        (o["care_type"], o["open_slots"], o["accepting_new"], o["stale"], o["age"]) for o in public["openings"]
    ] == [("DT", 2, True, False, "updated just now")]
    assert set(public["openings"][0]) >= {"care_type", "open_slots", "accepting_new", "updated_at", "stale"}
    assert "updated_by" not in public["openings"][0]
    assert api.get(f"/api/v1/facilities/{other}", params={"include_demo": True}).json()["openings"] == []
    found = api.get(
        "/api/v1/facilities",
        params={"near": "37.005,-60", "radius_miles": 20, "include_demo": True, "has_openings": True},
    ).json()
    assert [hit["frid"] for hit in found["results"]] == [mine]
    everyone = api.get("/api/v1/facilities", params={"near": "37.005,-60", "radius_miles": 20, "include_demo": True})
    assert {hit["frid"] for hit in everyone.json()["results"]} == {mine, other}


def test_facility_b_gets_404_for_a_listing_not_its_own(api: TestClient, listings: tuple[str, str]) -> None:
    mine, other = listings
    api.put("/api/v1/facility/openings", headers=bearer("facility", mine), json={"frid": mine, "openings": [OPEN]})
    facility_b = bearer("facility", other)
    taken = api.put("/api/v1/facility/openings", headers=facility_b, json={"frid": mine, "openings": []})
    missing = api.put("/api/v1/facility/openings", headers=facility_b, json={"frid": "no-such-listing", "openings": []})
    assert taken.status_code == missing.status_code == 404
    assert taken.json() == missing.json() and taken.json()["detail"]["field"] == "frid"
    assert len(api.get(f"/api/v1/facilities/{mine}", params={"include_demo": True}).json()["openings"]) == 1
    assert [row["frid"] for row in api.get("/api/v1/facility/openings", headers=facility_b).json()] == [other]


def test_staff_confirm_by_phone_and_cannot_post_as_a_facility(api: TestClient, listings: tuple[str, str]) -> None:
    mine, _ = listings
    consultant = bearer("consultant")
    posted = api.put("/api/v1/facility/openings", headers=consultant, json={"frid": mine, "openings": [OPEN]})
    assert posted.status_code == 403
    assert api.get("/api/v1/facility/openings", headers=consultant).status_code == 403
    said = {"openings": [{"care_type": "RES", "open_slots": 0, "accepting_new": False}]}
    confirmed = api.post(f"/api/v1/staff/facilities/{mine}/openings/confirm", headers=consultant, json=said)
    assert confirmed.status_code == 200, confirmed.text
    assert [(o["care_type"], o["source"]) for o in confirmed.json()["openings"]] == [("RES", "helpline")]
    again = api.post(f"/api/v1/staff/facilities/{mine}/openings/confirm", headers=consultant, json={})
    assert [o["care_type"] for o in again.json()["openings"]] == ["RES"]
    public = api.get(f"/api/v1/facilities/{mine}", params={"include_demo": True}).json()["openings"]
    assert [(o["confirmed_by"], o["open_now"]) for o in public] == [("helpline", False)]
    unknown = api.post("/api/v1/staff/facilities/no-such-listing/openings/confirm", headers=consultant, json={})
    assert unknown.status_code == 404
    as_facility = api.post(
        f"/api/v1/staff/facilities/{mine}/openings/confirm", headers=bearer("facility", mine), json={}
    )
    assert as_facility.status_code == 403


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"frid": "x", "openings": [OPEN, OPEN]}, "openings"),
        ({"frid": "x", "openings": [{**OPEN, "care_type": "detox"}]}, "care_type"),
        ({"frid": "x", "openings": [{**OPEN, "open_slots": -1}]}, "open_slots"),
        ({"frid": "x", "openings": [{**OPEN, "waitlist": 10**6}]}, "waitlist"),
        ({"frid": "", "openings": []}, "frid"),
        ({"openings": []}, "frid"),
        ({"frid": "x", "openings": [], "extra": 1}, "extra"),
    ],
)
def test_bad_bodies_are_422_naming_the_field(
    api: TestClient, listings: tuple[str, str], body: dict[str, object], field: str
) -> None:
    answer = api.put("/api/v1/facility/openings", headers=bearer("facility", listings[0]), json=body)
    assert answer.status_code == 422
    assert field in {str(part) for error in answer.json()["detail"] for part in error["loc"]}, answer.text


def test_no_token_is_401(api: TestClient) -> None:
    assert api.put("/api/v1/facility/openings", json={"frid": "x", "openings": []}).status_code == 401
    assert api.get("/api/v1/facility/openings").status_code == 401
