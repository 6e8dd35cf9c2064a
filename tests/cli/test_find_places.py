"""``recoverynav find`` on the bundled data: the issue's places land right, phones dial, empty results explain."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from recoverynav.cli.main import cli
from recoverynav.directory import great_circle_miles
from recoverynav.directory.phones import TEL_PATTERN


def _find(runner: CliRunner, *args: str) -> dict[str, object]:
    result = runner.invoke(cli, ["find", *args, "--json"])
    assert result.exit_code == 0, result.output
    answer: dict[str, object] = json.loads(result.stdout)
    return answer


def test_los_angeles_starts_downtown(runner: CliRunner, bundled_database: str) -> None:
    origin = _find(runner, "--near", "Los Angeles, CA")["origin"]
    assert isinstance(origin, dict)
    assert great_circle_miles(origin["latitude"], origin["longitude"], 34.0537, -118.2428) < 3


@pytest.mark.parametrize(("near", "state"), [("Stockton, CA", "CA"), ("Indianapolis, IN", "IN")])
def test_results_stay_in_the_state(runner: CliRunner, bundled_database: str, near: str, state: str) -> None:
    results = _find(runner, "--near", near, "--page-size", "100")["results"]
    assert isinstance(results, list) and results
    assert {r["state"] for r in results} == {state}


@pytest.mark.parametrize("near", ["Austin TX", "Charlottesville VA", "NYC", "Charlottesville, Virginia", "Vermont"])
def test_the_issues_spellings_are_accepted(runner: CliRunner, bundled_database: str, near: str) -> None:
    assert _find(runner, "--near", near)["origin"]


def test_json_phones_dial_e164(runner: CliRunner, bundled_database: str) -> None:
    results = _find(runner, "--near", "Hemet, CA", "--radius", "100", "--page-size", "100")["results"]
    assert isinstance(results, list)
    phones = [p for r in results for p in r["phones"]]
    assert phones and all({"display", "tel", "ext", "kind"} == set(p) for p in phones)
    assert all(p["tel"] is None or TEL_PATTERN.fullmatch(p["tel"]) for p in phones)
    assert any(p["ext"] and f"ext. {p['ext']}" in p["display"] for p in phones)


def test_zero_results_explain_in_text_and_json(runner: CliRunner, bundled_database: str) -> None:
    text = runner.invoke(cli, ["find", "--near", "Austin TX", "--code", "NP"])
    assert text.exit_code == 0
    assert "Nothing found: Free services, no payment needed within 25 miles of Austin, TX." in text.stdout
    assert "record no payment information" in text.stdout and "1-800-662-4357" in text.stdout
    empty = _find(runner, "--near", "Austin TX", "--code", "NP")["empty"]
    assert isinstance(empty, dict) and empty["reason"] == "listings_lack_requested_data"
    assert empty["helpline"]["tel"] == "tel:+18006624357"


def test_zero_results_offer_the_radius_that_finds_one(runner: CliRunner, bundled_database: str) -> None:
    empty = _find(runner, "--near", "Pierre, SD", "--radius", "5", "--code", "BU")["empty"]
    assert isinstance(empty, dict) and empty["next_radius_miles"]
    text = runner.invoke(cli, ["find", "--near", "Pierre, SD", "--radius", "5", "--code", "BU"]).stdout
    assert f"Try --radius {empty['next_radius_miles']}" in text
    wider = _find(runner, "--near", "Pierre, SD", "--radius", str(empty["next_radius_miles"]), "--code", "BU")
    assert wider["total"] == empty["next_radius_results"] and wider["empty"] is None
