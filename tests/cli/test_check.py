"""``recoverynav check``: readable text, JSON keys, did-you-mean, and exit 2 with suggestions for unknown names."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from recoverynav.cli.main import cli
from tests.names import nonsense, unlisted_typo, urgent_pair


def test_baclofen_alcohol_json_is_major_with_mechanism_and_source(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["check", "baclofen", "alcohol", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert {"substances", "findings", "highest_severity"} <= set(report)
    assert report["highest_severity"] in {"major", "contraindicated"}
    finding = report["findings"][0]
    assert "CNS and respiratory depression" in finding["mechanism"]
    assert finding["sources"] and finding["sources"][0]["title"]


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["oxycodone", "xanax"], "FDA Drug Safety Communication: FDA warns about serious risks and death"),
        (["gabapentin", "fentanyl"], "FDA warns about serious breathing problems"),
        (["tramadol", "sertraline"], "serotonin syndrome"),
        (["baclofen", "alcohol", "xanax"], "ALL TOGETHER"),
    ],
)
def test_text_report(runner: CliRunner, names: list[str], expected: str) -> None:
    result = runner.invoke(cli, ["check", *names])
    assert result.exit_code == 0, result.output
    assert expected in result.stdout
    assert "REFERENCES" in result.stdout and "[1]" in result.stdout
    assert "call 911" in result.stdout


def test_commas_also_separate_names(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["check", "baclofen,alcohol", "--json"])
    assert result.exit_code == 0
    assert [s["id"] for s in json.loads(result.stdout)["substances"]] == ["alcohol", "baclofen"]


def test_typo_says_did_you_mean_on_stderr(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["check", "baclophen", "alcohol"])
    assert result.exit_code == 0
    assert "Did you mean baclofen?" in result.stderr


def test_unknown_name_exits_2_with_suggestions_and_no_stdout(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["check", "baclofen", "qqqzzzx", "--json"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "qqqzzzx" in result.stderr


def test_unknown_name_lists_suggestions(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["check", "alcohol", "baclofenxx"])
    assert result.exit_code in {0, 2}
    if result.exit_code == 2:
        assert "Did you mean" in result.stderr and result.stdout == ""


def test_one_name_is_exit_2(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["check", "baclofen"])
    assert result.exit_code == 2
    assert "at least two" in result.stderr and result.stdout == ""


def test_none_known_says_absence_is_not_proof_of_safety(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["check", "nicotine", "sertraline"])
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "NONE KNOWN" in text and "not proof of safety" in text


def test_an_unknown_name_does_not_hide_the_known_pair(runner: CliRunner) -> None:
    """`check xanax oxycodone kratom` used to exit 2 and hide the boxed-warning pair (#11)."""
    first, second = urgent_pair()
    typo = unlisted_typo(second)
    result = runner.invoke(cli, ["check", first, second, typo, nonsense()])
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "call 911" in text and "NOT CHECKED" in text
    assert repr(typo) in text and f"Did you mean: {second}" in text and repr(nonsense()) in text
    assert f"Not checked: {typo!r}" in result.stderr


def test_json_lists_unknown_names_with_suggestions(runner: CliRunner) -> None:
    first, second = urgent_pair()
    typo = unlisted_typo(first)
    result = runner.invoke(cli, ["check", first, second, typo, "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["urgent"] is True
    assert report["unknown"] == [{"name": typo, "suggestions": report["unknown"][0]["suggestions"]}]
    assert first in report["unknown"][0]["suggestions"]
    assert len(report["substances"]) == 2


def test_known_names_only_have_an_empty_unknown_list(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["check", *urgent_pair(), "--json"])
    assert json.loads(result.stdout)["unknown"] == []


def test_fewer_than_two_known_names_exits_2_naming_them(runner: CliRunner) -> None:
    first, second = urgent_pair()
    typo = unlisted_typo(second)
    result = runner.invoke(cli, ["check", first, typo, nonsense()])
    assert result.exit_code == 2 and result.stdout == ""
    message = " ".join(result.stderr.split())
    assert "at least two known names" in message and f"Known: {first}." in message
    assert repr(typo) in message and f"Did you mean: {second}" in message and repr(nonsense()) in message


def test_no_known_name_exits_2(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["check", nonsense(), nonsense(1)])
    assert result.exit_code == 2 and "None of the names is known" in result.stderr
