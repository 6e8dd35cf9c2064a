"""recoverynav coverage guide --payment P --state ST [--json] (#17): the API's answer; bad input exits 2."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from recoverynav.cli.coverage import GUIDE_PAYMENTS
from recoverynav.cli.main import cli
from recoverynav.coverage import PAYMENT_TYPES


def test_the_help_lists_the_guide_payment_types() -> None:
    assert GUIDE_PAYMENTS.split(", ") == list(PAYMENT_TYPES)


def test_json_is_the_api_answer_with_codes(runner: CliRunner, client: TestClient) -> None:
    result = runner.invoke(cli, ["coverage", "guide", "--payment", "military", "--state", "ca", "--json"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.output)
    assert printed["codes"] == ["MI"]
    assert printed == client.get("/api/v1/coverage/guide", params={"payment": "military", "state": "CA"}).json()


def test_text_shows_statements_marks_the_search_and_sources(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["coverage", "guide", "--payment", "medicare", "--state", "VA"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("Medicare in Virginia\n")
    assert "January 1, 2020" in out and "/find?payment=medicare&near=VA" in out
    assert "recoverynav find --near VA" in out
    assert "[1] " in out and "https://" in out


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--payment", "medicaid", "--state", "ZZ"], "--state"),
        (["--payment", "medicaid", "--state", "Virginia"], "--state"),
        (["--payment", "cash", "--state", "VA"], "--payment"),
        (["--payment", "medicaid"], "--state"),
    ],
)
def test_bad_input_exits_2_naming_the_option(runner: CliRunner, args: list[str], option: str) -> None:
    result = runner.invoke(cli, ["coverage", "guide", *args])
    assert result.exit_code == 2
    assert option in result.output and "Traceback" not in result.output


def test_spanish_text_is_the_guides_spanish_with_the_same_marks(runner: CliRunner) -> None:
    from recoverynav.coverage import guide_for

    spanish = guide_for("medicare", "NY", lang="es")
    result = runner.invoke(cli, ["coverage", "guide", "--payment", "medicare", "--state", "NY", "--lang", "es"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert out.startswith("Medicare en Nueva York\n") and "Lo que suele cubrir" in out
    assert all(s.text in out for s in (*spanish.covers, *spanish.route, *spanish.questions, *spanish.apply))
    assert spanish.medicaid.text in out and "Ampliación de Medicaid en Nueva York" in out
    english = runner.invoke(cli, ["coverage", "guide", "--payment", "medicare", "--state", "NY", "--lang", "en"])
    # The same citation marks, in the same order, and the same sources and searches.
    assert [line.split("] ")[0] for line in english.output.split("Sources\n")[1].splitlines()] == [
        line.split("] ")[0] for line in out.split("Fuentes\n")[1].splitlines()
    ]
    marks = [m for line in out.splitlines() for m in line.split() if m.startswith("[") and m.endswith("]")]
    assert marks == [m for line in english.output.splitlines() for m in line.split() if m.startswith("[")]


def test_spanish_json_and_the_terminal_language(runner: CliRunner) -> None:
    args = ["coverage", "guide", "--payment", "none", "--state", "pr", "--json"]
    spanish = json.loads(runner.invoke(cli, [*args, "--lang", "es"]).output)
    english = json.loads(runner.invoke(cli, [*args, "--lang", "en"]).output)
    assert spanish["payment_label"] == "Sin seguro" and english["payment_label"] == "No insurance"
    assert spanish["citations"] == english["citations"] and spanish["codes"] == english["codes"]
    assert [s["marks"] for s in spanish["covers"]] == [s["marks"] for s in english["covers"]]
    terminal = runner.invoke(cli, args, env={"LC_ALL": None, "LC_MESSAGES": None, "LANG": "es_US.UTF-8"})
    assert json.loads(terminal.output) == spanish
