"""``meetings find``'s fast path answers exactly as the full path (JSON and text), or not at all; its compiled data
is fresh; it imports neither SQLAlchemy nor pydantic nor Alembic."""

from __future__ import annotations

import datetime as dt
import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from recoverynav.cli import quickfind, quickmeetings
from recoverynav.cli.meetings import _text

# Places with many meetings (the shipped feeds: Bay Area, Seattle, Kansas City, Oklahoma, Sussex...), edges, none.
PLACES = ["94110", "94103", "95112", "94901", "98101", "98004", "64106", "66101", "73102", "74103", "22902", "10001"]
PLACES += ["95005", "72701", "19958", "San Francisco, CA", "Seattle, WA", "Kansas City, MO", "94110-1234", " 98101 "]
DAYS = [None, None, "mon", "Sunday", "3", "sat", "fri"]
TYPES = [(), (), (), ("O",), ("C", "W"), ("open",), ("[S]",), ("ONL",), ("12x12",), ("D", "B")]


def _options(rng: random.Random) -> dict[str, Any]:
    return {
        "near": rng.choice(PLACES),
        "radius_miles": rng.choice([0.5, 2.0, 5.0, 10.0, 25.0, 60.0, 200.0, 500.0]),
        "day": rng.choice(DAYS),
        "types": rng.choice(TYPES),
        "online": rng.random() < 0.2,
        "soonest": rng.random() < 0.4,
        "limit": rng.choice([1, 3, 20, 20, 200]),
    }


def _full(options: dict[str, Any], now: dt.datetime) -> tuple[dict[str, Any], str]:
    from recoverynav.meetings import MeetingQuery, search_meetings
    from recoverynav.wiring import meeting_repository

    query = MeetingQuery(
        near=options["near"],
        radius_miles=options["radius_miles"],
        day=options["day"],
        types=list(options["types"]),
        online=options["online"],
        order="next" if options["soonest"] else "distance",
        limit=options["limit"],
    )
    result = search_meetings(query, meeting_repository(), now=now)
    return result.model_dump(mode="json"), _text(result)


def test_fast_answers_equal_the_full_path(bundled_meetings: str) -> None:
    rng = random.Random(21)
    database = quickfind.database_path()
    answered = 0
    for number in range(60):
        options = _options(rng)
        # Times across the week and the year (daylight saving both ways), at and around a meeting's start.
        now = dt.datetime(2026, 1, 1, tzinfo=dt.UTC) + dt.timedelta(minutes=rng.randrange(0, 366 * 24 * 60))
        if number % 7 == 0:
            now = now.replace(minute=30, second=rng.choice([0, 30]))
        full, text = _full(options, now)
        fast = quickmeetings.quick_meetings(**options, database=database, now=now)
        if not bundled_meetings.startswith("sqlite"):
            assert fast is None  # PostgreSQL: the full path
            continue
        assert fast is not None, options
        answered += 1
        # The same JSON text: values, key order and number formatting.
        assert json.dumps(fast, ensure_ascii=False, indent=2) == json.dumps(full, ensure_ascii=False, indent=2)
        assert quickmeetings.render_text(fast) == text
    if bundled_meetings.startswith("sqlite"):
        assert answered == 60


@pytest.mark.parametrize(
    "change",
    [
        {"near": "Zzz, VA"},
        {"near": "charlottesville va"},
        {"near": "38.03,-78.48"},
        {"near": "Vermont"},
        {"near": "00000"},
        {"near": "9" * 121},
        {"near": "22902\x07"},
        {"near": ""},
        {"radius_miles": 0.0},
        {"radius_miles": 501.0},
        {"radius_miles": float("inf")},
        {"radius_miles": float("nan")},
        {"day": "someday"},
        {"day": "7"},
        {"types": ("NOPE",)},
        {"types": ("O",) * 21},
        {"limit": 0},
        {"limit": 201},
    ],
)
def test_what_the_fast_path_leaves_to_the_full_path(bundled_meetings: str, change: dict[str, Any]) -> None:
    options: dict[str, Any] = {"near": "94110", "radius_miles": 25.0, "day": None, "types": (), "online": False}
    options |= {"soonest": False, "limit": 20, "database": quickfind.database_path()}
    assert (quickmeetings.quick_meetings(**options) is None) == (not bundled_meetings.startswith("sqlite"))
    assert quickmeetings.quick_meetings(**(options | change)) is None


def test_an_unprepared_database_is_left_to_the_full_path(tmp_path: Path) -> None:
    import sqlite3

    options: dict[str, Any] = {"near": "94110", "radius_miles": 25.0, "day": None, "types": (), "online": False}
    options |= {"soonest": False, "limit": 20}
    path = tmp_path / "new.sqlite3"
    assert quickmeetings.quick_meetings(**options, database=str(path)) is None  # no file yet
    assert quickmeetings.quick_meetings(**options, database=None) is None  # a config file or a replica
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE alembic_version (version_num TEXT)")
        conn.execute("INSERT INTO alembic_version VALUES (?)", [quickmeetings.compiled()["head"]])
        conn.execute("CREATE TABLE meeting_imports (sha256 TEXT)")
        conn.executemany(
            "INSERT INTO meeting_imports VALUES (?)", [[s] for s in quickmeetings.compiled()["feeds_sha256"][1:]]
        )
    assert quickmeetings.quick_meetings(**options, database=str(path)) is None  # a shipped feed not imported yet


def test_compiled_meetings_data_is_fresh() -> None:
    from recoverynav.storage.meetings.cli_bundle import render_meetings_bundle

    for text in render_meetings_bundle().values():
        assert Path(quickmeetings.bundle_path()).read_text(encoding="utf-8") == text, (
            "cli/_meetings.json is stale: run `python scripts/build_bundle.py`"
        )


def test_meetings_find_imports_no_sqlalchemy_pydantic_or_alembic(bundled_meetings: str) -> None:
    if not bundled_meetings.startswith("sqlite"):
        pytest.skip("the fast path reads SQLite files only")
    code = (
        "import sys\n"
        "from recoverynav.cli.main import main\n"
        "for argv in (['meetings', 'find', '--near', '94110', '--json'], ['meetings', 'find', '--near', '22902']):\n"
        "    try:\n"
        "        main(argv)\n"
        "    except SystemExit as exc:\n"
        "        assert not exc.code, exc.code\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'pydantic', 'sqlalchemy', 'alembic', 'yaml'}))\n"
    )
    env = {"RECOVERYNAV_DATABASE_URL": bundled_meetings, "PATH": "/usr/bin:/bin", "PYTHONPATH": ":".join(sys.path)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    last = done.stdout.strip().splitlines()[-1]
    assert last == "[]", last
    assert '"total": 143' in done.stdout or "meetings within 25 miles of 94110" in done.stdout
