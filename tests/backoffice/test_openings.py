"""Openings (#16) on real databases: a facility posts for its own listings only, the helpline confirms, the public
sees each figure with its age (stale after 24 h, hidden after 7 days), and the finder filters on fresh openings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError
from sqlalchemy import Engine, text

from recoverynav.backoffice import (
    Actor,
    OpeningInput,
    OpeningsDenied,
    OpeningsUpdate,
    UnknownListing,
    confirm_openings,
    own_openings,
    post_openings,
)
from recoverynav.directory import (
    FacilityQuery,
    Opening,
    age_phrase,
    get_facility,
    listed_openings,
    search_facilities,
)
from recoverynav.directory.repository import ImportRun
from recoverynav.storage import SqlFacilityRepository
from recoverynav.storage.unit_of_work import UnitOfWork
from tests.backoffice.conftest import audit_rows
from tests.facility_databases import facility

NOW = datetime(2026, 12, 6, 10, 0, tzinfo=UTC)
A = Actor(id="u-fac-a", role="facility", facilities=("fac-a",))
B = Actor(id="u-fac-b", role="facility", facilities=("fac-b",))
CONSULTANT = Actor(id="u-cons", role="consultant")


@pytest.fixture(autouse=True)
def _listings(engine: Engine) -> None:
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("TRUNCATE staff_facilities, facility_openings, notification_outbox"))
            conn.execute(text("DELETE FROM facilities WHERE dataset = 'test-openings'"))
    sites = [facility(f"fac-{x}", 38.03 + i / 100, -78.48, synthetic=False) for i, x in enumerate("abcde")]
    with UnitOfWork(engine) as uow:
        uow.facilities.upsert(sites, ImportRun(dataset="test-openings", source_name="t", sha256="3" * 64, rows=5))
        uow.commit()


def update(frid: str, *items: tuple[str, int, bool]) -> OpeningsUpdate:
    return OpeningsUpdate.model_validate(
        {"frid": frid, "openings": [{"care_type": c, "open_slots": n, "accepting_new": a} for c, n, a in items]}
    )


def post(engine: Engine, actor: Actor, change: OpeningsUpdate, now: datetime = NOW) -> list[Opening]:
    with UnitOfWork(engine) as uow:
        return post_openings(uow, actor, change, now=now)


def stored(engine: Engine, frid: str) -> list[Opening]:
    with UnitOfWork(engine, read_only=True) as uow:
        return uow.openings.of(frid)


def test_a_facility_posts_its_own_listing_and_the_public_sees_the_age(engine: Engine) -> None:
    post(engine, A, update("fac-a", ("DT", 2, True), ("RES", 0, False)))
    assert [(o.care_type, o.open_slots, o.source, o.updated_by) for o in stored(engine, "fac-a")] == [
        ("DT", 2, "facility", "u-fac-a"),
        ("RES", 0, "facility", "u-fac-a"),
    ]
    repo = SqlFacilityRepository(engine)
    fresh = get_facility("fac-a", repo, now=NOW + timedelta(hours=3))
    assert [(o.care_type, o.stale, o.age, o.open_now) for o in fresh.openings] == [
        ("DT", False, "updated 3 hours ago", True),
        ("RES", False, "updated 3 hours ago", False),
    ]
    # The clock moves: greyed as stale after 24 hours, not shown at all after 7 days.
    day_old = get_facility("fac-a", repo, now=NOW + timedelta(hours=25))
    assert [(o.stale, o.age, o.open_now) for o in day_old.openings] == [(True, "updated 1 day ago", False)] * 2
    assert get_facility("fac-a", repo, now=NOW + timedelta(days=7, minutes=1)).openings == []
    assert ("u-fac-a", "openings.update", "fac-a", "success") in [tuple(r.values()) for r in audit_rows(engine)]


def test_a_put_replaces_the_whole_set(engine: Engine) -> None:
    post(engine, A, update("fac-a", ("DT", 2, True), ("RES", 1, True)))
    post(engine, A, update("fac-a", ("OP", 5, True)), NOW + timedelta(hours=1))
    assert [(o.care_type, o.updated_at) for o in stored(engine, "fac-a")] == [("OP", NOW + timedelta(hours=1))]


@pytest.mark.parametrize("frid", ["fac-a", "fac-missing"])
def test_facility_b_cannot_touch_a_listing_not_its_own_nor_learn_whether_it_exists(engine: Engine, frid: str) -> None:
    post(engine, A, update("fac-a", ("DT", 2, True)))
    with pytest.raises(UnknownListing) as refused:
        post(engine, B, update(frid, ("DT", 99, True)))
    assert str(refused.value) == str(UnknownListing())
    assert [o.open_slots for o in stored(engine, "fac-a")] == [2]
    assert audit_rows(engine)[-1] == {
        "actor": "u-fac-b",
        "action": "openings.update",
        "record_id": frid,
        "outcome": "denied",
    }


@pytest.mark.parametrize("role", ["admin", "consultant", "supervisor"])
def test_staff_roles_cannot_post_as_a_facility(engine: Engine, role: str) -> None:
    with pytest.raises(OpeningsDenied):
        post(engine, Actor(id="u-x", role=role, facilities=("fac-a",)), update("fac-a", ("DT", 1, True)))
    assert stored(engine, "fac-a") == []
    assert audit_rows(engine)[-1]["outcome"] == "denied"


def test_the_helpline_confirms_by_phone(engine: Engine) -> None:
    post(engine, A, update("fac-a", ("DT", 2, True)))
    later = NOW + timedelta(days=2)
    with UnitOfWork(engine) as uow:
        confirm_openings(uow, CONSULTANT, "fac-a", None, now=later)
    assert [(o.open_slots, o.updated_at, o.source, o.updated_by) for o in stored(engine, "fac-a")] == [
        (2, later, "helpline", "u-cons")
    ]
    said = [OpeningInput(care_type="DT", open_slots=0, accepting_new=False)]
    with UnitOfWork(engine) as uow:
        confirm_openings(uow, CONSULTANT, "fac-b", said, now=later)
    listed = get_facility("fac-b", SqlFacilityRepository(engine), now=later + timedelta(minutes=5)).openings
    assert [(o.confirmed_by, o.age) for o in listed] == [("helpline", "updated 5 minutes ago")]
    with pytest.raises(UnknownListing), UnitOfWork(engine) as uow:
        confirm_openings(uow, CONSULTANT, "fac-missing", None, now=later)
    with pytest.raises(OpeningsDenied), UnitOfWork(engine) as uow:
        confirm_openings(uow, A, "fac-a", None, now=later)
    actions = [(r["actor"], r["action"], r["outcome"]) for r in audit_rows(engine)]
    assert actions[-4:] == [
        ("u-cons", "openings.confirm", "success"),
        ("u-cons", "openings.confirm", "success"),
        ("u-cons", "openings.confirm", "denied"),
        ("u-fac-a", "openings.confirm", "denied"),
    ]


def test_a_facility_sees_only_its_own_listings(engine: Engine) -> None:
    post(engine, A, update("fac-a", ("DT", 2, True)))
    post(engine, B, update("fac-b", ("OP", 3, True)))
    with UnitOfWork(engine, read_only=True) as uow:
        mine = own_openings(uow, A)
    assert list(mine) == ["fac-a"] and [o.care_type for o in mine["fac-a"]] == ["DT"]


@pytest.mark.parametrize("near", [None, "22902"])
def test_the_finder_keeps_only_fresh_open_places(engine: Engine, near: str | None) -> None:
    a, b, c, d = (Actor(id=f"u-{x}", role="facility", facilities=(f"fac-{x}",)) for x in "abcd")
    post(engine, a, update("fac-a", ("DT", 2, True)))
    post(engine, b, update("fac-b", ("DT", 2, True)), NOW - timedelta(hours=30))  # stale
    post(engine, c, update("fac-c", ("DT", 0, True)))  # no place
    post(engine, d, update("fac-d", ("DT", 4, False)))  # not taking new patients
    repo = SqlFacilityRepository(engine)
    # Named, so listings other tests left in a shared PostgreSQL database stay out of the page.
    query = FacilityQuery(near=near, radius_miles=50, has_openings=True, include_demo=True, name="Test facility fac-")
    found = search_facilities(query, repo, now=NOW + timedelta(hours=1))
    assert [hit.frid for hit in found.results] == ["fac-a"] and found.total == 1
    assert found.results[0].openings[0].open_now
    everyone = search_facilities(query.model_copy(update={"has_openings": False}), repo, now=NOW)
    assert {hit.frid for hit in everyone.results} >= {"fac-a", "fac-b", "fac-c", "fac-d", "fac-e"}


@pytest.mark.parametrize(
    "body",
    [
        {"frid": "fac-a", "openings": [{"care_type": "DT", "open_slots": 1, "accepting_new": True}] * 2},
        {"frid": "fac-a", "openings": [{"care_type": "detox", "open_slots": 1, "accepting_new": True}]},
        {"frid": "fac-a", "openings": [{"care_type": "DT", "open_slots": -1, "accepting_new": True}]},
        {"frid": "fac-a", "openings": [{"care_type": "DT", "open_slots": 10_001, "accepting_new": True}]},
        {"frid": "fac\x00a", "openings": []},
        {"frid": "", "openings": []},
        {"frid": "fac-a", "openings": [{"care_type": "DT", "open_slots": 1, "accepting_new": True, "name": "x"}]},
    ],
)
def test_bad_updates_are_refused_before_anything_is_written(body: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        OpeningsUpdate.model_validate(body)


@given(minutes=st.integers(min_value=0, max_value=60 * 24 * 30))
def test_stale_after_a_day_hidden_after_a_week(minutes: int) -> None:
    opening = Opening(
        frid="f", care_type="DT", open_slots=1, accepting_new=True, updated_at=NOW, updated_by="u", source="facility"
    )
    now = NOW + timedelta(minutes=minutes)
    listed = listed_openings([opening], now)
    assert (listed == []) == (minutes > 7 * 24 * 60)
    if listed:
        assert listed[0].stale == (minutes > 24 * 60)
        assert listed[0].age == age_phrase(NOW, now)
