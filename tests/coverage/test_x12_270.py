"""The 270 builder: envelope counts, ST03 005010X279A1, the layout, NPI checks, the round trip through the reader."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recoverynav.coverage import (
    DEFAULT_DELIMITERS,
    Delimiters,
    EligibilityInquiry,
    Envelope,
    InquiryRejected,
    Member,
    Party,
    build_270,
    parse_270,
)
from tests.coverage.strategies import delimiters, envelopes, inquiries


def _inquiry(**changes: object) -> EligibilityInquiry:
    fields: dict[str, object] = {
        "payer": Party(name="EXAMPLE HEALTH PLAN", id="99999", id_qualifier="PI"),
        "provider": Party(name="EXAMPLE RECOVERY CENTER", id="1234567893", id_qualifier="XX"),
        "subscriber": Member(
            last_name="DOE", first_name="JANE", member_id="W000000001", birth_date=dt.date(1980, 1, 31)
        ),
        "service_types": ["AI", "CI", "CJ", "MH", "30"],
        "trace_number": "TRACE-1",
    }
    return EligibilityInquiry.model_validate(fields | changes)


def _segments(text: str, delims: Delimiters = DEFAULT_DELIMITERS) -> list[list[str]]:
    end = delims.segment if delims.segment == "\n" else delims.segment + "\n"
    assert text.endswith(end)
    return [line.split(delims.element) for line in text[: -len(end)].split(end)]


def _check_envelope(text: str, delims: Delimiters) -> None:
    segments = _segments(text, delims)
    tags = [s[0] for s in segments]
    assert tags[:3] == ["ISA", "GS", "ST"] and tags[-3:] == ["SE", "GE", "IEA"]
    isa, gs, st_, se, ge, iea = segments[0], segments[1], segments[2], segments[-3], segments[-2], segments[-1]
    assert len(delims.element.join(isa)) == 105  # fixed width, before the terminator
    assert (isa[11], isa[12], isa[16]) == (delims.repetition, "00501", delims.component)
    assert (st_[1], st_[3], gs[1], gs[8]) == ("270", "005010X279A1", "HS", "005010X279A1")
    assert int(se[1]) == tags.index("SE") - tags.index("ST") + 1  # SE01 counts ST..SE
    assert se[2] == st_[2]
    assert (ge[1], ge[2]) == ("1", gs[6])  # GE01: one transaction set in the group
    assert (iea[1], iea[2]) == ("1", isa[13])  # IEA01: one group in the interchange


def test_the_270_layout_one_segment_a_line() -> None:
    when = dt.datetime(2026, 12, 1, 9, 30)
    text = build_270(_inquiry(), envelope=Envelope(sender_id="SENDER", receiver_id="99999", created=when))
    assert text.splitlines() == [
        "ISA*00*          *00*          *ZZ*SENDER         *ZZ*99999          *261201*0930*^*00501*000000001*0*P*:~",
        "GS*HS*SENDER*99999*20261201*0930*1*X*005010X279A1~",
        "ST*270*0001*005010X279A1~",
        "BHT*0022*13*TRACE-1*20261201*0930~",
        "HL*1**20*1~",
        "NM1*PR*2*EXAMPLE HEALTH PLAN*****PI*99999~",
        "HL*2*1*21*1~",
        "NM1*1P*2*EXAMPLE RECOVERY CENTER*****XX*1234567893~",
        "HL*3*2*22*0~",
        "TRN*1*TRACE-1*9123456789~",
        "NM1*IL*1*DOE*JANE****MI*W000000001~",
        "DMG*D8*19800131~",
        "EQ*AI^CI^CJ^MH^30~",
        "SE*12*0001~",
        "GE*1*1~",
        "IEA*1*000000001~",
    ]


def test_a_dependents_270_puts_the_question_under_the_dependent() -> None:
    dependent = Member(last_name="DOE", first_name="SAM", birth_date=dt.date(2009, 6, 15), gender="M")
    text = build_270(_inquiry(dependent=dependent, service_date=dt.date(2026, 12, 1)))
    tags = [s[0] for s in _segments(text)]
    assert tags[8:] == ["HL", "NM1", "DMG", "HL", "TRN", "NM1", "DMG", "DTP", "EQ", "SE", "GE", "IEA"]
    assert "HL*3*2*22*1~" in text and "HL*4*3*23*0~" in text and "NM1*03*1*DOE*SAM~" in text
    assert parse_270(text) == [_inquiry(dependent=dependent, service_date=dt.date(2026, 12, 1))]
    _check_envelope(text, DEFAULT_DELIMITERS)


@pytest.mark.parametrize(
    ("npi", "ok"),
    [
        ("1234567893", True),  # CMS's worked example: 123456789 -> check digit 3
        ("1234567890", False),
        ("1245319599", True),
        ("1245319598", False),
        ("123456789", False),
        ("12345678931", False),
        ("12345678a3", False),
    ],
)
def test_the_provider_npi_check_digit_is_verified(npi: str, ok: bool) -> None:
    inquiry = _inquiry(provider=Party(name="EXAMPLE RECOVERY CENTER", id=npi, id_qualifier="XX"))
    if ok:
        assert "XX*" + npi in build_270(inquiry)
    else:
        with pytest.raises(InquiryRejected, match=r"^provider\.id: not a valid NPI"):
            build_270(inquiry)


@pytest.mark.parametrize("code", ["AI", "AJ", "AK", "CI", "CJ", "MH", "A4", "A5", "A6", "A7", "A8", "30"])
def test_every_substance_use_and_mental_health_service_type_is_accepted(code: str) -> None:
    assert f"EQ*{code}~" in build_270(_inquiry(service_types=[code]))


@pytest.mark.parametrize("code", ["C1X", "ai", "", "C2", "31"])
def test_an_unknown_service_type_is_refused_naming_the_field(code: str) -> None:
    with pytest.raises(ValueError, match=r"service_types: .* not in the 5010 service type list"):
        _inquiry(service_types=[code])


@given(st.data())
@settings(max_examples=150, deadline=None)
def test_build_then_read_gives_the_same_inquiry(data: st.DataObject) -> None:
    delims = data.draw(delimiters())
    inquiry = data.draw(inquiries(delims))
    envelope = data.draw(envelopes(delims))
    text = build_270(inquiry, envelope=envelope, delimiters=delims)
    _check_envelope(text, delims)
    assert parse_270(text) == [inquiry]


@given(st.data())
@settings(max_examples=60, deadline=None)
def test_a_value_holding_a_delimiter_is_refused_without_quoting_it(data: st.DataObject) -> None:
    delims = data.draw(delimiters())
    inquiry = data.draw(inquiries(delims))
    clash = data.draw(st.sampled_from(sorted(delims.all - {"\n"})))
    secret = "Q" + clash + "SECRETNAME"
    broken = inquiry.model_copy(update={"subscriber": inquiry.subscriber.model_copy(update={"last_name": secret})})
    with pytest.raises(InquiryRejected) as caught:
        build_270(broken, delimiters=delims)
    assert str(caught.value).startswith("subscriber.last_name: holds")
    assert "SECRETNAME" not in str(caught.value)


def test_a_gender_without_a_birth_date_is_refused() -> None:
    with pytest.raises(ValueError, match=r"subscriber\.gender: give the birth date too"):
        _inquiry(subscriber=Member(last_name="DOE", member_id="W000000001", gender="F"))
