"""CLI faults from #12: each is exit code 2 with a message naming the option or file and the fix."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from click.testing import CliRunner

from recoverynav.cli.main import cli
from tests.facility_databases import sample_bytes


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["overdose", "--country", ""], "--country"),
        (["overdose", "--country", "  "], "--country"),
        (["facilities", "sync", "--url", "", "--retries", "0"], "--url"),
        (["facilities", "sync", "--url", "notaurl", "--retries", "0"], "--url"),
        (["facilities", "sync", "--url", "ftp://example.org/", "--retries", "0"], "--url"),
        (["facilities", "sync", "--near", "22902", "--radius", "nan", "--url", "http://127.0.0.1:9/"], "--radius"),
        (["facilities", "sync", "--backoff", "inf", "--url", "http://127.0.0.1:9/"], "--backoff"),
        (["facilities", "sync", "--type", "S A", "--url", "http://127.0.0.1:9/"], "--type"),
        (["facilities", "sync", "--code", "BU|DT", "--url", "http://127.0.0.1:9/"], "--code"),
        (["serve", "--host", ""], "--host"),
        (["facilities", "sync", "--state-dir", "", "--url", "http://127.0.0.1:9/"], "--state-dir"),
        (["facilities", "sync", "--state-dir", "a\x00b", "--url", "http://127.0.0.1:9/"], "--state-dir"),
        (["facilities", "import", "a\x00b"], "FILE"),
        (["serve", "--host", "a b"], "--host"),
    ],
)
def test_bad_options_name_themselves(runner: CliRunner, args: list[str], named: str) -> None:
    result = runner.invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert named in result.stderr and "Traceback" not in result.output


def test_an_unwritable_state_dir_is_named(runner: CliRunner, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    for state in (blocker / "state", Path("/proc/recoverynav-state")):
        result = runner.invoke(cli, ["facilities", "sync", "--state-dir", str(state), "--url", "http://127.0.0.1:9/"])
        assert result.exit_code == 2 and "--state-dir" in result.stderr, result.output


def test_an_unreachable_locator_is_exit_2_and_says_run_again(
    runner: CliRunner, bundled_database: str, tmp_path: Path
) -> None:
    args = ["facilities", "sync", "--url", "http://127.0.0.1:9/x", "--retries", "0", "--state-dir", str(tmp_path)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 2 and "run sync again to resume" in result.stderr


def test_a_facts_file_that_is_not_utf8_is_named(runner: CliRunner, tmp_path: Path) -> None:
    facts = tmp_path / "facts.json"
    facts.write_bytes(b'{"substances": ["\xe9thanol"]}')
    result = runner.invoke(cli, ["place", "--facts", str(facts)])
    assert result.exit_code == 2 and "not UTF-8" in result.stderr and "facts.json" in result.stderr


@pytest.mark.parametrize(
    ("content", "fix"),
    [
        (gzip.compress(sample_bytes())[:2000], "ends early (a cut-off download?); download the file again"),
        (b"\x1f\x8b\x08\x00" + b"\xff" * 64, "download the file again"),
        (gzip.compress(b"[" * 100_000), "nested more than"),
    ],
)
def test_a_broken_file_is_a_file_error_not_aborted(
    runner: CliRunner, bundled_database: str, tmp_path: Path, content: bytes, fix: str
) -> None:
    file = tmp_path / "listing.json.gz"
    file.write_bytes(content)
    result = runner.invoke(cli, ["facilities", "import", str(file), "--format", "locator"])
    assert result.exit_code == 2, result.output
    assert "listing.json.gz" in result.stderr and fix in result.stderr and "Aborted" not in result.output
