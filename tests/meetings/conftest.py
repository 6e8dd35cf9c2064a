"""Meeting databases on SQLite and PostgreSQL: an empty one per test, and one holding the shipped feeds."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from recoverynav.storage.engine import dispose_all, engine_for
from recoverynav.storage.meetings import SqlMeetingRepository, prepare_meetings
from tests.facility_databases import BACKENDS, postgres_url


@pytest.fixture(params=BACKENDS)
def meeting_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'meetings.sqlite3'}"
        prepare_meetings(url, load_bundled=False)
        return url
    url = postgres_url()
    prepare_meetings(url, load_bundled=False)
    with engine_for(url).begin() as conn:
        conn.execute(text("TRUNCATE meetings, meeting_feeds, meeting_imports RESTART IDENTITY"))
    return url


@pytest.fixture()
def meeting_repo(meeting_db_url: str) -> SqlMeetingRepository:
    return prepare_meetings(meeting_db_url, load_bundled=False)


@pytest.fixture(scope="session", params=BACKENDS)
def bundled_meetings_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database prepared as a fresh ``serve`` prepares it (the shipped feeds), shared read-only."""
    from sqlalchemy.engine import make_url

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('meetings') / 'meetings.sqlite3'}"
        prepare_meetings(url)
        yield url
        return
    base = make_url(postgres_url())
    name = f"{base.database}_meetings"
    admin = engine_for(base.set(database="postgres").render_as_string(hide_password=False))
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = base.set(database=name).render_as_string(hide_password=False)
    prepare_meetings(url)
    yield url
    dispose_all()
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture()
def bundled_meetings(bundled_meetings_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """RECOVERYNAV_DATABASE_URL pointed at the shared database holding the shipped feeds."""
    from recoverynav.settings import get_settings

    monkeypatch.setenv("RECOVERYNAV_DATABASE_URL", bundled_meetings_url)
    get_settings.cache_clear()
    yield bundled_meetings_url
    get_settings.cache_clear()


@pytest.fixture()
def configured_meetings(meeting_db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """RECOVERYNAV_DATABASE_URL pointed at an empty meeting database (for the CLI and the site)."""
    from recoverynav.settings import get_settings
    from recoverynav.storage import meetings

    monkeypatch.setenv("RECOVERYNAV_DATABASE_URL", meeting_db_url)
    get_settings.cache_clear()
    meetings._PREPARED.discard(meeting_db_url)
    yield meeting_db_url
    meetings._PREPARED.discard(meeting_db_url)
    get_settings.cache_clear()


def record(slug: str, **fields: object) -> dict[str, object]:
    """A minimal valid Meeting Guide record in Philadelphia (override any field)."""
    values: dict[str, object] = {
        "name": f"Meeting {slug}",
        "slug": slug,
        "day": 1,
        "time": "19:00",
        "formatted_address": "1904 Walnut St, Philadelphia, PA 19103, USA",
        "latitude": 39.9502,
        "longitude": -75.1733,
        "types": ["O"],
    }
    return values | fields
