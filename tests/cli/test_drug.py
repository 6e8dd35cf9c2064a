"""``recoverynav drug``: readable text, JSON, did-you-mean, and exit 2 for unknown names."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from recoverynav.cli.main import cli
from recoverynav.knowledge import load_catalog
from recoverynav.knowledge.names import heading_case
from tests.names import unlisted_typo


def test_drug_json_has_the_documented_keys(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["drug", "baclofen", "--json"])
    assert result.exit_code == 0, result.output
    entry = json.loads(result.stdout)
    assert {"id", "names", "classes", "identifiers", "sections", "references"} <= set(entry)
    assert entry["id"] == "baclofen"


def test_drug_by_brand(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["drug", "Lioresal"])
    assert result.exit_code == 0
    assert result.stdout.startswith("Baclofen\n========")
    assert "REFERENCES" in result.stdout and "[1]" in result.stdout
    assert "Did you mean" not in result.stderr


def test_drug_misspelling_says_did_you_mean(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["drug", "baclophen"])
    assert result.exit_code == 0
    assert "Did you mean baclofen?" in result.stderr
    assert result.stdout.startswith("Baclofen\n========")


def test_unknown_drug_exits_2_with_message_on_stderr(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["drug", "nosuchdrug"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "No substance called 'nosuchdrug'" in result.stderr


def test_installed_entry_point_runs_in_a_fresh_process() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "recoverynav.cli", "drug", "Lioresal", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["id"] == "baclofen"
    # The fast path must not load pydantic or the web stack.
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from recoverynav.cli.main import main;\n"
            "try: main(['drug', 'baclofen'])\n"
            "except SystemExit: pass\n"
            "print(sorted(m for m in ('pydantic', 'fastapi', 'sqlalchemy') if m in sys.modules), file=sys.stderr)",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert probe.stderr.strip().endswith("[]"), probe.stderr


@pytest.mark.parametrize("name", ["baclofen", "baclophen", "Lioresal"])
def test_a_listed_name_or_misspelling_loads_no_more_than_the_exact_name(name: str) -> None:
    """A misspelling the monograph lists ("baclophen") is an exact look-up, like the generic name: no similarity
    search (rapidfuzz), no catalogue models, and neither pathlib nor dataclasses, which cost start-up more than
    the look-up itself (#21)."""
    heavy = ("rapidfuzz", "pydantic", "yaml", "pathlib", "dataclasses")
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from recoverynav.cli.main import main;\n"
            f"try: main(['drug', {name!r}])\n"
            "except SystemExit as exc: assert not exc.code, exc.code\n"
            f"print(sorted(m for m in {heavy!r} if m in sys.modules), file=sys.stderr)",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert probe.returncode == 0, probe.stderr
    assert probe.stderr.strip().endswith("[]"), probe.stderr
    assert ("Did you mean baclofen?" in probe.stderr) is (name == "baclophen")


LINK = "https://example.org/a-very-long-path-with-hyphens-that-must-stay-whole"


@pytest.mark.parametrize(
    ("title", "year", "first_line"),
    [
        ("A label", "n.d.", "[1] A label. FDA, n.d."),
        ("Why?", 2018, "[1] Why? FDA, 2018."),
    ],
)
def test_reference_lines_end_once_and_keep_links_whole(title: str, year: object, first_line: str) -> None:
    from recoverynav.cli.citations import reference_line

    cited = {"n": 1, "title": title, "source": "FDA", "year": year, "link": LINK}
    assert reference_line(cited, width=40) == f"{first_line}\n    {LINK}"


def test_an_unlisted_typo_is_not_shown_as_the_drug_it_resembles(runner: CliRunner) -> None:
    typo = unlisted_typo("baclofen")
    result = runner.invoke(cli, ["drug", typo])
    assert result.exit_code == 2 and result.stdout == ""
    assert f"No substance called {typo!r}" in result.stderr and "Did you mean: baclofen" in result.stderr


@pytest.mark.parametrize("sid", sorted(load_catalog().substances))
def test_the_heading_and_classes_read_as_the_monograph_writes_them(runner: CliRunner, sid: str) -> None:
    """ "MAOIs", "GHB" and "SSRIs" keep their capitals; classes show their labels, not ids (#11)."""
    substance = load_catalog().substances[sid]
    result = runner.invoke(cli, ["drug", sid])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == heading_case(substance.names.generic)
    labels = [load_catalog().classes[c].label for c in substance.classes]
    assert f"Classes: {', '.join(labels)}" in " ".join(result.stdout.split())


@pytest.mark.parametrize(("name", "words"), [("meth", "rarely life-threatening"), ("Xanax", "seizures")])
def test_drug_shows_how_dangerous_stopping_is(runner: CliRunner, name: str, words: str) -> None:
    """#11: the monograph shows its row of the one withdrawal table, cited."""
    result = runner.invoke(cli, ["drug", name])
    assert result.exit_code == 0, result.output
    block = result.stdout[result.stdout.index("STOPPING SUDDENLY") :].split("\n\n")[0]
    assert words in block and "[" in block
