"""A migrated back-office database on SQLite and (when configured) PostgreSQL, emptied for each test."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from recoverynav.storage import prepare_database
from recoverynav.storage.crypto import FieldCipher
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
        conn.execute(text("TRUNCATE audit_events, staff_users, staff_sessions"))
    return migrated


@pytest.fixture()
def cipher() -> FieldCipher:
    return FieldCipher(KEY)
