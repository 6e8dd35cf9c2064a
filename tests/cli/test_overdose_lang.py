"""``recoverynav overdose`` in Spanish: ``--lang es``, or the terminal's locale (LC_ALL, LC_MESSAGES, LANG)."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from recoverynav.cli.main import cli
from recoverynav.emergency import first_aid_steps

ARGS = ["overdose", "--sign", "unresponsive", "--substance", "baclofen"]
CLEAN = {"LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"}


def _run(runner: CliRunner, args: list[str], **env: str) -> str:
    result = runner.invoke(cli, args, env={**CLEAN, **env})
    assert result.exit_code == 0, result.output
    return result.stdout


def test_lang_es_prints_the_spanish_steps_with_the_same_numbers_and_citations(runner: CliRunner) -> None:
    english, spanish = _run(runner, ARGS), _run(runner, [*ARGS, "--lang", "es"])
    assert spanish.startswith("NÚMERO DE EMERGENCIA: 911\nLínea de ayuda por envenenamiento")
    assert "LLAME AL 911 AHORA" in spanish and "REFERENCIAS" in spanish and "REFERENCES" not in spanish
    # Same phone numbers, same citation marks, same reference list (sources are cited in their own language).
    assert re.findall(r"\d-\d{3}-\d{3}-\d{4}|\[\d+\]", spanish) == re.findall(r"\d-\d{3}-\d{3}-\d{4}|\[\d+\]", english)
    assert spanish.split("REFERENCIAS", 1)[1].splitlines()[:-1] == english.split("REFERENCES", 1)[1].splitlines()[:-1]


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"LANG": "es_US.UTF-8"}, "es"),
        ({"LANG": "es_MX"}, "es"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "es_ES.UTF-8"}, "es"),
        ({"LANG": "es_US.UTF-8", "LC_ALL": "C"}, "en"),
    ],
)
def test_the_terminal_locale_picks_the_language(runner: CliRunner, env: dict[str, str], expected: str) -> None:
    out = _run(runner, ARGS, **env)
    assert out.startswith("NÚMERO DE EMERGENCIA" if expected == "es" else "EMERGENCY NUMBER")


def test_the_option_beats_the_locale(runner: CliRunner) -> None:
    assert _run(runner, [*ARGS, "--lang", "en"], LANG="es_US.UTF-8").startswith("EMERGENCY NUMBER")


def test_json_in_spanish_carries_the_protocol_text(runner: CliRunner) -> None:
    data = json.loads(_run(runner, [*ARGS, "--json", "--lang", "es"]))
    expected = first_aid_steps(["unresponsive"], ["baclofen"], "US", lang="es")
    assert [s["text"] for s in data["steps"]] == [s.text for s in expected.steps]
    assert data["poison_centre"]["number"] == "1-800-222-1222"


def test_notes_about_names_are_spanish_too(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["overdose", "--substance", "bacloffen", "--lang", "es"], env=CLEAN)
    assert result.exit_code == 0 and result.stderr == "¿Quiso decir baclofen? Se usa baclofen.\n"
    result = runner.invoke(cli, ["overdose", "--substance", "zzqxv", "--lang", "es"], env=CLEAN)
    assert result.exit_code == 0
    assert "'zzqxv' no está en la base de conocimientos" in result.stderr
