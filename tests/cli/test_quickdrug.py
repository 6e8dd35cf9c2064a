"""``recoverynav drug NAME`` answered before click is imported (#21): the same bytes and exit code as the click
command, no click in the process, and every other command line still handed to click."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from recoverynav.cli.main import cli
from recoverynav.cli.quickdrug import parse, quick_drug
from recoverynav.knowledge import load_catalog
from tests.names import nonsense, unlisted_typo

LOCALE = ("LC_ALL", "LC_MESSAGES", "LANG")
# The terminal's language as the environment gives it: unset, English, Spanish (each variable in turn), C and
# a language neither supported nor English.
ENVIRONMENTS: tuple[dict[str, str], ...] = (
    {},
    {"LANG": "en_US.UTF-8"},
    {"LANG": "es_MX.UTF-8"},
    {"LC_MESSAGES": "es_ES.UTF-8", "LANG": "en_US.UTF-8"},
    {"LC_ALL": "es", "LANG": "en_US.UTF-8"},
    {"LC_ALL": "C", "LANG": "es_US.UTF-8"},
    {"LANG": "fr_FR.UTF-8"},
)
# Every way of writing the options the fast path answers, NAME's place marked by None.
SHAPES: tuple[tuple[str | None, ...], ...] = (
    (None,),
    (None, "--json"),
    ("--json", None),
    (None, "--lang", "es"),
    (None, "--lang", "en"),
    ("--lang", "es", None),
    (None, "--lang=es"),
    ("--lang=en", None),
    ("--lang", "es", "--json", None),
    (None, "--json", "--lang=es"),
    ("--json", None, "--lang", "en"),
    ("--", None),
    ("--json", "--", None),
    (None, "--"),
)
HOSTILE = (
    "",
    " ",
    "baclofen ",
    "BACLOFEN",
    "bac\tlofen",
    "bac\nlofen",
    "\x07\x08\x7f",
    "\u202ebaclofen",
    "baclofeno",
    "ñandú",
    "Ｂａｃｌｏｆｅｎ",
    "b\u0301aclofen",
    "🙂💊",
    "a" * 64,
    "x" * 10_000,
    "baclofen; rm -rf /",
    "%(name)s",
    "{name}",
    "'\"",
)


def _catalogue_names() -> list[str]:
    """Every name the monographs list: generic, synonyms, brands, street names and misspellings."""
    names: list[str] = []
    for substance in load_catalog().substances.values():
        n = substance.names
        names += [n.generic, *n.synonyms, *n.brands, *n.street, *n.misspellings]
    return sorted(set(names))


def _argv(shape: tuple[str | None, ...], name: str) -> list[str]:
    return [name if part is None else part for part in shape]


def _cases() -> Iterator[tuple[list[str], dict[str, str]]]:
    """Every listed name, every generic name in every shape, unknown and hostile names; environments rotated."""
    catalogue = load_catalog().substances.values()
    generics = [s.names.generic for s in catalogue]
    others = [*_catalogue_names(), *HOSTILE, unlisted_typo("baclofen"), nonsense(), nonsense(3)]
    n = 0
    for name in generics:
        for shape in SHAPES:
            yield _argv(shape, name), ENVIRONMENTS[n % len(ENVIRONMENTS)]
            n += 1
    for name in others:
        yield _argv(SHAPES[n % len(SHAPES)], name), ENVIRONMENTS[n % len(ENVIRONMENTS)]
        n += 1


def _fast(args: list[str], env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> tuple[bytes, bytes, int]:
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    with monkeypatch.context() as m:
        for variable in LOCALE:
            m.delenv(variable, raising=False)
        for variable, value in env.items():
            m.setenv(variable, value)
        m.setattr(sys, "stdout", out)
        m.setattr(sys, "stderr", err)
        code = quick_drug(args)
    assert code is not None, f"the fast path handed {args!r} to click"
    out.flush()
    err.flush()
    return out.buffer.getvalue(), err.buffer.getvalue(), code


def test_the_fast_path_prints_what_the_click_command_prints(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every listed name, brand and misspelling, unknown and hostile names, both languages, text and JSON, the
    terminal's language varied: the same stdout, stderr and exit code, byte for byte."""
    seen = {"did you mean": 0, "unknown": 0, "es": 0, "json": 0}
    count = 0
    for args, env in _cases():
        fast = _fast(args, env, monkeypatch)
        full = runner.invoke(cli, ["drug", *args], env={v: env.get(v) for v in LOCALE})
        assert fast == (full.stdout_bytes, full.stderr_bytes, full.exit_code), (args, env)
        count += 1
        seen["did you mean"] += b"?" in fast[1] and fast[2] == 0
        seen["unknown"] += fast[2] == 2
        seen["es"] += b"REFERENCIAS" in fast[0] or b'"lang": "es"' in fast[0]
        seen["json"] += fast[0].startswith(b"{")
    assert count > 1000 and all(seen.values()), seen


