"""Facility accounts (#16) on real databases: tied to known listings, signing in as an actor that carries them."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, text

from recoverynav.backoffice.staff import StaffRejected, add_staff, session_actor, sign_in
from recoverynav.backoffice.totp import totp
from recoverynav.directory.repository import ImportRun
from recoverynav.storage.crypto import FieldCipher
from recoverynav.storage.unit_of_work import UnitOfWork
from tests.facility_databases import facility

NOW = datetime(2026, 12, 6, 10, 0, tzinfo=UTC)
PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _no_links_left(engine: Engine) -> None:
    """The shared fixture empties part 1's tables; these are part 2's (on SQLite each test has a fresh file)."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("TRUNCATE staff_facilities, facility_openings, notification_outbox"))


def listings(engine: Engine, *frids: str) -> None:
    with UnitOfWork(engine) as uow:
        sites = [facility(frid, 38.03, -78.48) for frid in frids]
        uow.facilities.upsert(sites, ImportRun(dataset="test", source_name="test", sha256="2" * 64, rows=len(sites)))
        uow.commit()


def test_a_facility_account_signs_in_acting_for_its_listings(engine: Engine, cipher: FieldCipher) -> None:
    listings(engine, "fac-a", "fac-b")
    with UnitOfWork(engine, cipher=cipher) as uow:
        new = add_staff(
            uow.staff,
            uow.audit,
            email="intake@example.org",
            role="facility",
            password=PASSWORD,
            by="cli:test",
            now=NOW,
            facilities=["fac-b", " fac-a", "fac-b"],
        )
        uow.commit()
    assert new.facilities == ["fac-b", "fac-a"]
    found = re.search(r"secret=([A-Z2-7]+)", new.totp_uri)
    assert found
    with UnitOfWork(engine, cipher=cipher) as uow:
        actor = sign_in(
            uow.staff,
            uow.audit,
            email="intake@example.org",
            password=PASSWORD,
            code=totp(found[1], at=NOW.timestamp()),
            source=None,
            now=NOW,
        )
        token = uow.staff.start_session(actor.id, kind="api", stage="active", now=NOW)
        uow.commit()
    assert actor.role == "facility" and set(actor.facilities) == {"fac-a", "fac-b"}
    with UnitOfWork(engine, cipher=cipher) as uow:
        again = session_actor(uow.staff, token, kind="api", now=NOW + timedelta(minutes=1))
        uow.commit()
    assert again is not None and again[0] == actor and again[0].acts_for("fac-a")


@pytest.mark.parametrize(
    ("role", "frids", "message"),
    [
        ("facility", [], "at least one listing"),
        ("facility", ["fac-a", "fac-missing"], "fac-missing"),
        ("facility", ["x" * 200], "no listing"),
        ("consultant", ["fac-a"], "only a facility account"),
    ],
)
def test_unknown_or_misplaced_listings_are_refused_and_nothing_is_written(
    engine: Engine, cipher: FieldCipher, role: str, frids: list[str], message: str
) -> None:
    listings(engine, "fac-a")
    with pytest.raises(StaffRejected, match=message), UnitOfWork(engine, cipher=cipher) as uow:
        add_staff(
            uow.staff, uow.audit, email="x@example.org", role=role, password=PASSWORD, by="t", now=NOW, facilities=frids
        )
        uow.commit()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM staff_users")).scalar_one() == 0
        assert conn.execute(text("SELECT count(*) FROM staff_facilities WHERE frid = 'fac-a'")).scalar_one() == 0
