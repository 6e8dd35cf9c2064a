"""``compare``'s fast path answers exactly as the full path (JSON and text), or not at all, without SQLAlchemy,
pydantic or Alembic."""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import sys
from typing import Any

import pytest
from click.testing import CliRunner

from recoverynav.cli import quickcompare, quickfind
from recoverynav.cli.main import cli

PLACES = [None, None, "", "22902", "94110", "10001", "99501", "00901", "Charlottesville, VA", "Austin, TX", " 60614 "]


def _full(frids: list[str], near: str | None, include_demo: bool) -> dict[str, Any]:
    from recoverynav.directory import compare_facilities
    from recoverynav.wiring import facility_repository

    return compare_facilities(frids, facility_repository(), near=near, include_demo=include_demo).model_dump(
        mode="json"
    )


def _frids(url: str) -> tuple[list[str], list[str]]:
    """(every real frid, every demo frid) of the bundled SQLite database."""
    with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
        rows = conn.execute("SELECT frid, synthetic FROM facilities ORDER BY frid").fetchall()
    return [frid for frid, demo in rows if not demo], [frid for frid, demo in rows if demo]


def test_fast_answers_equal_the_full_path(runner: CliRunner, bundled_database: str) -> None:
    if not bundled_database.startswith("sqlite"):
        assert quickcompare.quick_compare(("a1", "b2"), near=None, include_demo=False) is None
        return
    real, demo = _frids(bundled_database)
    rng = random.Random(21)
    for number in range(80):
        include_demo = number % 5 == 0 and bool(demo)
        pool = real + demo if include_demo else real
        frids = rng.sample(pool, rng.choice([2, 3]))
        near = rng.choice(PLACES)
        fast = quickcompare.quick_compare(tuple(frids), near=near, include_demo=include_demo)
        full = _full(frids, near, include_demo)
        assert fast is not None, (frids, near)
        assert json.dumps(fast, ensure_ascii=False, indent=2) == json.dumps(full, ensure_ascii=False, indent=2)
    # The command's text through the fast path equals the full path's (this module's own text, fast path off).
    frids = real[:2]
    fast_text = runner.invoke(cli, ["compare", *frids, "--near", "22902"])
    assert fast_text.exit_code == 0, fast_text.output
    off = pytest.MonkeyPatch()
    off.setattr(quickcompare, "quick_compare", lambda *args, **kwargs: None)
    try:
        full_text = runner.invoke(cli, ["compare", *frids, "--near", "22902"])
        full_json = runner.invoke(cli, ["compare", *frids, "--json"])
    finally:
        off.undo()
    assert fast_text.stdout == full_text.stdout
    assert runner.invoke(cli, ["compare", *frids, "--json"]).stdout == full_json.stdout


def test_what_the_fast_path_leaves_to_the_full_path(bundled_database: str) -> None:
    if not bundled_database.startswith("sqlite"):
        pytest.skip("the fast path reads SQLite files only")
    real, demo = _frids(bundled_database)
    a, b, c, d = real[:4]
    assert quickcompare.quick_compare((a, b), near="22902", include_demo=False) is not None
    for frids, near in [
        ((a,), None),  # too few
        ((a, b, c, d), None),  # too many
        ((a, a), None),  # the same one twice
        ((a, " "), None),
        ((a, "x" * 81), None),
        ((a, "no-such-frid"), None),
        ((a, b), "Zzz, VA"),
        ((a, b), "charlottesville va"),
        ((a, b), "38.03,-78.48"),
        ((a, b), "00000"),
    ]:
        assert quickcompare.quick_compare(frids, near=near, include_demo=False) is None, (frids, near)
    if demo:
        assert quickcompare.quick_compare((a, demo[0]), near=None, include_demo=False) is None


def test_errors_name_the_field_as_before(runner: CliRunner, bundled_database: str) -> None:
    result = runner.invoke(cli, ["compare", "no-such-a", "no-such-b"])
    assert result.exit_code == 2 and "FRID 'no-such-a'" in result.output
    result = runner.invoke(cli, ["compare", "only-one"])
    assert result.exit_code == 2 and "FRID:" in result.output


def test_compare_imports_no_sqlalchemy_pydantic_or_alembic(bundled_database: str) -> None:
    if not bundled_database.startswith("sqlite"):
        pytest.skip("the fast path reads SQLite files only")
    frids = _frids(bundled_database)[0][:3]
    code = (
        "import sys\n"
        "from recoverynav.cli.main import main\n"
        f"for argv in ({['compare', *frids, '--near', '22902']!r}, {['compare', *frids[:2], '--json']!r}):\n"
        "    try:\n"
        "        main(argv)\n"
        "    except SystemExit as exc:\n"
        "        assert not exc.code, exc.code\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'pydantic', 'sqlalchemy', 'alembic', 'yaml'}))\n"
    )
    env = {"RECOVERYNAV_DATABASE_URL": bundled_database, "PATH": "/usr/bin:/bin", "PYTHONPATH": ":".join(sys.path)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert done.stdout.strip().splitlines()[-1] == "[]"
    assert "Distance" in done.stdout and '"facilities"' in done.stdout
    assert quickfind.database_path() is not None
