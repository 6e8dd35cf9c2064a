"""Every sample in shared/data/x12 (and the substance-use 271s): 5010 ones read with pinned values, 4010 refused."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from recoverynav.coverage import (
    BenefitSummary,
    EligibilityInquiry,
    VersionRefused,
    parse_270,
    parse_271,
    read_eligibility,
)
from tests.coverage.samples import all_samples, sample_text

FOUR_010 = [
    "more/imsweb/x270.txt",
    "more/oopfactory/_270__4010_Example1_DHHS.txt",
    "more/oopfactory/_270__4010_Example2_EHCCA.txt",
    "more/oopfactory/_270__4010_Example3_Aetna.txt",
    "more/oopfactory/_271__4010_Example1_DHHS.txt",
    "more/oopfactory/_271__4010_Example2_TMHP.txt",
    "more/oopfactory/_271__4010_Example3_CMS_HETS.txt",
    "more/oopfactory/_271__4010_FromMunawarAbad.txt",
    "more/oopfactory/_271__4010_From_tcplex.txt",
]

SMITH_JOHN = ("SMITH", "JOHN", "123456789", dt.date(1963, 5, 19))
SMITH_ROBERT = ("SMITH", "ROBERT", "11122333301", dt.date(1943, 5, 19))
GOLD_STCS = ["1", "33", "35", "47", "86", "88", "98", "AL", "MH", "UC"]
# The TR3 example answer: active GOLD 123 PLAN from 2006-01-01, a primary care provider, and a $10 in-network /
# $30 out-of-network co-pay per visit for ten service types (incl. MH).
GOLD_BENEFITS = [
    ("1", ["30"], None, None, None),
    ("L", [], None, None, None),
    ("1", GOLD_STCS, None, None, None),
    ("B", GOLD_STCS, Decimal("10"), "27", "in"),
    ("B", GOLD_STCS, Decimal("30"), "27", "out"),
]


def _member(member: Any) -> tuple[Any, ...] | None:
    if member is None:
        return None
    return (member.last_name, member.first_name, member.member_id, member.birth_date)


def _benefits(summary: BenefitSummary) -> list[tuple[Any, ...]]:
    return [(b.code, b.service_types, b.amount, b.period, b.network) for b in summary.benefits]


# file -> (payer name and id, subscriber, dependent, active, plan name, plan begin, benefits, rejections)
ANSWERS: dict[str, tuple[Any, ...]] = {
    "demo.271": (
        ("ABC COMPANY", "841610001"),
        SMITH_JOHN,
        None,
        True,
        "GOLD 123 PLAN",
        dt.date(2006, 1, 1),
        GOLD_BENEFITS,
        [],
    ),
    "subscriber-health-benefit-check.271": (
        ("ABC COMPANY", "841610001"),
        SMITH_JOHN,
        None,
        True,
        "GOLD 123 PLAN",
        dt.date(2006, 1, 1),
        GOLD_BENEFITS,
        [],
    ),
    "dependent-health-benefit-check.271": (
        ("ABC COMPANY", "841610001"),
        SMITH_JOHN,
        ("SMITH", "MARY", None, dt.date(1998, 10, 14)),
        True,
        "GOLD 123 PLAN",
        dt.date(2006, 1, 1),
        GOLD_BENEFITS,
        [],
    ),
    "subscriber-health-benefit-check-error.271": (
        ("ABC COMPANY", "842610001"),
        None,
        None,
        None,
        None,
        None,
        [],
        [("50", "Provider Ineligible for Inquiries", "N", "provider")],
    ),
    "more/imsweb/x271.txt": (
        ("ABC COMPANY", "842610001"),
        SMITH_JOHN,
        None,
        True,
        "GOLD 123 PLAN",
        dt.date(2006, 1, 1),
        [("1", ["30"], None, None, None)],
        [],
    ),
    "more/oopfactory/_271__5010_Example_3_1_2.txt": (
        ("ABC COMPANY", "842610001"),
        SMITH_JOHN,
        None,
        True,
        "GOLD 123 PLAN",
        dt.date(2006, 1, 1),
        GOLD_BENEFITS,
        [],
    ),
    "more/oopfactory/_271__5010_Example_3_1_3.txt": (
        ("ABC COMPANY", "842610001"),
        None,
        None,
        None,
        None,
        None,
        [],
        [("50", "Provider Ineligible for Inquiries", "N", "provider")],
    ),
    "more/oopfactory/_271__5010_Example_3_2_2.txt": (
        ("ABC COMPANY", "842610001"),
        SMITH_JOHN,
        ("SMITH", "MARY", None, dt.date(1998, 10, 14)),
        True,
        "GOLD 123 PLAN",
        dt.date(2006, 1, 1),
        GOLD_BENEFITS,
        [],
    ),
    "more/oopfactory/_271__5010_Example_ErrorWithoutBenefitInfo.txt": (
        ("ABC COMPANY", "842610001"),
        SMITH_JOHN,
        None,
        None,
        None,
        dt.date(2006, 1, 1),
        [],
        [
            ("80", "No Response received - Transaction Terminated", "P", "payer"),
            ("79", "Invalid Participant Identification", "N", "payer"),
            ("79", "Invalid Participant Identification", "N", "payer"),
            ("80", "No Response received - Transaction Terminated", "P", "payer"),
            ("41", "Authorization/Access Restrictions", "C", "provider"),
            ("41", "Authorization/Access Restrictions", "C", "provider"),
            ("42", "Unable to Respond at Current Time", "Y", "subscriber"),
        ],
    ),
    # Named a 270 upstream but a 271 inside: a subscriber-level "unable to respond now", resubmission allowed.
    "more/oopfactory/_270__5010_From_georgiosd.txt": (
        ("BBBBB", "00000"),
        ("BB", "BB", "BBBBB", dt.date(2001, 10, 3)),
        None,
        None,
        None,
        None,
        [("P", [], None, None, None)],
        [("42", "Unable to Respond at Current Time", "R", "subscriber")],
    ),
}

# file -> (payer id, provider id, subscriber, dependent, service types, service date, trace)
INQUIRIES: dict[str, tuple[Any, ...]] = {
    "demo.270": ("842610001", "2000035", SMITH_ROBERT, None, ["30"], dt.date(2006, 5, 1), "93175-012547"),
    "subscriber-health-benefit-check.270": (
        "842610001",
        "2000035",
        SMITH_ROBERT,
        None,
        ["30"],
        dt.date(2006, 5, 1),
        "93175-012547",
    ),
    "dependent-health-benefit-check.270": (
        "842610001",
        "2000034",
        (None, None, "11122333301", None),
        ("SMITH", "MARY", None, dt.date(1978, 10, 14)),
        ["30"],
        dt.date(2006, 5, 1),
        "93175-012547",
    ),
    "more/oopfactory/_270__5010_Example1_IG.txt": (
        "842610001",
        "2000035",
        SMITH_ROBERT,
        None,
        ["30"],
        dt.date(2006, 5, 1),
        "93175-012547",
    ),
    "more/oopfactory/_270__5010_Example1_IG_0x1D.txt": (
        "842610001",
        "2000035",
        SMITH_ROBERT,
        None,
        ["30"],
        dt.date(2006, 5, 1),
        "93175-012547",
    ),
}


def test_every_sample_is_in_one_table() -> None:
    shared = [name for name in all_samples() if not name.startswith("substance-use/")]
    assert sorted(shared) == sorted([*FOUR_010, *ANSWERS, *INQUIRIES])


@pytest.mark.parametrize("name", sorted(ANSWERS))
def test_a_5010_271_sample_reads_as_pinned(name: str) -> None:
    payer, subscriber, dependent, active, plan, begin, benefits, rejections = ANSWERS[name]
    (summary,) = parse_271(sample_text(name))
    assert summary.payer is not None
    assert (summary.payer.name, summary.payer.id) == payer
    assert _member(summary.subscriber) == subscriber
    assert _member(summary.dependent) == dependent
    assert summary.active is active
    assert (summary.plan.name, summary.plan.begin) == (plan, begin)
    assert _benefits(summary) == benefits
    assert [(r.code, r.meaning, r.follow_up_code, r.level) for r in summary.rejections] == rejections


@pytest.mark.parametrize("name", sorted(INQUIRIES))
def test_a_5010_270_sample_reads_as_pinned(name: str) -> None:
    payer_id, provider_id, subscriber, dependent, types, when, trace = INQUIRIES[name]
    (inquiry,) = parse_270(sample_text(name))
    assert (inquiry.payer.name, inquiry.payer.id, inquiry.provider.id) == ("ABC COMPANY", payer_id, provider_id)
    assert _member(inquiry.subscriber) == subscriber
    assert _member(inquiry.dependent) == dependent
    assert (inquiry.service_types, inquiry.service_date, inquiry.trace_number) == (types, when, trace)


@pytest.mark.parametrize("name", FOUR_010)
def test_a_4010_sample_is_refused_saying_5010_is_required(name: str) -> None:
    with pytest.raises(VersionRefused, match="005010 required"):
        read_eligibility(sample_text(name))


def test_st03_decides_over_gs08() -> None:
    # imsweb's x271 sits in a 4010 group (GS08 004010X092A1) but its ST03 says 005010X279A1, and X12 gives ST03
    # precedence; the same file with ST03 removed is refused.
    text = sample_text("more/imsweb/x271.txt")
    assert read_eligibility(text)
    with pytest.raises(VersionRefused, match="005010 required"):
        read_eligibility(text.replace("ST*271*4321*005010X279A1~", "ST*271*4321~"))


def test_the_0x1d_terminator_reads_like_the_tilde() -> None:
    tilde = parse_270(sample_text("more/oopfactory/_270__5010_Example1_IG.txt"))
    assert parse_270(sample_text("more/oopfactory/_270__5010_Example1_IG_0x1D.txt")) == tilde


def test_read_eligibility_keeps_the_kind_of_each_transaction() -> None:
    assert isinstance(read_eligibility(sample_text("demo.270"))[0], EligibilityInquiry)
    assert isinstance(read_eligibility(sample_text("demo.271"))[0], BenefitSummary)
