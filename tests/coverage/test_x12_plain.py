"""The pydantic-free 271 reading (``x12_plain``) gives what the models dump, and the CLI prints the same either way.

Every sample in tests/coverage/x12_samples (the shared data folder's X12 files are the same files, see its
SOURCE.md) and generated variations of the 5010 271s: element values changed (amounts, percents, quantities,
dates, codes, names), segments dropped, duplicated or corrupted, delimiters swapped.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recoverynav.cli.main import cli
from recoverynav.coverage import X12Rejected, load_code_lists, read_eligibility
from recoverynav.coverage.x12_plain import eligibility_json, plain_code_lists
from recoverynav.coverage.x12_segments import read_transactions
from tests.coverage.samples import SAMPLES, SUBSTANCE_USE, all_samples, sample_text


def _is_5010_271(text: str) -> bool:
    try:
        return {t.set_id for t in read_transactions(text)} == {"271"}
    except X12Rejected:
        return False


FILES = all_samples()
FAST = [name for name in FILES if _is_5010_271(sample_text(name))]
# The samples written one segment a line with * and ~, which the variations below edit element by element.
EDITABLE = [name for name in FAST if sample_text(name).lstrip("\ufeff \t\r\n")[3] == "*" and "~\n" in sample_text(name)]


def _full(text: str) -> object:
    """What the models dump (or the error the reader raises)."""
    try:
        return [item.model_dump(mode="json") for item in read_eligibility(text)]
    except X12Rejected as exc:
        return ("refused", type(exc).__name__, str(exc))


def _plain(text: str) -> object:
    try:
        return eligibility_json(text)
    except X12Rejected as exc:
        return ("refused", type(exc).__name__, str(exc))


def _same(text: str) -> object:
    """The plain reading equals the models' (key order included, as JSON text), or it declines and the CLI takes
    the full way."""
    full, plain = _full(text), _plain(text)
    if plain is None:
        # Declined: only for a 270 in the file.
        assert "270" in {t.set_id for t in read_transactions(text)}, text[:300]
        return full
    assert json.dumps(plain) == json.dumps(full)
    return plain


def test_the_samples_cover_both_kinds() -> None:
    assert len(FAST) >= 10 and len(EDITABLE) >= 5 and len(FILES) > len(FAST)


@pytest.mark.parametrize("name", FILES)
def test_every_sample_reads_the_same_without_pydantic(name: str) -> None:
    text = sample_text(name)
    result = _same(text)
    if name in FAST:
        assert eligibility_json(text) is not None and result  # the fast path answered, it did not decline


@pytest.mark.parametrize(("amount", "dumped"), [("1E400", "null"), ("-1E400", "null"), ("1E-400", "0.0")])
def test_an_amount_no_float_holds_is_unreadable_not_infinity(amount: str, dumped: str) -> None:
    """Infinity is not JSON: an amount too big for a float reads as no amount (as "abc" does), either way."""
    edited = "EB*B*IND*CJ*PR**27*" + amount + "*"
    original = sample_text("substance-use/in-out-network.271")
    text = original.replace("EB*B*IND*CJ*PR**27*25.00*", edited)
    assert edited in text
    before = json.dumps(_same(original), allow_nan=False).count(f'"amount": {dumped}')
    assert json.dumps(_same(text), allow_nan=False).count(f'"amount": {dumped}') == before + 1


def test_a_file_with_a_270_takes_the_full_path() -> None:
    assert eligibility_json(sample_text("demo.270")) is None
    assert _same(sample_text("demo.270"))[0]["transaction_set"] == "270"  # type: ignore[index]


def test_the_plain_code_lists_are_the_validated_ones() -> None:
    assert plain_code_lists().__dict__ == load_code_lists().model_dump()


# Values a payer may write in the elements the reader interprets.
_VALUES = [
    "",
    "0",
    "-0",
    "15.00",
    "1E400",
    "-1E400",
    "1E-400",
    "NaN",
    "Infinity",
    "sNaN",
    "20",
    "0.2",
    "1.0000000000000000000000000001",
    "12345678901234567890.123",
    "abc",
    "Y",
    "N",
    "U",
    "W",
    "F",
    "M",
    "X",
    "D8",
    "RD8",
    "20260101",
    "20260101-20261231",
    "20261301",
    "00010101",
    "99991231",
    "20260101-",
    "-20260101",
    "1",
    "6",
    "A",
    "B",
    "CB",
    "IND",
    "FAM",
    "27",
    "29",
    "VS",
    "HC:H0020",
    "::",
    "30^MH^^AI",
    "20",
    "21",
    "22",
    "23",
    "75",
    "72",
    "C",
    "346",
    "347",
    "356",
    "357",
    "291",
    "307",
    "ÉLAN",
]
# Numbers as payers write them in EB07 (amount), EB08 (percent) and EB10 (quantity), and some they should not.
_NUMBERS = st.from_regex(r"-?[0-9]{0,7}(\.[0-9]{0,5})?([eE]-?[0-9]{1,3})?", fullmatch=True) | st.sampled_from(_VALUES)
_TAGS = ["EB", "DTP", "DMG", "AAA", "NM1", "HL", "MSG", "TRN", "LS", "LE", "INS"]


@st.composite
def _variation(draw: st.DrawFn) -> str:
    text = sample_text(draw(st.sampled_from(EDITABLE)))
    lines = text.strip().split("\n")
    body = [i for i, line in enumerate(lines) if line[:3] not in ("ISA", "GS*", "ST*", "SE*", "GE*", "IEA")]
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.sampled_from(body))
        action = draw(st.sampled_from(["set", "set", "set", "number", "number", "drop", "copy", "insert"]))
        benefits = [i for i in body if lines[i].startswith("EB*")]
        if action == "number" and benefits:
            at = draw(st.sampled_from(benefits))
            parts = lines[at].removesuffix("~").split("*")
            number = draw(st.sampled_from([7, 8, 10]))
            parts += [""] * (number + 1 - len(parts))
            parts[number] = draw(_NUMBERS)
            lines[at] = "*".join(parts) + "~"
        elif action == "drop":
            lines[at] = ""
        elif action == "copy":
            lines[at] = lines[at] + "\n" + lines[draw(st.sampled_from(body))]
        elif action == "insert":
            tag = draw(st.sampled_from(_TAGS))
            values = draw(st.lists(st.sampled_from(_VALUES), min_size=0, max_size=13))
            lines[at] = lines[at] + "\n" + "*".join([tag, *values]) + "~"
        else:
            parts = lines[at].removesuffix("~").split("*")
            number = draw(st.integers(1, max(len(parts), 13)))
            parts += [""] * (number + 1 - len(parts))
            parts[number] = draw(st.sampled_from(_VALUES) | st.text("AB12 .-", max_size=8))
            lines[at] = "*".join(parts) + "~"
    return "\n".join(line for line in lines if line) + "\n"


@given(_variation())
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_edited_271s_read_the_same_without_pydantic(text: str) -> None:
    _same(text)


@given(st.sampled_from(FAST), st.data())
@settings(max_examples=200, deadline=None)
def test_corrupted_files_read_or_are_refused_the_same(name: str, data: st.DataObject) -> None:
    text = sample_text(name)
    at = data.draw(st.integers(0, len(text) - 1))
    insert = data.draw(st.sampled_from(["", "*", "~", "^", ":", "\n", "X", "\x00", "ST*270*1~", "HL*9*9*23*0~"]))
    _same(text[:at] + insert + text[at + 1 :])


@pytest.mark.parametrize(("element", "terminator"), [("|", "~"), ("*", "\x1d"), ("*", "\n"), ("!", "\n")])
def test_other_delimiters_read_the_same(element: str, terminator: str) -> None:
    for name in EDITABLE:
        lines = [line.removesuffix("~") for line in sample_text(name).strip().split("\n")]
        _same("".join(line.replace("*", element) + terminator for line in lines))


def _cli(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, args)
    return result.exit_code, result.stdout, result.stderr


def _both_ways(monkeypatch: pytest.MonkeyPatch, args: list[str]) -> tuple[Any, Any]:
    fast = _cli(args)
    with monkeypatch.context() as patched:
        patched.setattr("recoverynav.coverage.eligibility_json", lambda text: None)
        full = _cli(args)
    return fast, full


@pytest.mark.parametrize("name", FILES)
@pytest.mark.parametrize("as_json", [False, True])
def test_coverage_parse_prints_the_same_either_way(monkeypatch: pytest.MonkeyPatch, name: str, as_json: bool) -> None:
    args = ["coverage", "parse", str(SAMPLES / name), *(["--json"] if as_json else [])]
    fast, full = _both_ways(monkeypatch, args)
    assert fast == full
    assert fast[0] == (2 if isinstance(_full(sample_text(name)), tuple) else 0)  # refused: exit 2, same message


@given(_variation(), st.booleans())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_coverage_parse_of_edited_271s_prints_the_same_either_way(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory, text: str, as_json: bool
) -> None:
    path = tmp_path_factory.mktemp("x12") / "edited.271"
    path.write_text(text, encoding="utf-8")
    fast, full = _both_ways(monkeypatch, ["coverage", "parse", str(path), *(["--json"] if as_json else [])])
    assert fast == full


def test_coverage_parse_of_a_271_imports_no_pydantic() -> None:
    code = (
        "import sys\n"
        "from recoverynav.cli.main import main\n"
        "for args in (['--json'], []):\n"
        "    try:\n"
        f"        main(['coverage', 'parse', {str(SUBSTANCE_USE / 'in-out-network.271')!r}, *args])\n"
        "    except SystemExit as exc:\n"
        "        assert not exc.code, exc.code\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'pydantic', 'pydantic_core', 'yaml'}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_a_value_of_a_type_it_does_not_know_sends_the_file_the_full_way(monkeypatch: pytest.MonkeyPatch) -> None:
    text = sample_text("demo.271")
    assert eligibility_json(text) is not None
    monkeypatch.setattr("recoverynav.coverage.x12_plain.plain_summaries", lambda t, codes: [{"amount": 1.5}])
    assert eligibility_json(text) is None
