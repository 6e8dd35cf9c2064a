"""``recoverynav overdose --substance`` with a name no monograph lists: unknown, with "did you mean" (#11)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from recoverynav.cli.main import cli
from recoverynav.knowledge import load_catalog
from tests.names import nonsense, unlisted_typo

CATALOG = load_catalog()
GENERICS = sorted(s.names.generic for s in CATALOG.substances.values() if len(s.names.generic) >= 7)


@pytest.mark.parametrize("generic", GENERICS[:: max(1, len(GENERICS) // 8)])
def test_a_typo_is_unknown_with_the_name_to_confirm(runner: CliRunner, generic: str) -> None:
    typo = unlisted_typo(generic)
    signs = ["--sign", "unresponsive", "--sign", "blue_lips"]
    result = runner.invoke(cli, ["overdose", *signs, "--substance", typo, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["unknown"] == [{"name": typo, "suggestions": data["substances"][0]["suggestions"]}]
    assert generic in data["unknown"][0]["suggestions"] and data["substances"][0]["known"] is False
    assert f"Did you mean {generic}" in result.stderr or f"or {generic}" in result.stderr
    # The steps are those for a name nothing resembles: the guess is never used.
    baseline = json.loads(runner.invoke(cli, ["overdose", *signs, "--substance", nonsense(), "--json"]).stdout)
    assert data["steps"] == baseline["steps"]


def test_text_output_keeps_the_number_first_and_the_question_on_stderr(runner: CliRunner) -> None:
    typo = unlisted_typo(GENERICS[0])
    result = runner.invoke(cli, ["overdose", "--sign", "unresponsive", "--substance", typo])
    assert result.exit_code == 0
    assert result.stdout.startswith("EMERGENCY NUMBER:") and "Did you mean" in result.stderr
