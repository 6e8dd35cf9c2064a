"""Openings on the public pages and API (#16), with the clock moved: shown with their age, greyed as stale after
24 hours, gone after 7 days; the finder's "openings now" keeps only fresh open places. SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from recoverynav.api.deps import facility_repository as api_repository
from recoverynav.app import create_app
from recoverynav.backoffice import Actor, OpeningsUpdate, post_openings
from recoverynav.directory.repository import ImportRun
from recoverynav.storage import SqlFacilityRepository
from recoverynav.storage.unit_of_work import UnitOfWork
from recoverynav.web.deps import facility_repository
from recoverynav.wiring import clock
from tests.facility_databases import facility

NOW = datetime(2026, 12, 6, 10, 0, tzinfo=UTC)
HOSTILE = "<script>alert(1)</script>"


@pytest.fixture()
def moment() -> list[datetime]:
    return [NOW]


@pytest.fixture()
def site(facility_repo: SqlFacilityRepository, moment: list[datetime]) -> Iterator[TestClient]:
    """Two real-looking listings in Charlottesville, one with openings posted at NOW; the app's clock is ``moment``."""
    sites = [
        facility("op-a", 38.03, -78.48, name=f"Alpha {HOSTILE}", synthetic=False, codes=["SA", "DT"]),
        facility("op-b", 38.04, -78.48, name="Beta House", synthetic=False, codes=["SA", "OP"]),
    ]
    facility_repo.upsert(sites, ImportRun(dataset="test-openings", source_name="t", sha256="4" * 64, rows=2))
    update = OpeningsUpdate.model_validate(
        {"frid": "op-a", "openings": [{"care_type": "DT", "open_slots": 3, "accepting_new": True, "waitlist": 2}]}
    )
    with UnitOfWork(facility_repo.engine) as unit:
        post_openings(unit, Actor(id="u-a", role="facility", facilities=("op-a",)), update, now=NOW)
    app = create_app()
    app.dependency_overrides[facility_repository] = lambda: facility_repo
    app.dependency_overrides[api_repository] = lambda: facility_repo
    app.dependency_overrides[clock] = lambda: moment[0]
    with TestClient(app) as client:
        yield client


def test_the_facility_page_and_api_age_the_openings(site: TestClient, moment: list[datetime]) -> None:
    moment[0] = NOW + timedelta(hours=3)
    page = site.get("/facilities/op-a").text
    assert "Openings" in page and "updated 3 hours ago" in page and "3 open, taking new patients, waitlist 2" in page
    assert 'class="opening"' in page and "may be out of date" not in page
    assert HOSTILE not in page
    body = site.get("/api/v1/facilities/op-a").json()["openings"]
    assert [(o["care_type"], o["stale"], o["open_now"], o["age"]) for o in body] == [
        ("DT", False, True, "updated 3 hours ago")
    ]

    moment[0] = NOW + timedelta(hours=25)
    page = site.get("/facilities/op-a").text
    assert 'class="opening stale"' in page and "may be out of date: call to confirm" in page
    assert "updated 1 day ago" in page
    assert site.get("/api/v1/facilities/op-a").json()["openings"][0]["stale"] is True

    moment[0] = NOW + timedelta(days=7, hours=1)
    page = site.get("/facilities/op-a").text
    assert 'id="openings-heading"' not in page and 'class="opening' not in page
    assert site.get("/api/v1/facilities/op-a").json()["openings"] == []


def test_compare_shows_openings_with_their_age(site: TestClient, moment: list[datetime]) -> None:
    moment[0] = NOW + timedelta(hours=2)
    page = site.get("/facilities/compare", params=[("frid", "op-a"), ("frid", "op-b")]).text
    assert 'id="row-openings"' in page and "updated 2 hours ago" in page and "None posted" in page
    rows = site.get("/api/v1/facilities/compare", params=[("frid", "op-a"), ("frid", "op-b")]).json()["rows"]
    openings = next(row for row in rows if row["id"] == "openings")
    assert openings["values"][1] == [] and "updated 2 hours ago" in openings["values"][0][0]
    moment[0] = NOW + timedelta(days=2)
    rows = site.get("/api/v1/facilities/compare", params=[("frid", "op-a"), ("frid", "op-b")]).json()["rows"]
    stale = next(row for row in rows if row["id"] == "openings")["values"][0][0]
    assert "may be out of date" in stale


def test_the_finder_filters_on_openings_now(site: TestClient, moment: list[datetime]) -> None:
    moment[0] = NOW + timedelta(hours=1)
    everyone = site.get("/find", params={"near": "22902", "radius": "10"}).text
    assert "Beta House" in everyone and "Alpha" in everyone
    only_open = site.get("/find", params={"near": "22902", "radius": "10", "openings": "now"}).text
    assert "Beta House" not in only_open and "Alpha" in only_open and "updated 1 hour ago" in only_open
    assert 'name="openings" value="now" checked' in only_open
    api = site.get("/api/v1/facilities", params={"near": "22902", "radius_miles": 10, "has_openings": True}).json()
    assert [hit["frid"] for hit in api["results"]] == ["op-a"]
    moment[0] = NOW + timedelta(hours=25)
    stale = site.get("/api/v1/facilities", params={"near": "22902", "radius_miles": 10, "has_openings": True}).json()
    assert stale["results"] == []
    assert "Beta House" not in site.get("/find", params={"near": "22902", "openings": "now"}).text


def test_no_fresh_openings_is_explained_as_such(site: TestClient, moment: list[datetime]) -> None:
    moment[0] = NOW + timedelta(days=2)
    found = site.get("/api/v1/facilities", params={"near": "22902", "radius_miles": 10, "has_openings": True}).json()
    assert found["total"] == 0
    empty = found["empty"]
    # The two listings are in range; none has posted an open place lately (not "no listing is near").
    assert empty["listings_in_range"] == 2 and "last 24 hours" in empty["searched"]
    assert empty["reason"] == "listings_lack_requested_data"
