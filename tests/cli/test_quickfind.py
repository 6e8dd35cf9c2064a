"""``find``'s fast path answers exactly as the full path, or not at all; its compiled tables are fresh."""

from __future__ import annotations

import json
import random
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from recoverynav.cli import quickfind
from recoverynav.cli.find import _text
from recoverynav.cli.main import cli

# ZIP codes in cities, suburbs, the country and territories, a ZIP+4, and city labels typed as listed.
PLACES = ["22902", "94110", "10001", "60614", "73301", "99501", "00901", "59801", "05401", "96813", "22902-1234"]
PLACES += ["Charlottesville, VA", "San Francisco, CA", "Austin, TX", "Burlington, VT"]
CODES = ["MD", "BU", "DT", "SP", "MM", "OP", "RES", "SF", "PI", "HI", "NU", "MC", "AH", "SA", "MH"]


def _full(options: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The full path's ``--json`` answer and text (directory search on the SQLAlchemy repository)."""
    from recoverynav.api.facilities import answer_search
    from recoverynav.directory import FacilityQuery, search_facilities
    from recoverynav.wiring import facility_repository

    query = FacilityQuery(**{k: list(v) if k == "codes" else v for k, v in options.items()})
    result = search_facilities(query, facility_repository())
    return answer_search(result).model_dump(mode="json"), _text(result)


def _cases() -> list[dict[str, Any]]:
    rng = random.Random(21)
    cases = []
    for _ in range(40):
        nearest = rng.choice([None, None, 1, 3, 10, 40, 150])
        cases.append(
            {
                "near": rng.choice(PLACES),
                "radius_miles": rng.choice([0.5, 1.0, 5.0, 10.0, 25.0, 60.0, 250.0, 500.0]),
                "nearest": nearest,
                "codes": tuple(rng.sample(CODES, rng.choice([0, 0, 1, 1, 2, 3]))),
                "facility_type": rng.choice([None, None, "SA", "MH", " sa "]),
                "name": None,
                "page": rng.choice([1, 1, 1, 2, 3]),
                "page_size": rng.choice([1, 5, 20, 20, 100]),
                "include_demo": rng.random() < 0.2,
                "has_openings": False,
            }
        )
    return cases


def test_fast_answers_equal_the_full_path(bundled_database: str) -> None:
    answered, differing = 0, []
    for options in _cases():
        fast = quickfind.quick_search(**options)
        full, full_text = _full(options)
        if not bundled_database.startswith("sqlite"):
            assert fast is None, "PostgreSQL is the full path's"
            continue
        if fast is None:
            # The fast path steps aside only for what it does not do: explain an empty result.
            assert full["total"] == 0, options
            continue
        answered += 1
        if json.dumps(fast) != json.dumps(full) or quickfind.render_text(fast) != full_text:
            differing.append(options)
    assert differing == []
    if bundled_database.startswith("sqlite"):
        assert answered >= 20  # the comparison is not vacuous: most of these searches are answered fast


@pytest.mark.parametrize(
    "change",
    [
        {"name": "region"},
        {"has_openings": True},
        {"near": "charlottesville va"},
        {"near": "38.03,-78.48"},
        {"near": "00000"},
        {"radius_miles": 0.0},
        {"radius_miles": 501.0},
        {"nearest": 0},
        {"page_size": 101},
        {"codes": ("DTX",)},
        {"facility_type": "xy"},
        {"facility_type": "SA" + " " * 20},
    ],
)
def test_what_the_fast_path_leaves_to_the_full_path(bundled_database: str, change: dict[str, Any]) -> None:
    options: dict[str, Any] = {
        "near": "22902",
        "radius_miles": 25.0,
        "nearest": None,
        "codes": (),
        "facility_type": None,
        "name": None,
        "page": 1,
        "page_size": 20,
        "include_demo": False,
        "has_openings": False,
    }
    assert (quickfind.quick_search(**options) is None) == (not bundled_database.startswith("sqlite"))
    assert quickfind.quick_search(**(options | change)) is None


def test_an_unprepared_or_older_database_is_left_to_the_full_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.sqlite3"
    monkeypatch.setenv("RECOVERYNAV_DATABASE_URL", f"sqlite:///{path}")
    assert quickfind._connect() is None  # no file: the full path creates and loads it
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE alembic_version (version_num TEXT)")
        conn.execute("INSERT INTO alembic_version VALUES ('0001')")
    assert quickfind._connect() is None  # an older schema: the full path migrates it
    monkeypatch.setenv("RECOVERYNAV_CONFIG", str(tmp_path / "settings.toml"))
    assert quickfind.database_path() is None  # a config file may name another database


def test_the_command_prints_the_fast_answer(runner: CliRunner, bundled_database: str) -> None:
    result = runner.invoke(cli, ["find", "--near", "22902", "--radius", "10", "--code", "MD", "--json"])
    assert result.exit_code == 0, result.output
    options = {"near": "22902", "radius_miles": 10.0, "nearest": None, "codes": ("MD",), "facility_type": None}
    options |= {"name": None, "page": 1, "page_size": 20, "include_demo": False, "has_openings": False}
    assert json.loads(result.stdout) == _full(options)[0]


def test_compiled_find_tables_are_fresh() -> None:
    from recoverynav.storage.directory.find_bundle import bundle_folder, render_find_bundle

    for name, text in render_find_bundle().items():
        assert (bundle_folder() / name).read_text(encoding="utf-8") == text, (
            f"directory/{name} is stale: run `python scripts/build_bundle.py`"
        )


@pytest.mark.parametrize(
    "typed", ["22902", " 94110 ", "22902-1234", "00501", "99950", "Charlottesville, VA", "Austin, TX", "Aaronsburg, PA"]
)
def test_known_places_are_geocode_s(typed: str) -> None:
    from recoverynav.directory.geocode import geocode_from_tables

    assert quickfind.known_place(typed) == geocode_from_tables(typed).model_dump(mode="json")


@pytest.mark.parametrize("typed", ["charlottesville, va", "Charlottesville VA", "NYC", "Vermont", "00000", "Zzz, VA"])
def test_other_places_are_the_full_path_s(typed: str) -> None:
    assert quickfind.known_place(typed) is None
