"""``recoverynav check`` in Spanish (#19): ``--lang es`` or the terminal's locale; the rules' own Spanish, from the
compiled bundle, the same as the engine's Spanish report."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from recoverynav.cli.main import cli
from recoverynav.interactions import check_combination
from recoverynav.interactions.rulebook import load_words

CLEAN = {"LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"}
NAMES = [
    ["baclofen", "alcohol"],
    ["oxycodone", "xanax", "gabapentin"],
    ["coke", "beer"],
    ["tylenol", "percocet"],
    ["benzos", "xanax"],
    ["nicotine", "sertraline"],
]


def _run(runner: CliRunner, args: list[str], **env: str) -> str:
    result = runner.invoke(cli, args, env={**CLEAN, **env})
    assert result.exit_code == 0, result.output
    return result.stdout


def _flat(text: str) -> str:
    """The text with its line wrapping undone (bullets' continuation indents become single spaces)."""
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("names", NAMES, ids="+".join)
def test_json_in_spanish_is_the_engines_spanish_report(runner: CliRunner, names: list[str]) -> None:
    data = json.loads(_run(runner, ["check", "--json", "--lang", "es", *names]))
    assert data == check_combination(names, "es").model_dump(mode="json")


@pytest.mark.parametrize("names", NAMES, ids="+".join)
def test_text_in_spanish_says_every_findings_spanish_and_no_english(runner: CliRunner, names: list[str]) -> None:
    out = _flat(_run(runner, ["check", "--lang", "es", *names]))
    spanish, english = check_combination(names, "es"), check_combination(names)
    words = load_words("es")
    for finding in spanish.findings:
        for statement in (*finding.advice, *finding.effects):
            assert _flat(statement) in out
        assert set(finding.advice) <= set(words.text.values())
    for finding in english.findings:
        for statement in finding.advice:
            assert _flat(statement) not in out
    for note in spanish.notes:
        assert _flat(note) in out
    if spanish.urgent_advice:
        assert f"{words.urgent_when}, llame al 911 ahora." in out
    assert "REFERENCIAS" in out or not spanish.findings
    assert "What to do" not in out and "Highest severity" not in out


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"LANG": "es_US.UTF-8"}, "es"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "es_MX.UTF-8"}, "es"),
        ({"LANG": "es_US.UTF-8", "LC_ALL": "C"}, "en"),
    ],
)
def test_the_terminal_locale_picks_the_language(runner: CliRunner, env: dict[str, str], expected: str) -> None:
    out = _run(runner, ["check", "baclofen", "alcohol"], **env)
    assert out.startswith("COMBINACIÓN:" if expected == "es" else "COMBINATION:")


def test_the_option_beats_the_locale(runner: CliRunner) -> None:
    out = _run(runner, ["check", "--lang", "en", "baclofen", "alcohol"], LANG="es_US.UTF-8")
    assert out.startswith("COMBINATION:") and "Highest severity: MAJOR" in out


def test_a_spanish_refusal_is_spanish_and_exits_2(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["check", "--lang", "es", "baclofen"], env=CLEAN)
    assert result.exit_code == 2 and "Escriba al menos dos nombres" in result.output
