"""``recoverynav compare`` and ``recoverynav questions``; signs of quality in ``recoverynav find``."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from recoverynav.cli.main import cli
from recoverynav.directory.quality import quality_table
from recoverynav.directory.questions import questions_for


def _nearest(runner: CliRunner, count: int) -> list[str]:
    result = runner.invoke(cli, ["find", "--near", "22902", "--nearest", str(count), "--json"])
    return [hit["frid"] for hit in json.loads(result.stdout)["results"]]


def test_compare_two_prints_every_row_for_both(runner: CliRunner, bundled_database: str) -> None:
    frids = _nearest(runner, 2)
    result = runner.invoke(cli, ["compare", *frids, "--near", "22902"])
    assert result.exit_code == 0, result.output
    for label in ["Distance", "Type of care", "Medications", "Payment", "Languages", "People served", "Sources"]:
        assert f"\n{label}\n  [1] " in result.stdout and "\n  [2] " in result.stdout
    for rule in quality_table().signs:
        assert f"\n{rule.label}\n" in result.stdout
    assert "Call to confirm" in result.stdout


def test_compare_json_has_signs_and_distances(runner: CliRunner, bundled_database: str) -> None:
    frids = _nearest(runner, 3)
    answer = json.loads(runner.invoke(cli, ["compare", *frids, "--near", "22902", "--json"]).stdout)
    assert [f["frid"] for f in answer["facilities"]] == frids
    assert all(f["distance_miles"] is not None and f["quality_signs"] for f in answer["facilities"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "FRID: give two or three"),
        (["a"], "FRID: give two or three facility ids (frid) to compare; 1 was given"),
        (["a", "b", "c", "d"], "FRID: compare at most 3"),
        (["a", "b", "a"], "FRID: 'a' is given more than once"),
        (["no-such-frid", "other-frid"], "FRID 'no-such-frid': not in the directory"),
        (["x" * 81, "b"], "FRID: "),
    ],
)
def test_compare_bad_input_exits_2_naming_frid(
    runner: CliRunner, bundled_database: str, args: list[str], message: str
) -> None:
    result = runner.invoke(cli, ["compare", *args])
    assert result.exit_code == 2 and message in result.output and not result.stdout.strip()


def test_compare_bad_place_names_near(runner: CliRunner, bundled_database: str) -> None:
    result = runner.invoke(cli, ["compare", *_nearest(runner, 2), "--near", "nowhere-at-all"])
    assert result.exit_code == 2 and "--near:" in result.output


def test_find_text_lists_signs_of_quality(runner: CliRunner, bundled_database: str) -> None:
    result = runner.invoke(cli, ["find", "--near", "22902", "--nearest", "3"])
    assert result.stdout.count("signs of quality: ") == 3


@pytest.mark.parametrize(("care", "medication"), [("", ""), ("DT", "BU"), ("res", "")])
def test_questions_prints_the_tailored_list_with_sources(runner: CliRunner, care: str, medication: str) -> None:
    result = runner.invoke(cli, ["questions", "--care", care, "--medication", medication])
    assert result.exit_code == 0, result.output
    expected = questions_for(care, medication).questions
    for number, q in enumerate(expected, start=1):
        assert f"{number:>2}. {q.ask}" in result.stdout
    assert "Sources:" in result.stdout and "https://alcoholtreatment.niaaa.nih.gov/" in result.stdout


@pytest.mark.parametrize(("option", "value"), [("--care", "ZZ"), ("--medication", "heroin")])
def test_questions_bad_choice_exits_2_naming_the_option(runner: CliRunner, option: str, value: str) -> None:
    result = runner.invoke(cli, ["questions", option, value])
    assert result.exit_code == 2 and f"{option}: " in result.output