@pytest.mark.parametrize("name", ["\x1b[31mbaclofen", "baclofen\x1b]0;title\x07"])
def test_an_escape_character_goes_to_click_which_strips_it_off_a_terminal(name: str) -> None:
    assert parse([name]) == (name, None, False)
    assert quick_drug([name]) is None


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--help"],
        ["-h"],
        ["baclofen", "--help"],
        ["baclofen", "-h"],
        ["baclofen", "Xanax"],
        ["--json"],
        ["--lang", "es"],
        ["baclofen", "--lang"],
        ["baclofen", "--lang", "fr"],
        ["baclofen", "--lang", "ES"],
        ["baclofen", "--lang="],
        ["baclofen", "--lang=fr"],
        ["baclofen", "--lang", "--json"],
        ["baclofen", "--lang", "en", "--lang", "es"],
        ["baclofen", "--lang=en", "--lang", "en"],
        ["baclofen", "--json", "--json"],
        ["baclofen", "--json=1"],
        ["baclofen", "--js"],
        ["baclofen", "--lan", "es"],
        ["baclofen", "-j"],
        ["baclofen", "--verbose"],
        ["-baclofen"],
        ["-"],
        ["--", "-baclofen"],
        ["--", "--json"],
        ["--", "baclofen", "--json"],
        ["baclofen", "--", "--json"],
        ["baclofen", "--", "Xanax"],
    ],
)
def test_other_shapes_go_to_click(args: list[str]) -> None:
    assert parse(args) is None
    assert quick_drug(args) is None


