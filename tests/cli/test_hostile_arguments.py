"""The rule: every CLI command, given hostile arguments or files, exits 0 or 2 with a message; never a traceback.

Commands and their parameters are enumerated from ``cli.main.COMMANDS`` and click itself, so a new command or
option is covered without editing this file (a new command only needs a harmless baseline in ``BASE``).
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
import uvicorn
from click.testing import CliRunner

from recoverynav.cli.main import COMMANDS, cli
from tests.coverage.samples import SAMPLES
from tests.facility_databases import sample_bytes

# A harmless invocation of each command; "{sample}", "{feed}", "{plan}", "{facts}" and "{tmp}" are filled in per test.
# The sync's baseline points at a closed local port, so no hostile variation can reach the real locator.
BASE: dict[tuple[str, ...], list[str]] = {
    ("check",): ["alcohol", "baclofen"],
    ("compare",): ["no-such-frid", "other-frid", "--near", "22902"],
    ("drug",): ["baclofen"],
    ("facilities", "import"): ["{sample}"],
    ("facilities", "sync"): ["--url", "http://127.0.0.1:9/x", "--retries", "0", "--state-dir", "{tmp}/state"],
    ("facilities", "export"): ["{tmp}/out", "--format", "csv", "--state", "VT"],
    ("facilities", "reports", "resolve"): ["1", "--note", "checked"],
    ("find",): ["--near", "22902"],
    ("plan",): ["--file", "{plan}", "--pdf", "{tmp}/plan.pdf"],
    ("questions",): ["--care", "DT"],
    ("meetings", "find"): ["--near", "19103"],
    ("meetings", "import"): ["{feed}", "--feed", "hostile-test"],
    ("overdose",): [],
    ("place",): ["--facts", "{facts}"],
    ("screen",): ["audit-c", "--answers", "0,0,0"],
    ("serve",): [],
    # No password on standard input: each ends at exit 2 after the hostile value was read (or at it).
    ("users", "add"): ["hostile@example.org", "--role", "consultant", "--password-stdin"],
    ("users", "disable"): ["nobody@example.org"],
    ("users", "reset-2fa"): ["nobody@example.org"],
    ("users", "list"): [],
    ("audit", "verify"): [],
    ("audit", "export"): ["--since", "2026-01-01", "--output", "{tmp}/audit.json"],
    ("keys", "rotate"): ["--resume"],
    ("coverage", "parse"): ["{x12}", "--json"],
    ("coverage", "request"): [
        "--payer-id",
        "99999",
        "--payer-name",
        "EXAMPLE HEALTH PLAN",
        "--provider-npi",
        "1234567893",
        "--provider-name",
        "EXAMPLE RECOVERY CENTER",
        "--member-id",
        "W000000001",
        "--first-name",
        "JANE",
        "--last-name",
        "DOE",
        "--birth-date",
        "1980-01-31",
        "--service-type",
        "AI",
        "--output",
        "{tmp}/q.270",
    ],
    ("coverage", "guide"): ["--payment", "medicaid", "--state", "VA", "--json"],
    ("notifications", "list"): ["--pending", "--limit", "5", "--json"],
    # No SMTP host is configured in the tests: deliver reports the outbox as it is and sends nothing.
    ("notifications", "deliver"): [],
    ("notifications", "follow-ups"): [],
}
HOSTILE_VALUES = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\udcff",  # a byte of argv that is not UTF-8, as Python hands it over
    "\u00b2",
    "9" * 5000,
    "-1",
    "1e999",
    "nan",
    "\r\nINJECTED: yes",
    "javascript:alert(1)",
    "../../../../../../recoverynav-no-such-dir/passwd",  # traversal; never a real file: some options write
    "\u00e9" * 3000,
]
HOSTILE_FILES = {
    "not-utf8.json": b"\xff\xfe\x00{\x81\x82",
    "deep.json": b"[" * 100_000,
    "huge-int.json": b'{"x": ' + b"7" * 5000 + b"}",
    "empty.json": b"",
    "truncated.json.gz": gzip.compress(sample_bytes())[:500],
    "corrupt.json.gz": b"\x1f\x8b\x08\x00" + b"\x00" * 40,
    "nul.csv": b"name1,city,state,zip,latitude,longitude\nA\x00,B,VA,22902,38,-78\n",
}


def _paths(group: click.Group, prefix: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None
        if isinstance(command, click.Group):
            yield from _paths(command, (*prefix, name))
        else:
            yield (*prefix, name), command


COMMAND_PATHS = dict(_paths(cli, ()))


def test_every_command_has_a_baseline() -> None:
    assert {path[0] for path in COMMAND_PATHS} == set(COMMANDS)
    assert set(COMMAND_PATHS) == set(BASE)


def _is_path(param: click.Parameter) -> bool:
    return isinstance(param.type, (click.Path, click.File)) or param.name in ("facts_file", "file", "state_dir")


def _cases() -> Iterator[Any]:
    for path, command in COMMAND_PATHS.items():
        for param in command.params:
            if isinstance(param, click.Option) and (param.is_flag or param.name == "help"):
                continue
            values = list(HOSTILE_VALUES)
            if _is_path(param):
                values += [*HOSTILE_FILES, "{tmp}", "{tmp}/missing/x", "{sample}/x"]
            for value in values:
                case_id = f"{' '.join(path)} {param.name}={ascii(value)[:24]}"
                yield pytest.param(path, str(param.name), value, id=case_id)


def _invocation(path: tuple[str, ...], name: str, value: str) -> list[str]:
    command = COMMAND_PATHS[path]
    param = next(p for p in command.params if p.name == name)
    args = list(BASE[path])
    if isinstance(param, click.Option):
        flag = max(param.opts, key=len)
        if flag in args and not param.multiple:
            index = args.index(flag)
            args[index + 1] = value
        else:
            args += [flag, value]
        return [*path, *args]
    # Arguments lead each baseline: the hostile value takes the first one's place.
    return [*path, value, *args[1:]]


@pytest.fixture()
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    # Relative hostile paths ("nan", "-1") must land in the test's folder, never in the checkout.
    monkeypatch.chdir(tmp_path)
    found = {"{tmp}": str(tmp_path), "{sample}": str(tmp_path / "sample.json"), "{facts}": str(tmp_path / "f.json")}
    found["{feed}"] = str(tmp_path / "feed.json")
    found["{plan}"] = str(tmp_path / "plan.json")
    found["{x12}"] = str(SAMPLES / "demo.271")
    (tmp_path / "plan.json").write_text("{}", encoding="utf-8")
    (tmp_path / "feed.json").write_text(
        '[{"name": "Test group", "slug": "test-group", "day": 1, "time": "19:00", "types": ["O"],'
        ' "formatted_address": "1500 Market St, Philadelphia, PA 19102, USA", "timezone": "America/New_York"}]',
        encoding="utf-8",
    )
    (tmp_path / "sample.json").write_bytes(sample_bytes())
    (tmp_path / "f.json").write_text('{"substances": ["alcohol"], "daily_use": true}', encoding="utf-8")
    for name, content in HOSTILE_FILES.items():
        (tmp_path / name).write_bytes(content)
        found[name] = str(tmp_path / name)
    return found


@pytest.fixture()
def no_server(monkeypatch: pytest.MonkeyPatch) -> None:
    """``serve`` with an acceptable host would run forever: uvicorn (not ours) returns at once instead."""
    monkeypatch.setattr(uvicorn, "run", lambda *args, **kwargs: None)


@pytest.mark.parametrize(("path", "name", "value"), list(_cases()))
def test_hostile_arguments_exit_0_or_2_without_a_traceback(
    path: tuple[str, ...], name: str, value: str, files: dict[str, str], no_server: None
) -> None:
    args = _invocation(path, name, value)
    for placeholder, real in files.items():
        args = [a.replace(placeholder, real) if placeholder.startswith("{") or a == placeholder else a for a in args]
    result = CliRunner().invoke(cli, args)
    shown = f"{args!r}\n{result.output}"
    assert result.exception is None or isinstance(result.exception, SystemExit), (shown, result.exc_info)
    assert result.exit_code in (0, 2), shown
    assert "Traceback" not in result.output, shown
    if result.exit_code == 2:
        assert result.stderr.strip(), shown
