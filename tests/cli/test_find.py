"""``recoverynav find``: nearest first, JSON shape, the same on SQLite and PostgreSQL, clear input errors."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from recoverynav.cli.main import cli


def test_find_medicaid_near_22902_json(runner: CliRunner, bundled_database: str) -> None:
    result = runner.invoke(cli, ["find", "--near", "22902", "--radius", "10", "--code", "MD", "--json"])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    distances = [r["distance_miles"] for r in answer["results"]]
    assert answer["total"] == 11 and distances == sorted(distances) and max(distances) <= 10
    first = answer["results"][0]
    assert {"frid", "name", "distance_miles", "codes", "source", "snapshot_year", "notice"} <= set(first)
    assert {"sources", "state_licence", "still_listed_2025"} <= set(first)
    assert all({"name", "year"} <= set(source) for source in first["sources"])
    assert first["name"] == "Dual Recovery Center" and "MD" in first["codes"]


def test_find_buprenorphine_in_san_francisco(runner: CliRunner, bundled_database: str) -> None:
    result = runner.invoke(cli, ["find", "--near", "94110", "--radius", "10", "--code", "BU", "--json"])
    answer = json.loads(result.stdout)
    assert answer["total"] >= 20
    assert all(r["city"] in {"San Francisco", "Daly City", "Oakland", "South San Francisco", "Brisbane",
                             "Sausalito", "Emeryville", "Alameda", "Berkeley", "San Bruno", "Millbrae", "Pacifica",
                             "Colma", "Mill Valley", "Piedmont"} or r["state"] == "CA"
               for r in answer["results"])  # fmt: skip
    assert answer["results"][0]["city"] == "San Francisco"


def test_find_text_says_call_to_confirm(runner: CliRunner, bundled_database: str) -> None:
    result = runner.invoke(cli, ["find", "--near", "22902", "--nearest", "3"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("3 facilities near 22902 (Charlottesville, VA)")
    assert "Call to confirm services and openings" in result.stdout and "SAMHSA" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--near", "22902", "--radius", "0"], "--radius"),
        (["--near", "22902", "--page-size", "500"], "--page-size"),
        (["--near", "Charlotesville, VA"], "Did you mean: Charlottesville, VA"),
        (["--nearest", "3"], "nearest needs near"),
        (["--near", "94110", "--code", "DTX"], "--code: 'DTX' is not a SAMHSA service code; use codes such as DT"),
        (["--near", "94110", "--type", "xy"], "--type: 'xy' is not a facility type; use SA (substance use) or MH"),
    ],
)
def test_bad_input_exits_2_naming_the_option(
    runner: CliRunner, bundled_database: str, args: list[str], message: str
) -> None:
    result = runner.invoke(cli, ["find", *args])
    assert result.exit_code == 2
    assert message in result.stderr and result.stdout == ""
