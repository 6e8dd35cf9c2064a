"""``recoverynav place``: facts file, JSON, interactive questions, and exit 2 on bad input."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from recoverynav.cli.main import cli


def _write(tmp_path: Path, facts: object) -> str:
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(facts), encoding="utf-8")
    return str(path)


def test_place_json(runner: CliRunner, tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        {
            "substances": ["baclofen", "alcohol"],
            "daily_use": True,
            "daily_dose_mg": 300,
            "history_withdrawal_seizures_or_dts": True,
        },
    )
    result = runner.invoke(cli, ["place", "--facts", path, "--json"])
    assert result.exit_code == 0, result.output
    rec = json.loads(result.stdout)
    assert rec["option"] == "detox" and rec["withdrawal_management"] == "4-WM"


def test_place_text_puts_urgent_first(runner: CliRunner, tmp_path: Path) -> None:
    path = _write(tmp_path, {"substances": ["alcohol"], "suicidal_thoughts": "active_plan"})
    result = runner.invoke(cli, ["place", "--facts", path])
    assert result.exit_code == 0
    assert result.stdout.startswith("URGENT") and "988" in result.stdout.splitlines()[1]
    assert "ASAM-informed suggestion" in result.stdout and "SOURCES" in result.stdout


def test_place_reads_stdin(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["place", "--facts", "-", "--json"], input='{"substances": ["alcohol"]}')
    assert result.exit_code == 0 and json.loads(result.stdout)["option"] == "outpatient"


def test_bad_field_exits_2_naming_it(runner: CliRunner, tmp_path: Path) -> None:
    path = _write(tmp_path, {"substances": ["alcohol"], "home": "castle"})
    result = runner.invoke(cli, ["place", "--facts", path])
    assert result.exit_code == 2 and result.stdout == ""
    assert "home" in result.stderr


def test_not_json_and_missing_file_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{nope", encoding="utf-8")
    assert runner.invoke(cli, ["place", "--facts", str(bad)]).exit_code == 2
    assert runner.invoke(cli, ["place", "--facts", str(tmp_path / "missing.json")]).exit_code == 2
    assert runner.invoke(cli, ["place"]).exit_code == 2


def test_interactive_asks_and_answers(runner: CliRunner) -> None:
    answers = [
        "alcohol",  # substances
        "yes",  # daily use
        "",  # dose
        "moderate",  # withdrawal
        "none",  # suicidal thoughts
        "ready",  # readiness
        "mild",  # cravings
        "stable",  # home
        "yes",  # seizures / DTs
        "no",
        "no",
        "no",
        "no",
        "no",  # unstable medical, pregnant, kidney, baclofen pump, mental health
        "yes",  # support people
        "no",  # remission
        "0",  # relapses
        "work",  # responsibilities
        "22902",  # near
    ]
    result = runner.invoke(cli, ["place", "--interactive", "--json"], input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    rec = json.loads(result.stdout[result.stdout.index("{") :])
    assert rec["withdrawal_management"] == "3.7-WM" and rec["finder_url"].endswith("near=22902")


def test_interactive_takes_no_for_none_and_any_case(runner: CliRunner) -> None:
    answers = ["alcohol", "yes", "", "None", "no", "Ready", "NO", "stable", *["no"] * 6, "yes", "no", "0", "", ""]
    result = runner.invoke(cli, ["place", "--interactive", "--json"], input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "Please answer" not in result.output
    rec = json.loads(result.stdout[result.stdout.index("{") :])
    assert not any(r["rule"].endswith("cravings") for r in rec["reasons"])  # "NO" read as no cravings


def test_interactive_shows_the_emergency_line_first_and_plain_words(runner: CliRunner) -> None:
    """#11: the emergency numbers come before any question, and choices are words a person uses, not ids."""
    result = runner.invoke(cli, ["place", "--interactive", "--json"], input="alcohol\n" + "\n" * 30)
    first = result.output.splitlines()[0]
    assert "911" in first and "988" in first
    assert "Yes, with a plan" in result.output and "People there use" in result.output
    for code_word in ("active_plan", "not_ready", "others_use"):
        assert code_word not in result.output


def test_interactive_takes_numbers_and_asks_about_a_baclofen_pump(runner: CliRunner) -> None:
    # substances, daily, dose; withdrawal 2=mild, suicide 1, readiness 1, cravings 1, home 1; flags; pump yes
    answers = ["baclofen", "yes", "", "2", "1", "1", "1", "1", "no", "no", "no", "no", "yes", "no", "yes", "no"]
    result = runner.invoke(cli, ["place", "--interactive", "--json"], input="\n".join(answers) + "\n" * 5)
    assert result.exit_code == 0, result.output
    rec = json.loads(result.stdout[result.stdout.index("{") :])
    assert rec["option"] != "detox" and rec["withdrawal_management"] is None
    assert rec["urgent"] is not None and rec["headline"]["kind"] == "crisis"