def test_arguments_that_are_not_utf8_completion_and_rewrapped_streams_go_to_click(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert quick_drug(["bac\udcfflofen"]) is None  # a byte of argv that is not UTF-8: the group refuses it
    with monkeypatch.context() as m:
        m.setenv("_RECOVERYNAV_COMPLETE", "bash_complete")
        assert quick_drug(["baclofen"]) is None
    with monkeypatch.context() as m:
        m.setattr(sys, "stdout", io.StringIO())  # not a text file: click's echo decides how to write to it
        assert quick_drug(["baclofen"]) is None
    with monkeypatch.context() as m:
        m.setattr(sys, "stderr", io.TextIOWrapper(io.BytesIO(), encoding="ascii"))  # click re-wraps ASCII
        assert quick_drug(["baclofen"]) is None


# The entry point as installed, and the click group given the same command line.
FAST = [sys.executable, "-m", "recoverynav.cli"]
CLICK = [
    sys.executable,
    "-c",
    "import sys; from recoverynav.cli.group import cli; cli.main(args=sys.argv[1:], prog_name='recoverynav')",
]


def _env(extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in LOCALE and k != "_RECOVERYNAV_COMPLETE"}
    return {**env, "PYTHONIOENCODING": "utf-8", **extra}


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["drug", "baclofen"], {}),
        (["drug", "Lioresal", "--json"], {"LANG": "es_US.UTF-8"}),
        (["drug", "baclophen"], {"LANG": "es_US.UTF-8"}),
        (["drug", "--lang=es", "baclophen", "--json"], {"LC_ALL": "C"}),
        (["drug", "zolpidem"], {"LC_MESSAGES": "es_MX.UTF-8"}),
        (["drug", "--", "Xanax", "--lang", "en"], {"LANG": "C"}),
        (["drug", "qqzxwj"], {}),
        (["drug", "bacloffen", "--lang", "es"], {}),
        (["drug", "\x1b[31mbaclofen"], {}),
        (["drug", "x" * 5000], {"LANG": "es_ES.UTF-8"}),
        (["drug", "💊\u202e"], {}),
        (["drug", "--help"], {}),
        (["drug", "-h"], {"LANG": "es_ES.UTF-8"}),
        (["drug"], {}),
        (["drug", "baclofen", "Xanax"], {}),
        (["drug", "baclofen", "--lang", "fr"], {}),
        (["drug", "baclofen", "--js"], {}),
        (["drug", "-baclofen"], {}),
        (["drug", "--", "-baclofen"], {}),
        (["--version"], {}),
        (["check", "alcohol", "baclofen"], {}),
    ],
)
def test_the_entry_point_matches_the_click_group_in_a_fresh_process(args: list[str], env: dict[str, str]) -> None:
    fast = subprocess.run([*FAST, *args], capture_output=True, env=_env(env), check=False)
    full = subprocess.run([*CLICK, *args], capture_output=True, env=_env(env), check=False)
    assert (fast.stdout, fast.stderr, fast.returncode) == (full.stdout, full.stderr, full.returncode)
    assert fast.stdout or fast.stderr


@pytest.mark.parametrize("args", [["drug", "baclofen"], ["drug", "baclophen", "--json"], ["drug", "nosuchdrug"]])
def test_a_closed_stdout_is_reported_the_same_way(args: list[str]) -> None:
    """A reader that has gone (``| head`` done): the command's error on stderr, the same exit code."""
    results = []
    for command in (FAST, CLICK):
        read, write = os.pipe()
        os.close(read)
        try:
            proc = subprocess.run([*command, *args], stdout=write, stderr=subprocess.PIPE, env=_env({}), check=False)
        finally:
            os.close(write)
        results.append((proc.stderr, proc.returncode))
    assert results[0] == results[1]


PROBE = (
    "import sys\n"
    "from recoverynav.cli.main import main\n"
    "try:\n"
    "    main(sys.argv[1:])\n"
    "except SystemExit as exc:\n"
    "    code = exc.code\n"
    "print(code, sorted({m.split('.')[0] for m in sys.modules} & {'click'}), "
    "file=sys.stderr)\n"
)


@pytest.mark.parametrize(
    ("args", "env", "code"),
    [
        (["drug", "baclofen"], {}, 0),
        (["drug", "baclophen", "--lang", "es", "--json"], {}, 0),
        (["drug", "--json", "Lioresal"], {"LANG": "es_MX.UTF-8"}, 0),
        (["drug", "--lang=en", "--", "Xanax"], {"LC_ALL": "C"}, 0),
        (["drug", "nosuchdrug"], {}, 2),
    ],
)
def test_drug_name_imports_no_click(args: list[str], env: dict[str, str], code: int) -> None:
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=_env(env))
    assert proc.stderr.splitlines()[-1] == f"{code} []", proc.stderr


@pytest.mark.parametrize(
    "args", [["drug", "--help"], ["drug"], ["drug", "baclofen", "--lang", "fr"], ["drug", "-x"], ["--version"]]
)
def test_other_command_lines_reach_click(args: list[str]) -> None:
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=_env({}))
    assert "'click'" in proc.stderr.splitlines()[-1], proc.stderr
