"""``recoverynav overdose``: JSON for the done-when cases, readable text, exit 2 for bad input."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

from recoverynav.cli.main import cli


def test_baclofen_not_breathing_json(runner: CliRunner) -> None:
    args = ["overdose", "--sign", "unresponsive", "--sign", "not_breathing", "--substance", "baclofen", "--json"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"emergency_number", "is_emergency", "steps"} <= set(data)
    actions = [s["action"] for s in data["steps"]]
    assert actions[:2] == ["call_emergency", "cpr"]
    assert "naloxone" not in actions[:2]
    assert any("no antidote" in s["text"] for s in data["steps"] if s["action"] == "hospital_care")
    assert all({"action", "text"} <= set(s) for s in data["steps"])


def test_opioid_signs_give_naloxone(runner: CliRunner) -> None:
    result = runner.invoke(
        cli, ["overdose", "--substance", "fentanyl", "--sign", "slow_or_shallow_breathing", "--json"]
    )
    assert result.exit_code == 0, result.output
    assert "naloxone" in [s["action"] for s in json.loads(result.stdout)["steps"]]


def test_text_output_starts_with_the_number(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["overdose", "--sign", "seizure", "--country", "gb"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("EMERGENCY NUMBER: 999")
    assert "KEEP THEM SAFE DURING THE SEIZURE" in result.stdout


def test_bad_sign_exits_2_naming_it_and_listing_valid(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["overdose", "--sign", "sleepy"])
    assert result.exit_code == 2
    assert "'sleepy'" in result.stderr and "not_breathing" in result.stderr
    assert result.stdout == ""


def test_unknown_country_exits_2(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["overdose", "--country", "ZZ"])
    assert result.exit_code == 2
    assert "--country" in result.stderr and "two-letter ISO 3166" in result.stderr


def test_unknown_substance_is_a_note_not_an_error(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["overdose", "--substance", "zzqx", "--sign", "pinpoint_pupils", "--json"])
    assert result.exit_code == 0
    assert "not in the knowledge base" in result.stderr


def test_text_cites_numbered_references_not_source_ids(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["overdose", "--sign", "unresponsive", "--substance", "xanax"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    steps, _, references = out.partition("\nREFERENCES\n")
    assert references, out
    # Every cited number in the steps has a line in the list, and no raw source id is printed anywhere.
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", steps)}
    listed = [int(n) for n in re.findall(r"^\[(\d+)\] ", references, flags=re.M)]
    assert cited and sorted(cited) == listed == list(range(1, len(listed) + 1))
    assert "Sources:" not in out and "samhsa-overdose-prevention-response-toolkit" not in out
    assert "https://" in references


def test_naloxone_after_the_call_whatever_was_named(runner: CliRunner) -> None:
    for substance in ("xanax", "ghb", "baclofen", "alcohol", "tranq", "xylazine", "zzqx-unheard-of"):
        for sign in ("unresponsive", "not_breathing", "blue_lips", "slow_or_shallow_breathing"):
            args = ["overdose", "--sign", sign, "--substance", substance, "--json"]
            actions = [s["action"] for s in json.loads(runner.invoke(cli, args).stdout)["steps"]]
            assert actions[0] == "call_emergency" and "naloxone" in actions, (sign, substance, actions)


def test_poison_help_never_reads_as_an_alternative_when_hospital_is_needed(runner: CliRunner) -> None:
    calm = runner.invoke(cli, ["overdose", "--sign", "vomiting"]).stdout
    assert "Poison Help: 1-800-222-1222" in calm.splitlines()[1]
    for args in (["--sign", "seizure"], ["--sign", "awake_and_talking", "--substance", "baclofen"]):
        out = runner.invoke(cli, ["overdose", *args]).stdout
        header = out.splitlines()[1]
        assert "1-800-222-1222" in header and "does not replace" in header, out
        data = json.loads(runner.invoke(cli, ["overdose", *args, "--json"]).stdout)
        assert data["hospital_needed"] is True
        assert "call_poison_centre" not in [s["action"] for s in data["steps"]]
