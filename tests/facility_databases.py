"""Fixtures for facility storage: every test using ``facility_repo`` runs on SQLite and on PostgreSQL/PostGIS.

PostgreSQL comes from RECOVERYNAV_TEST_POSTGRES_URL (``scripts/test`` creates a throw-away database);
without it those cases are skipped. Each test gets a fresh SQLite file or emptied PostgreSQL tables.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from recoverynav.directory import Facility
from recoverynav.storage import SqlFacilityRepository, prepare_database
from recoverynav.storage.engine import engine_for
from tests.seeded import seed_sqlite

POSTGRES_ENV = "RECOVERYNAV_TEST_POSTGRES_URL"
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
# The shared data folder beside the checkout, when present (CI has it; a bare clone may not).
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "facilities"
DATA = Path(__file__).parent / "data"


def postgres_url() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if not url:
        pytest.skip(f"{POSTGRES_ENV} is not set (scripts/test sets it)")
    return url


def empty_database(backend: str, tmp_path: Path) -> str:
    """A migrated, empty database of this backend; returns its URL."""
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'facilities.sqlite3'}"
        prepare_database(url, load_bundled=False)
        return url
    url = postgres_url()
    prepare_database(url, load_bundled=False)
    with engine_for(url).begin() as conn:
        conn.execute(text("TRUNCATE facilities, facility_imports RESTART IDENTITY"))
    return url


@pytest.fixture(params=BACKENDS)
def facility_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return empty_database(str(request.param), tmp_path)


@pytest.fixture()
def facility_repo(facility_db_url: str) -> SqlFacilityRepository:
    return prepare_database(facility_db_url, load_bundled=False)


@pytest.fixture()
def configured_database(facility_db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """RECOVERYNAV_DATABASE_URL pointed at the test database (for the CLI and API, which read settings)."""
    from recoverynav.settings import get_settings
    from recoverynav.storage import database

    monkeypatch.setenv("RECOVERYNAV_DATABASE_URL", facility_db_url)
    get_settings.cache_clear()
    database._PREPARED.discard(facility_db_url)
    yield facility_db_url
    database._PREPARED.discard(facility_db_url)
    get_settings.cache_clear()


@pytest.fixture(scope="session", params=BACKENDS)
def bundled_db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database prepared as a fresh ``serve`` prepares it (the bundled real data), shared read-only."""
    from sqlalchemy.engine import make_url

    from recoverynav.storage.engine import dispose_all

    if request.param == "sqlite":
        url = f"sqlite:///{seed_sqlite(tmp_path_factory.mktemp('bundled') / 'facilities.sqlite3')}"
        prepare_database(url)
        yield url
        return
    base = make_url(postgres_url())
    name = f"{base.database}_bundled"
    admin = engine_for(base.set(database="postgres").render_as_string(hide_password=False))
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = base.set(database=name).render_as_string(hide_password=False)
    prepare_database(url)
    yield url
    dispose_all()
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture()
def bundled_database(bundled_db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """RECOVERYNAV_DATABASE_URL pointed at the shared database holding the bundled real data."""
    from recoverynav.settings import get_settings

    monkeypatch.setenv("RECOVERYNAV_DATABASE_URL", bundled_db_url)
    get_settings.cache_clear()
    yield bundled_db_url
    get_settings.cache_clear()


def sample_bytes(name: str = "findtreatment_api_sample_2019_charlottesville.json") -> bytes:
    """A shared SAMHSA file, or its bundled copy when the shared folder is absent."""
    if (SHARED / name).exists():
        return (SHARED / name).read_bytes()
    from recoverynav.directory.bundled import bundled_bytes

    return bundled_bytes(name + ".gz")


def facility(frid: str, lat: float, lon: float, **fields: object) -> Facility:
    """A synthetic facility for tests (no phone numbers, flagged as demo data by default)."""
    values: dict[str, object] = {
        "frid": frid,
        "name": f"Test facility {frid}",
        "latitude": lat,
        "longitude": lon,
        "source": "recoverynav test data",
        "dataset": "test",
        "snapshot_year": 2026,
        "synthetic": True,
    }
    return Facility.model_validate(values | fields)
