"""``recoverynav drug --lang es`` (#19): a translated monograph in Spanish with the English one's citations."""

from __future__ import annotations

import re

from click.testing import CliRunner

from recoverynav.cli.main import cli


def _marks(text: str) -> list[str]:
    body = text.split("REFERENC")[0]  # REFERENCES / REFERENCIAS: the statements only
    return re.findall(r"(?:\[\d+\])+", body)


def test_spanish_statements_cite_what_the_english_cite(runner: CliRunner) -> None:
    english = runner.invoke(cli, ["drug", "baclofen", "--lang", "en"])
    spanish = runner.invoke(cli, ["drug", "baclofeno", "--lang", "es"])  # the Spanish name finds it too
    assert english.exit_code == spanish.exit_code == 0, spanish.output
    assert spanish.stdout.startswith("Baclofeno\n") and "DESCRIPCIÓN GENERAL" in spanish.stdout
    assert "DEJARLO DE GOLPE (Baclofeno)" in spanish.stdout and "no controlada" in spanish.stdout
    assert _marks(spanish.stdout) == _marks(english.stdout) and len(_marks(english.stdout)) > 30
    as_json = runner.invoke(cli, ["drug", "baclofen", "--lang", "es", "--json"]).stdout
    assert '"lang": "es"' in as_json and '"review": "FOR REVIEW"' in as_json


def test_the_terminal_language_is_followed_and_untranslated_drugs_say_so(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["drug", "zolpidem"], env={"LC_ALL": None, "LC_MESSAGES": None, "LANG": "es_US.UTF-8"})
    assert result.exit_code == 0
    assert "las afirmaciones de abajo están en inglés" in result.stdout and "Marcas:" in result.stdout
    english = runner.invoke(cli, ["drug", "zolpidem"], env={"LC_ALL": "C", "LANG": "es_US.UTF-8"})
    assert "Brands:" in english.stdout and "inglés" not in english.stdout
