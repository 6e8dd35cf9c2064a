"""The reader: delimiters from the ISA, terminators, structure errors, and no personal data in errors."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recoverynav.coverage import (
    EligibilityInquiry,
    X12Rejected,
    parse_270,
    parse_271,
    read_eligibility,
)
from recoverynav.errors import InputRejected
from tests.coverage.samples import sample_text

DEMO = sample_text("demo.271")
# The personal data in demo.271 that no error message may repeat.
PERSONAL = ["SMITH", "JOHN", "123456789", "19630519", "15197 BROADWAY"]


def _with(text: str, *, element: str = "*", terminator: str = "~", after: str = "\n") -> str:
    # demo.271 uses * and ~, and ISA16 ':'; swap them for others, one segment a line or not.
    lines = [line.removesuffix("~") for line in text.strip().split("\n")]
    return "".join(line.replace("*", element) + terminator + after for line in lines)


@pytest.mark.parametrize(
    ("element", "terminator", "after"),
    [
        ("*", "~", ""),  # one long line
        ("*", "~", "\r\n"),
        ("|", "~", "\n"),
        ("*", "\x1d", ""),
        ("*", "\x1d", "\r\n"),
        ("*", "\n", ""),  # a newline as the terminator itself
        ("*", "\r\n", ""),
        ("\x1d", "~", ""),
    ],
)
def test_terminators_and_separators_all_read_the_same(element: str, terminator: str, after: str) -> None:
    assert parse_271(_with(DEMO, element=element, terminator=terminator, after=after)) == parse_271(DEMO)


def test_a_byte_order_mark_and_indentation_are_ignored() -> None:
    indented = "\ufeff" + "\n".join("    " + line for line in DEMO.splitlines())
    assert parse_271(indented) == parse_271(DEMO)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "not an X12 interchange"),
        ("GS*HB*1~", "not an X12 interchange"),
        ("ISA*00" + "*" * 20, "fewer than 16 elements|106 characters"),
        (DEMO.replace("ST*271*4321*005010X279A1~\n", ""), r"segment 3 \(BHT\): a segment outside any transaction"),
        (DEMO.replace("SE*22*4321~\n", ""), "a transaction starts outside|ends inside a transaction"),
        (DEMO.replace(DEMO.splitlines()[1] + "\n", ""), r"segment 2 \(ST\): a transaction starts outside a functional"),
        (DEMO.replace("GS*HB", "XX*HB"), r"segment 2 \(XX\): a segment outside any transaction"),
        (DEMO.replace("NM1*IL", "nm1*IL"), r"segment 11: does not start with a segment tag"),
        (DEMO.replace("ST*271", "ST*835"), r"segment 3 \(ST\): transaction set 835 is not an eligibility"),
        (DEMO.replace("005010X279A1", "006020X279"), "005010 required"),
    ],
)
def test_a_broken_file_is_refused_by_position_never_by_content(text: str, message: str) -> None:
    with pytest.raises(X12Rejected, match=message) as caught:
        read_eligibility(text)
    assert isinstance(caught.value, InputRejected)
    assert not [p for p in PERSONAL if p in str(caught.value)]


def test_a_270_read_as_a_271_is_refused_and_the_other_way_round() -> None:
    with pytest.raises(X12Rejected, match="transaction set 270 is not an eligibility 271"):
        parse_271(sample_text("demo.270"))
    with pytest.raises(X12Rejected, match="transaction set 271 is not an eligibility 270"):
        parse_270(DEMO)


def test_an_unreadable_270_value_is_named_not_quoted() -> None:
    text = sample_text("demo.270").replace("EQ*30~", "EQ*ZZ~")
    with pytest.raises(X12Rejected, match="service_types") as caught:
        parse_270(text)
    assert "SMITH" not in str(caught.value) and "11122333301" not in str(caught.value)


def test_validation_errors_hide_the_values() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError) as caught:
        EligibilityInquiry.model_validate(
            {
                "payer": {"name": "P", "id": "99"},
                "provider": {"name": "R", "id": "1234567893"},
                "subscriber": {"last_name": "SECRET\u00e9NAME", "member_id": "SECRETID"},
                "service_types": ["30"],
            }
        )
    assert "SECRET" not in str(caught.value)


@given(st.integers(0, len(DEMO) - 1), st.sampled_from(["", "*", "~", "^", ":", "\n", "X", "\x00"]))
@settings(max_examples=200, deadline=None)
def test_any_corruption_is_read_or_refused_cleanly_without_personal_data(at: int, insert: str) -> None:
    corrupted = DEMO[:at] + insert + DEMO[at + 1 :]
    try:
        read_eligibility(corrupted)
    except X12Rejected as exc:
        assert not [p for p in PERSONAL if p in str(exc)]


def test_two_transactions_in_one_group_are_both_read() -> None:
    lines = DEMO.splitlines()
    start, end = lines.index("ST*271*4321*005010X279A1~"), lines.index("SE*22*4321~")
    second = [line.replace("4321", "4322").replace("SMITH*JOHN", "ROE*ALEX") for line in lines[start : end + 1]]
    text = "\n".join([*lines[: end + 1], *second, "GE*2*1~", lines[-1]])
    first, other = parse_271(text)
    assert (first.control_number, other.control_number) == ("4321", "4322")
    assert other.subscriber is not None and other.subscriber.last_name == "ROE"
