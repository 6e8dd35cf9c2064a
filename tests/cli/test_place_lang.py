"""``recoverynav place`` in Spanish (#19): ``--lang es`` or the terminal's locale; the engine's own Spanish words."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from recoverynav.cli.main import cli
from recoverynav.placement import Facts, recommend_level

CLEAN = {"LC_ALL": "", "LC_MESSAGES": "", "LANG": "C.UTF-8"}
CASES: list[dict[str, Any]] = [
    {"substances": ["alcohol"], "suicidal_thoughts": "active_plan", "daily_use": True},
    {"substances": ["baclofen", "alcohol"], "daily_use": True, "daily_dose_mg": 300, "home": "unsafe"},
    {"substances": ["heroin"], "daily_use": True, "pregnant": True, "support_people": False},
]


def _run(runner: CliRunner, tmp_path: Path, facts: dict[str, Any], *args: str, **env: str) -> str:
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(facts), encoding="utf-8")
    result = runner.invoke(cli, ["place", "--facts", str(path), *args], env={**CLEAN, **env})
    assert result.exit_code == 0, result.output
    return result.stdout


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("facts", CASES)
def test_lang_es_prints_the_engines_spanish_reasons_steps_and_headings(
    runner: CliRunner, tmp_path: Path, facts: dict[str, Any]
) -> None:
    english, spanish = _run(runner, tmp_path, facts), _run(runner, tmp_path, facts, "--lang", "es")
    es, en = recommend_level(Facts.model_validate(facts), lang="es"), recommend_level(Facts.model_validate(facts))
    flat_es, flat_en = _flat(spanish), _flat(english)
    for text, english_text in zip(
        [*(r.text for r in es.reasons), *es.next_steps], [*(r.text for r in en.reasons), *en.next_steps], strict=True
    ):
        assert _flat(text) in flat_es and _flat(english_text) not in flat_es
    assert "POR QUÉ" in spanish and "QUÉ HACER DESPUÉS" in spanish and "FUENTES" in spanish
    assert "WHAT TO DO NEXT" not in spanish and "SOURCES" not in spanish
    # The same citation marks, numbers and reference list: sources are cited in their own language.
    assert re.findall(r"\[\d+\]|\b9\d\d\b", spanish) == re.findall(r"\[\d+\]|\b9\d\d\b", english)
    assert spanish.split("FUENTES", 1)[1] == english.split("SOURCES", 1)[1]
    assert flat_en.count("ASAM-informed suggestion") == 1


def test_the_terminal_locale_chooses_spanish_and_lang_overrides_it(runner: CliRunner, tmp_path: Path) -> None:
    facts = CASES[1]
    from_locale = _run(runner, tmp_path, facts, LANG="es_US.UTF-8")
    assert "POR QUÉ" in from_locale
    assert "WHY" in _run(runner, tmp_path, facts, "--lang", "en", LANG="es_US.UTF-8")


def test_json_in_spanish_has_the_same_decision_and_spanish_words(runner: CliRunner, tmp_path: Path) -> None:
    facts = CASES[1]
    english = json.loads(_run(runner, tmp_path, facts, "--json"))
    spanish = json.loads(_run(runner, tmp_path, facts, "--json", "--lang", "es"))
    for key in ("level", "withdrawal_management", "option", "facility_codes", "finder_url", "sources"):
        assert spanish[key] == english[key], key
    es = recommend_level(Facts.model_validate(facts), lang="es")
    assert [r["text"] for r in spanish["reasons"]] == [r.text for r in es.reasons]
    assert spanish["reasons"] != english["reasons"]


def test_an_unknown_language_is_refused_naming_the_option(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(CASES[1]), encoding="utf-8")
    result = runner.invoke(cli, ["place", "--facts", str(path), "--lang", "fr"], env=CLEAN)
    assert result.exit_code == 2 and "--lang" in result.output


def _interactive(runner: CliRunner, answers: list[str], *args: str) -> tuple[str, dict[str, Any]]:
    result = runner.invoke(
        cli, ["place", "--interactive", "--json", *args], input="\n".join(answers) + "\n" * 30, env=CLEAN
    )
    assert result.exit_code == 0, result.output
    return result.output, json.loads(result.stdout[result.stdout.index("{") :])


def test_interactive_asks_in_spanish_and_reads_spanish_answers(runner: CliRunner) -> None:
    """#19: every question and choice of ``place --interactive --lang es`` is the catalogue's Spanish, and the answers
    a Spanish speaker types (sí, the Spanish choice words, the Spanish responsibilities) give the same decision as
    the English answers with the same meaning."""
    from recoverynav.cli import place as place_cli
    from recoverynav.i18n import gettext, use_language

    def spanish(message: str) -> str:
        with use_language("es"):
            return gettext(message)

    choice = {key: dict(options) for key, (_question, options) in place_cli._CHOICES.items()}
    words = {key: {value: spanish(label).lower() for value, label in opts.items()} for key, opts in choice.items()}
    picks = {"withdrawal_symptoms": "moderate", "suicidal_thoughts": "passive", "readiness": "ambivalent",
             "cravings": "strong", "home": "others_use"}  # fmt: skip
    flags = ["yes", "no", "no", "no", "no", "yes", "no", "no"]
    es_flags = ["sí" if f == "yes" else f for f in flags]
    english_answers = ["alcohol", "yes", "", *[picks[k] for k in choice], *flags, "1", "work, children", ""]
    spanish_answers = [
        "alcohol", "Sí", "", *[words[k][picks[k]] for k in choice], *es_flags, "1",
        f"{spanish('Work')}, {spanish('Children').upper()}", "",
    ]  # fmt: skip
    shown, in_spanish = _interactive(runner, spanish_answers, "--lang", "es")
    _, in_english = _interactive(runner, english_answers)

    for question, options in place_cli._CHOICES.values():
        assert spanish(question) in shown and spanish(question) != question
        for label in options:
            assert spanish(label[1]) in shown
    for question in place_cli._FLAGS.values():
        assert spanish(question) in shown and question not in shown
    retry = spanish("Please answer yes or no, or press Enter to skip.")
    assert (
        retry not in shown
        and spanish("Please answer with a number from 1 to %(count)s, or press Enter to skip.")[:20] not in shown
    )
    assert shown.splitlines()[0].startswith(spanish("In danger now? Call %(number)s.").split("%")[0])
    for field in ("level", "option", "withdrawal_management", "codes"):
        assert in_spanish.get(field) == in_english.get(field), field
    assert [r["rule"] for r in in_spanish["reasons"]] == [r["rule"] for r in in_english["reasons"]]
