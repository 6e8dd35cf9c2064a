"""Hypothesis strategies for 270 inquiries and X12 delimiters."""

from __future__ import annotations

import datetime as dt
import string

from hypothesis import strategies as st

from recoverynav.coverage import (
    Delimiters,
    EligibilityInquiry,
    Envelope,
    Member,
    Party,
    load_code_lists,
    npi_check_digit,
)

# Characters a sender may pick as delimiters (never letters, digits or spaces), 0x1D included.
DELIMITER_POOL = "~*^:|!>{}#$%&+;\\@`\x1d"
_TEXT = string.ascii_letters + string.digits + " .,-'&/()#!?@%+;=_<>{}|~*^:$\\`\""


@st.composite
def delimiters(draw: st.DrawFn) -> Delimiters:
    """Four delimiters as a sender might choose them: terminator sometimes a newline, component may equal repetition."""
    element, segment, repetition, component = draw(
        st.lists(st.sampled_from(DELIMITER_POOL), min_size=4, max_size=4, unique=True)
    )
    if draw(st.booleans()):
        segment = "\n"
    if draw(st.integers(0, 4)) == 0:
        component = repetition
    return Delimiters(element=element, repetition=repetition, component=component, segment=segment)


def text(delims: Delimiters, min_size: int, max_size: int) -> st.SearchStrategy[str]:
    """Printable X12 text without the delimiters, no spaces at the ends."""
    alphabet = "".join(c for c in _TEXT if c not in delims.all)
    return st.text(alphabet, min_size=min_size, max_size=max_size).filter(
        lambda s: s == s.strip() and len(s) >= min_size
    )


@st.composite
def npis(draw: st.DrawFn) -> str:
    """A valid NPI: nine digits (first 1 or 2, as NPIs are issued) and the check digit."""
    first = draw(st.sampled_from("12")) + draw(st.text(string.digits, min_size=8, max_size=8))
    return first + str(npi_check_digit(first))


@st.composite
def members(draw: st.DrawFn, delims: Delimiters, *, with_id: bool) -> Member:
    born = draw(st.none() | st.dates(dt.date(1900, 1, 1), dt.date(2026, 12, 31)))
    return Member(
        last_name=draw(text(delims, 1, 60)),
        first_name=draw(st.none() | text(delims, 1, 35)),
        middle_name=draw(st.none() | text(delims, 1, 25)),
        member_id=draw(text(delims, 2, 80)) if with_id else draw(st.none() | text(delims, 2, 80)),
        birth_date=born,
        # A 270 carries the gender in DMG with the birth date, never alone.
        gender=draw(st.sampled_from([None, "F", "M", "U"])) if born else None,
    )


@st.composite
def inquiries(draw: st.DrawFn, delims: Delimiters) -> EligibilityInquiry:
    codes = sorted(load_code_lists().service_types)
    return EligibilityInquiry(
        payer=Party(name=draw(text(delims, 1, 60)), id=draw(text(delims, 2, 80)), id_qualifier="PI"),
        provider=Party(
            name=draw(text(delims, 1, 60)),
            first_name=draw(st.none() | text(delims, 1, 35)),
            id=draw(npis()),
            id_qualifier="XX",
        ),
        subscriber=draw(members(delims, with_id=True)),
        dependent=draw(st.none() | members(delims, with_id=False)),
        service_types=draw(st.lists(st.sampled_from(codes), min_size=1, max_size=12, unique=True)),
        service_date=draw(st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31))),
        trace_number=draw(text(delims, 1, 50)),
        control_number=draw(st.from_regex(r"[0-9]{4,9}", fullmatch=True)),
    )


@st.composite
def envelopes(draw: st.DrawFn, delims: Delimiters) -> Envelope:
    ident = text(delims, 1, 15).filter(lambda s: s.isascii())
    return Envelope(
        sender_id=draw(ident),
        receiver_id=draw(ident),
        control_number=draw(st.integers(1, 999_999_999)),
        created=draw(st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2099, 12, 31))).replace(second=0, microsecond=0),
        usage=draw(st.sampled_from(["P", "T"])),
    )
