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
