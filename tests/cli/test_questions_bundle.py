"""``recoverynav questions``' compiled answers: fresh against the questions, and the same output on both paths."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from recoverynav.cli import questions as command
from recoverynav.cli.main import cli


def test_committed_questions_bundle_is_fresh() -> None:
    for name, text in command.render_questions_bundle().items():
        assert (command.questions_bundle_dir() / name).read_text(encoding="utf-8") == text, (
            f"cli/{name} is stale: run `python scripts/build_bundle.py`"
        )


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--care", "DT"],
        ["--care", " res ", "--medication", "bu"],
        ["--medication", "METH", "--json"],
        ["--care", "OIT", "--medication", "NU"],
        ["--care", "op", "--json"],
        ["--care", "XX"],
        ["--medication", "naloxone"],
        ["--care", "D T"],
        ["--care", "DT|BU"],
    ],
)
def test_command_prints_the_same_on_both_paths(args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    fast = CliRunner().invoke(cli, ["questions", *args])
    monkeypatch.setattr(command, "compiled_questions", lambda care, medication: None)
    full = CliRunner().invoke(cli, ["questions", *args])
    assert (fast.exit_code, fast.output) == (full.exit_code, full.output)
    assert fast.exit_code in (0, 2)
