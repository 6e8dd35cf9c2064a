"""The 270 eligibility inquiry (005010X279A1): its model, the builder and the reader.

Usage::

    inquiry = EligibilityInquiry(
        payer=Party(name="EXAMPLE HEALTH PLAN", id="99999", id_qualifier="PI"),
        provider=Party(name="EXAMPLE RECOVERY CENTER", id="1234567893", id_qualifier="XX"),
        subscriber=Member(last_name="DOE", first_name="JANE", member_id="W000000001", birth_date=date(1980, 1, 1)),
        service_types=["AI", "CJ"],
    )
    text = build_270(inquiry)          # ISA ... IEA, one segment a line, ST03 005010X279A1
    parse_270(text) == [inquiry]       # the round trip
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from recoverynav.coverage.benefits import Member, Party
from recoverynav.coverage.npi import is_valid_npi
from recoverynav.coverage.x12_271 import parse_date
from recoverynav.coverage.x12_codes import load_code_lists
from recoverynav.coverage.x12_segments import (
    DEFAULT_DELIMITERS,
    IMPLEMENTATION,
    Delimiters,
    Transaction,
    X12Rejected,
    read_transactions,
    write_segments,
)
from recoverynav.errors import InputRejected

__all__ = ["EligibilityInquiry", "Envelope", "InquiryRejected", "build_270", "inquiries_of", "parse_270"]

# Field -> (min, max) characters, from the 005010X279A1 element sizes (NM103 60, NM104 35, NM105 25, NM109 80,
# TRN02 50, ISA06/08 15).
_SIZES = {
    "payer.name": (1, 60),
    "payer.id": (2, 80),
    "provider.name": (1, 60),
    "provider.first_name": (1, 35),
    "provider.id": (2, 80),
    "last_name": (1, 60),
    "first_name": (1, 35),
    "middle_name": (1, 25),
    "member_id": (2, 80),
    "trace_number": (1, 50),
}
_PRINTABLE = frozenset(chr(c) for c in range(0x20, 0x7F))


class InquiryRejected(InputRejected):
    """A 270 that cannot be written as asked; the message names the field, never its value."""


def _text_problem(value: str, size: tuple[int, int]) -> str | None:
    if not set(value) <= _PRINTABLE:
        return "use the X12 character set only (letters A-Z, digits, spaces and basic punctuation; no accents)"
    if value != value.strip():
        return "remove the spaces at its start or end"
    if not size[0] <= len(value) <= size[1]:
        return f"give {size[0]} to {size[1]} characters"
    return None


class Envelope(BaseModel):
    """The interchange around a 270: who sends it to whom, its control number, when, test or production."""

    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)

    sender_id: str = Field(min_length=1, max_length=15, pattern=r"^[!-~]([ -~]*[!-~])?$")
    receiver_id: str = Field(min_length=1, max_length=15, pattern=r"^[!-~]([ -~]*[!-~])?$")
    sender_qualifier: str = Field(default="ZZ", pattern=r"^[0-9A-Z]{2}$")
    receiver_qualifier: str = Field(default="ZZ", pattern=r"^[0-9A-Z]{2}$")
    control_number: int = Field(default=1, ge=1, le=999_999_999)
    created: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.UTC).replace(microsecond=0))
    usage: Literal["P", "T"] = "P"


class EligibilityInquiry(BaseModel):
    """A 270: ask a payer about one subscriber (or their dependent) for some service types.

    Validation messages name the field and never echo its value (names, ids and dates are personal data).
    """

    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)

    transaction_set: Literal["270"] = "270"
    payer: Party
    provider: Party
    subscriber: Member
    dependent: Member | None = None
    service_types: list[str] = Field(min_length=1, max_length=99)
    service_date: dt.date | None = None
    trace_number: str = Field(default_factory=lambda: str(secrets.randbelow(10**15)).zfill(15))
    control_number: str = Field(default="0001", pattern=r"^[0-9]{4,9}$")

    @model_validator(mode="after")
    def _valid(self) -> EligibilityInquiry:
        known = load_code_lists().service_types
        unknown = [code for code in self.service_types if code not in known]
        if unknown:
            raise ValueError(
                f"service_types: {', '.join(repr(c[:4]) for c in unknown[:5])} not in the 5010 service type list "
                "(substance use: AI, AJ, AK, CI, CJ; mental health: MH, A4-A8; any plan coverage: 30)"
            )
        if len(set(self.service_types)) != len(self.service_types):
            raise ValueError("service_types: a service type is listed twice")
        for where, value in self._texts():
            size = _SIZES.get(where, _SIZES.get(where.split(".")[-1], (1, 60)))
            problem = _text_problem(value, size)
            if problem:
                raise ValueError(f"{where}: {problem}")
        if not self.payer.name or not self.payer.id:
            raise ValueError("payer: give its name and its payer id")
        if not self.provider.name or not self.provider.id:
            raise ValueError("provider: give its name and its NPI")
        for name, member in (("subscriber", self.subscriber), ("dependent", self.dependent)):
            if member is not None and member.gender and not member.birth_date:
                raise ValueError(f"{name}.gender: give the birth date too (a 270 sends the gender with it, in DMG)")
        if not self.subscriber.member_id:
            raise ValueError("subscriber.member_id: give the member id from the insurance card")
        return self

    def _texts(self) -> Iterator[tuple[str, str]]:
        yield "trace_number", self.trace_number
        for name, party in (("payer", self.payer), ("provider", self.provider)):
            for key in ("name", "first_name", "id", "id_qualifier"):
                value = getattr(party, key)
                if value is not None:
                    yield f"{name}.{key}", value
        for name, member in (("subscriber", self.subscriber), ("dependent", self.dependent)):
            if member is None:
                continue
            for key in ("last_name", "first_name", "middle_name", "member_id"):
                value = getattr(member, key)
                if value is not None:
                    yield f"{name}.{key}", value


def _nm1(
    code: str, person: bool, last: str | None, first: str | None, middle: str | None, qual: str, ident: str
) -> list[str]:
    parts = [code, "1" if person else "2", last or "", first or "", middle or "", "", ""]
    if ident:
        parts += [qual, ident]
    while parts and not parts[-1]:
        parts.pop()
    return ["NM1", *parts]


def _patient(member: Member, code: str, with_id: bool, inquiry: EligibilityInquiry, reps: str) -> list[list[str]]:
    segments: list[list[str]] = [["TRN", "1", inquiry.trace_number, "9" + (inquiry.provider.id or "0" * 9)[:9]]]
    segments.append(
        _nm1(
            code,
            True,
            member.last_name,
            member.first_name,
            member.middle_name,
            "MI",
            (member.member_id or "") if with_id else "",
        )
    )
    if member.birth_date:
        dmg = ["DMG", "D8", member.birth_date.strftime("%Y%m%d")]
        if member.gender:
            dmg.append(member.gender)
        segments.append(dmg)
    if inquiry.service_date:
        segments.append(["DTP", "291", "D8", inquiry.service_date.strftime("%Y%m%d")])
    segments.append(["EQ", reps.join(inquiry.service_types)])
    return segments


def build_270(
    inquiry: EligibilityInquiry, *, envelope: Envelope | None = None, delimiters: Delimiters = DEFAULT_DELIMITERS
) -> str:
    """The 270 interchange for ``inquiry``: ISA..IEA with right counts (SE01, GE01, IEA01), one segment a line.

    Refuses (:class:`InquiryRejected`, naming the field) an NPI whose check digit is wrong and any value that
    holds one of the delimiters.
    """
    if inquiry.provider.id_qualifier in (None, "XX") and not is_valid_npi(inquiry.provider.id or ""):
        raise InquiryRejected(
            "provider.id: not a valid NPI (ten digits, the last a Luhn check digit over 80840 + the first nine)"
        )
    for where, value in inquiry._texts():
        clash = sorted(set(value) & delimiters.all)
        if clash:
            raise InquiryRejected(f"{where}: holds {clash[0]!r}, a delimiter of this interchange; remove it")
    envelope = envelope or Envelope(
        sender_id=(inquiry.provider.id or "RECOVERYNAV")[:15], receiver_id=(inquiry.payer.id or "PAYER")[:15]
    )
    for where, value in (("envelope.sender_id", envelope.sender_id), ("envelope.receiver_id", envelope.receiver_id)):
        if set(value) & delimiters.all:
            raise InquiryRejected(f"{where}: holds a delimiter of this interchange; remove it")
    when = envelope.created
    isa = [
        "ISA", "00", " " * 10, "00", " " * 10,
        envelope.sender_qualifier, envelope.sender_id.ljust(15),
        envelope.receiver_qualifier, envelope.receiver_id.ljust(15),
        when.strftime("%y%m%d"), when.strftime("%H%M"), delimiters.repetition, "00501",
        f"{envelope.control_number:09d}", "0", envelope.usage, delimiters.component,
    ]  # fmt: skip
    group = str(envelope.control_number)
    body: list[list[str]] = [
        ["ST", "270", inquiry.control_number, IMPLEMENTATION],
        ["BHT", "0022", "13", inquiry.trace_number, when.strftime("%Y%m%d"), when.strftime("%H%M")],
        ["HL", "1", "", "20", "1"],
        _nm1("PR", False, inquiry.payer.name, None, None, inquiry.payer.id_qualifier or "PI", inquiry.payer.id or ""),
        ["HL", "2", "1", "21", "1"],
        _nm1(
            "1P",
            inquiry.provider.first_name is not None,
            inquiry.provider.name,
            inquiry.provider.first_name,
            None,
            inquiry.provider.id_qualifier or "XX",
            inquiry.provider.id or "",
        ),
        ["HL", "3", "2", "22", "1" if inquiry.dependent else "0"],
    ]
    if inquiry.dependent is None:
        body += _patient(inquiry.subscriber, "IL", True, inquiry, delimiters.repetition)
    else:
        subscriber = inquiry.subscriber
        body.append(
            _nm1(
                "IL",
                True,
                subscriber.last_name,
                subscriber.first_name,
                subscriber.middle_name,
                "MI",
                subscriber.member_id or "",
            )
        )
        if subscriber.birth_date:
            body.append(
                [
                    "DMG",
                    "D8",
                    subscriber.birth_date.strftime("%Y%m%d"),
                    *([subscriber.gender] if subscriber.gender else []),
                ]
            )
        body.append(["HL", "4", "3", "23", "0"])
        body += _patient(inquiry.dependent, "03", bool(inquiry.dependent.member_id), inquiry, delimiters.repetition)
    body.append(["SE", str(len(body) + 1), inquiry.control_number])
    segments = [
        isa,
        [
            "GS",
            "HS",
            envelope.sender_id,
            envelope.receiver_id,
            when.strftime("%Y%m%d"),
            when.strftime("%H%M"),
            group,
            "X",
            IMPLEMENTATION,
        ],
        *body,
        ["GE", "1", group],
        ["IEA", "1", f"{envelope.control_number:09d}"],
    ]
    return write_segments(segments, delimiters)


def inquiries_of(transaction: Transaction) -> list[EligibilityInquiry]:
    """One inquiry per person a 270 transaction asks about."""
    try:
        return _inquiries(transaction)
    except ValueError as exc:
        # A pydantic error names the field and hides the value (hide_input_in_errors).
        raise X12Rejected(f"a 270 that cannot be read: {_first_error(exc)}") from None


def _inquiries(transaction: Transaction) -> list[EligibilityInquiry]:
    levels: dict[str, dict[str, object]] = {}
    current: dict[str, object] | None = None
    for segment in transaction.segments:
        if segment.tag == "HL":
            current = {"level": segment.element(3), "parent": segment.element(2), "service_types": []}
            levels[segment.element(1)] = current
        elif current is None:
            continue
        elif segment.tag == "NM1":
            if current["level"] in ("22", "23"):
                current["member"] = Member(
                    last_name=segment.element(3) or None,
                    first_name=segment.element(4) or None,
                    middle_name=segment.element(5) or None,
                    member_id=segment.element(9) or None,
                )
            else:
                current["party"] = Party(
                    name=segment.element(3) or None,
                    first_name=segment.element(4) or None,
                    id=segment.element(9) or None,
                    id_qualifier=segment.element(8) or None,
                )
        elif segment.tag == "DMG" and "member" in current:
            born, _ = parse_date(segment.element(1), segment.element(2))
            gender = segment.element(3)
            member = current["member"]
            assert isinstance(member, Member)
            current["member"] = member.model_copy(
                update={"birth_date": born, "gender": gender if gender in ("F", "M", "U") else None}
            )
        elif segment.tag == "TRN":
            current["trace"] = segment.element(2)
        elif segment.tag == "DTP" and segment.element(1) == "291":
            current["service_date"] = parse_date(segment.element(2), segment.element(3))[0]
        elif segment.tag == "EQ":
            types = current["service_types"]
            assert isinstance(types, list)
            types += segment.repeats(1, transaction.delimiters)
    parents = {str(level["parent"]) for level in levels.values()}
    found = []
    for key, level in levels.items():
        if not (level["level"] == "23" or (level["level"] == "22" and key not in parents)):
            continue
        chain = [level]
        while chain[-1]["parent"] and str(chain[-1]["parent"]) in levels and len(chain) < 5:
            chain.append(levels[str(chain[-1]["parent"])])
        by_level = {str(c["level"]): c for c in chain}
        patient = by_level.get("23") or by_level["22"]
        found.append(
            EligibilityInquiry(
                payer=by_level.get("20", {}).get("party") or Party(),
                provider=by_level.get("21", {}).get("party") or Party(),
                subscriber=by_level["22"].get("member") or Member(),
                dependent=by_level["23"].get("member") if "23" in by_level else None,
                service_types=patient["service_types"],
                service_date=patient.get("service_date"),
                trace_number=patient.get("trace") or by_level["22"].get("trace") or "",
                control_number=transaction.control_number,
            )
        )
    return found


def parse_270(text: str) -> list[EligibilityInquiry]:
    """Every inquiry (one per person asked about) in a 5010 270 interchange; 4010 is refused."""
    return [q for t in read_transactions(text, sets=("270",)) for q in inquiries_of(t)]


def _first_error(exc: ValueError) -> str:
    from pydantic import ValidationError

    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        return str(first["msg"]).removeprefix("Value error, ")
    return "a value out of range"
