"""``recoverynav plan --file PLAN.json --pdf OUT.pdf [--ics OUT.ics]``; bad files exit 2 and write nothing."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from pypdf import PdfReader

from recoverynav.cli.main import cli

PLAN = {
    "coping_now": ["call Sam"],
    "meetings": [{"name": "Step study", "day": "tue", "time": "19:30", "timezone": "America/Los_Angeles"}],
}


def test_plan_file_to_pdf_and_ics(runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "plan.json"
    source.write_text(json.dumps(PLAN))
    result = runner.invoke(
        cli, ["plan", "--file", str(source), "--pdf", str(tmp_path / "p.pdf"), "--ics", str(tmp_path / "p.ics")]
    )
    assert result.exit_code == 0, result.output
    assert "call Sam" in PdfReader(tmp_path / "p.pdf").pages[0].extract_text()
    assert "TZID=America/Los_Angeles" in (tmp_path / "p.ics").read_text()


def test_bad_plan_file_exits_2_and_writes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "plan.json"
    source.write_text(json.dumps({"people": [{"name": "SECRETQ", "phone": "SECRETQ"}]}))
    result = runner.invoke(cli, ["plan", "--file", str(source), "--pdf", str(tmp_path / "p.pdf")])
    assert result.exit_code == 2 and "people[0].phone" in result.output and "SECRETQ" not in result.output
    assert not (tmp_path / "p.pdf").exists()


def test_ics_without_scheduled_events_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "plan.json"
    source.write_text(json.dumps({"coping_now": ["walk"]}))
    result = runner.invoke(
        cli, ["plan", "--file", str(source), "--pdf", str(tmp_path / "p.pdf"), "--ics", str(tmp_path / "p.ics")]
    )
    assert result.exit_code == 2 and "--ics" in result.output
    assert not (tmp_path / "p.pdf").exists()


def test_missing_file_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["plan", "--file", str(tmp_path / "nope.json"), "--pdf", str(tmp_path / "p.pdf")])
    assert result.exit_code == 2


def test_an_output_that_cannot_be_written_exits_2_before_anything_is_made(runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "plan.json"
    source.write_text(json.dumps(PLAN))
    cases = [
        (["--pdf", str(tmp_path / "missing" / "p.pdf")], "--pdf: the folder"),
        (["--pdf", str(tmp_path)], "'--pdf'"),  # click's own check: a folder
        (["--pdf", str(tmp_path / "p.pdf"), "--ics", str(tmp_path / "nope" / "p.ics")], "--ics: the folder"),
    ]
    for args, message in cases:
        result = runner.invoke(cli, ["plan", "--file", str(source), *args])
        assert result.exit_code == 2 and message in result.output, (args, result.output)
        assert not (tmp_path / "p.pdf").exists()
