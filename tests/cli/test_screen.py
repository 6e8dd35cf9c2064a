"""``recoverynav screen``: published scoring at every band boundary, --sex, --json, --fhir, exit 2 on bad input."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from fhir.resources.R4B.bundle import Bundle

from recoverynav.cli.main import cli

# DAST-10 (item 3 reversed: index 1 = "yes" = 0 points) and AUDIT (items 9-10: index 1 = 2 points, 2 = 4 points).
DAST_BOUNDARIES = [
    ("0,0,1,0,0,0,0,0,0,0", 0, "none"),
    ("0,0,0,0,0,0,0,0,0,0", 1, "low"),
    ("1,0,1,0,0,0,0,0,0,0", 1, "low"),
    ("1,1,1,0,0,0,0,0,0,0", 2, "low"),
    ("1,1,0,0,0,0,0,0,0,0", 3, "moderate"),
    ("1,1,0,1,1,0,0,0,0,0", 5, "moderate"),
    ("1,1,0,1,1,1,0,0,0,0", 6, "substantial"),
    ("1,1,0,1,1,1,1,1,0,0", 8, "substantial"),
    ("1,1,0,1,1,1,1,1,1,0", 9, "severe"),
    ("1,1,0,1,1,1,1,1,1,1", 10, "severe"),
]
AUDIT_BOUNDARIES = [
    ("0,0,0,0,0,0,0,0,0,0", 0, "zone-1"),
    ("1,1,1,1,1,1,1,0,0,0", 7, "zone-1"),
    ("1,1,1,1,1,1,1,1,0,0", 8, "zone-2"),
    ("2,2,2,2,2,1,1,1,1,0", 15, "zone-2"),
    ("2,2,2,2,2,2,1,1,1,0", 16, "zone-3"),
    ("3,2,2,2,2,2,2,2,1,0", 19, "zone-3"),
    ("3,3,2,2,2,2,2,2,1,0", 20, "zone-4"),
    ("4,4,4,4,4,4,4,4,2,2", 40, "zone-4"),
]


@pytest.mark.parametrize(("answers", "score", "band"), DAST_BOUNDARIES)
def test_dast_10_every_band_boundary(runner: CliRunner, answers: str, score: int, band: str) -> None:
    result = runner.invoke(cli, ["screen", "dast-10", "--answers", answers, "--json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert (body["instrument"], body["score"], body["band"]) == ("dast-10", score, band)


@pytest.mark.parametrize(("answers", "score", "band"), AUDIT_BOUNDARIES)
def test_audit_every_band_boundary(runner: CliRunner, answers: str, score: int, band: str) -> None:
    result = runner.invoke(cli, ["screen", "audit", "--answers", answers, "--json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert (body["score"], body["band"]) == (score, band)


@pytest.mark.parametrize(("sex", "positive"), [("female", True), ("male", False)])
def test_audit_c_applies_the_cut_off_for_the_sex_given(runner: CliRunner, sex: str, positive: bool) -> None:
    result = runner.invoke(cli, ["screen", "audit-c", "--answers", "1,1,1", "--sex", sex, "--json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["score"] == 3 and body["positive"] is positive and body["sex"] == sex


def test_fhir_output_validates_and_carries_loinc(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["screen", "audit", "--answers", "1,1,1,1,1,1,1,1,0,0", "--fhir"])
    assert result.exit_code == 0, result.output
    bundle = Bundle.model_validate_json(result.stdout)
    observation = json.loads(result.stdout)["entry"][2]["resource"]
    assert observation["code"]["coding"][0] == {
        "system": "http://loinc.org",
        "code": "75624-7",
        "display": "Total score [AUDIT]",
    }
    assert observation["valueInteger"] == 8 and bundle.type == "collection"


def test_text_output_shows_meaning_next_steps_and_terms(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["screen", "dsm5-sud", "--answers", "1,1,0,0,0,0,0,0,0,1,1,1"])
    assert result.exit_code == 0, result.output
    assert "Criteria met (0-11): 2" in result.stdout and "severity: mild" in result.stdout
    assert "/treatment/assess" in result.stdout and "American Psychiatric Association" in result.stdout
    assert "baclofen" in result.stdout and "Nothing was stored" in result.stdout


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["audit", "--answers", "1,2,3"], "item 4 (q4) is missing"),
        (["audit", "--answers", "0,0,0,0,0,0,0,0,3,0"], "item 9 (q9) has options 0-2"),
        (["ciwa-ar", "--answers", "0,0,0,0,0,0,0,0,0,5"], "item 10 (orientation)"),
        (["dast-10", "--answers", "1,0,x,0,0,0,0,0,0,0"], "answer 3 is 'x'"),
        (["audti", "--answers", "0"], "Did you mean"),
        (["audit-c", "--answers", "0,0,0", "--json", "--fhir"], "choose one output"),
        (["audit-c", "--answers", "0,0,0", "--sex", "other"], "--sex"),
    ],
)
def test_bad_input_exits_2_naming_the_problem(runner: CliRunner, args: list[str], fragment: str) -> None:
    result = runner.invoke(cli, ["screen", *args])
    assert result.exit_code == 2
    assert fragment in result.stderr
    assert result.stdout == ""


def test_interactive_asks_each_item(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["screen", "audit-c"], input="female\n1\n1\n1\n")
    assert result.exit_code == 0, result.output
    assert "How often do you have six or more drinks on one occasion?" in result.stdout
    assert "Positive (women, 3 or more)" in result.stdout


def test_interactive_skips_items_the_skip_logic_does_not_ask(runner: CliRunner) -> None:
    # S2BI: "Never" to tobacco, alcohol and marijuana -> the four follow-ups are not asked.
    result = runner.invoke(cli, ["screen", "s2bi", "--age", "15"], input="0\n0\n0\n")
    assert result.exit_code == 0, result.output
    assert "inhalants" not in result.stdout and "No use" in result.stdout


def test_help_lists_every_instrument(runner: CliRunner) -> None:
    from recoverynav.screening import all_instruments

    result = runner.invoke(cli, ["screen", "--help"])
    assert all(instrument_id in result.stdout for instrument_id in all_instruments())
