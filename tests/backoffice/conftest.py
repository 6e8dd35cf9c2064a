"""A migrated back-office database on SQLite and (when configured) PostgreSQL, emptied for each test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from recoverynav.storage import UnitOfWork, prepare_database
from recoverynav.storage.crypto import FieldCipher
from recoverynav.storage.engine import engine_for
from tests.facility_databases import BACKENDS, postgres_url

KEY = bytes(range(32))


@pytest.fixture(params=BACKENDS)
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Engine:
    if request.param == "sqlite":
        return prepare_database(f"sqlite:///{tmp_path / 'office.sqlite3'}", load_bundled=False).engine
    url = postgres_url()
    migrated = prepare_database(url, load_bundled=False).engine
    with migrated.begin() as conn:
        # TRUNCATE is not refused by the append-only triggers (UPDATE and DELETE are): tests start empty.
        conn.execute(
            text(
                "TRUNCATE audit_events, staff_users, staff_sessions, case_transitions, cases,"
                " disclosures, referrals, consents"
            )
        )
    return migrated


@pytest.fixture()
def cipher() -> FieldCipher:
    return FieldCipher(KEY)


@pytest.fixture(params=BACKENDS)
def case_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    url = f"sqlite:///{tmp_path / 'cases.sqlite3'}" if request.param == "sqlite" else postgres_url()
    prepare_database(url, load_bundled=False)
    engine = engine_for(url)
    if request.param == "postgres":
        with engine.begin() as conn:
            conn.execute(
                text(
                    "TRUNCATE disclosures, referrals, consents, case_transitions, cases, audit_events, staff_users,"
                    " staff_sessions RESTART IDENTITY"
                )
            )
    yield engine


def unit(engine: Engine) -> UnitOfWork:
    return UnitOfWork(engine, lock_wait_seconds=10)


def audit_rows(engine: Engine) -> list[dict[str, object]]:
    """Every audit event as (actor, action, record_id, outcome), oldest first."""
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT actor, action, record_id, outcome FROM audit_events ORDER BY seq"))
        return [dict(row._mapping) for row in rows]
