"""The substance-use 271s written for #17 (tests/coverage/x12_samples/substance-use): what a navigator needs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from recoverynav.coverage import parse_271
from tests.coverage.samples import sample_text


def test_outpatient_and_inpatient_costs_in_and_out_of_network() -> None:
    (summary,) = parse_271(sample_text("substance-use/in-out-network.271"))
    assert summary.active is True
    assert (summary.plan.name, summary.plan.begin, summary.plan.end) == (
        "SILVER PPO 2500",
        dt.date(2026, 1, 1),
        dt.date(2026, 12, 31),
    )
    assert summary.plan.insurance_type == "PR"
    copays = [(b.amount, b.network, b.period_meaning) for b in summary.for_service("CJ") if b.code == "B"]
    assert copays == [(Decimal("25.00"), "in", "Visit"), (Decimal("60.00"), "out", "Visit")]
    coinsurance = [(b.percent, b.network) for b in summary.for_service("CI") if b.code == "A"]
    assert coinsurance == [(Decimal("0.20"), "in"), (Decimal("0.40"), "out")]


def test_prior_authorization_limits_and_their_messages() -> None:
    (summary,) = parse_271(sample_text("substance-use/in-out-network.271"))
    admission = next(b for b in summary.for_service("CI") if b.code == "B")
    assert (admission.amount, admission.period_meaning, admission.authorization_required) == (
        Decimal("250.00"),
        "Admission",
        True,
    )
    limit = next(b for b in summary.for_service("CI") if b.code == "F")
    assert (limit.quantity, limit.quantity_qualifier, limit.quantity_meaning) == (Decimal("30"), "DY", "Days")
    assert limit.authorization_required is True
    assert limit.messages == [
        "PRIOR AUTHORIZATION REQUIRED BEFORE ADMISSION",
        "CALL UTILIZATION MANAGEMENT ON THE MEMBER CARD",
    ]
    # Benefits without EB11 say nothing about authorization.
    assert [b.authorization_required for b in summary.for_service("CJ") if b.code == "B"] == [None, None]


def test_deductible_and_out_of_pocket_remaining() -> None:
    (summary,) = parse_271(sample_text("substance-use/in-out-network.271"))
    remaining = [(b.meaning, b.amount, b.network) for b in summary.for_service("AI") if b.period_meaning == "Remaining"]
    assert remaining == [
        ("Deductible", Decimal("750.00"), "in"),
        ("Out of Pocket (Stop Loss)", Decimal("2500.00"), "in"),
        ("Deductible", Decimal("1500.00"), "out"),
    ]
    deductible = summary.for_service("AI")[1]
    assert [(d.meaning, d.start, d.end) for d in deductible.dates] == [
        ("Benefit", dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    ]


def test_a_dependents_mental_health_answer() -> None:
    (summary,) = parse_271(sample_text("substance-use/dependent-mh.271"))
    assert summary.dependent is not None and summary.subscriber is not None
    assert (summary.dependent.first_name, summary.dependent.birth_date) == ("SAM", dt.date(2009, 6, 15))
    assert summary.subscriber.member_id == "W000000001"
    assert (summary.active, summary.plan.name, summary.plan.begin) == (True, "BRONZE HMO", dt.date(2026, 1, 1))
    copay = summary.benefits[1]
    assert (copay.service_types, copay.amount, copay.authorization_required, copay.network) == (
        ["MH", "A8"],
        Decimal("15.00"),
        False,
        "in",
    )
    # "50" in EB08 is percent points (5010 writes 0.5): read as the fraction.
    assert summary.for_service("A7")[0].percent == Decimal("0.5")
    visits = summary.for_service("A8")[-1]
    assert (visits.quantity, visits.quantity_meaning, visits.network) == (Decimal("20"), "Visits", None)
    assert [b.meaning for b in summary.for_service("RT")] == ["Non-Covered"]
    assert [(r.code, r.meaning, r.follow_up, r.level) for r in summary.rejections] == [
        ("AE", "Requires Primary Care Physician Authorization", "Please Correct and Resubmit", "benefit")
    ]


def test_inactive_coverage() -> None:
    (summary,) = parse_271(sample_text("substance-use/inactive.271"))
    assert summary.active is False
    assert (summary.plan.begin, summary.plan.end) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert summary.benefits[0].service_types == ["30", "AI", "CI", "CJ"]
    assert summary.subscriber is not None and summary.subscriber.gender == "U"


def test_a_rejection_in_words_with_other_delimiters_and_newline_terminators() -> None:
    (summary,) = parse_271(sample_text("substance-use/rejected-subscriber.271"))
    assert summary.active is None and summary.benefits == []
    assert [(r.code, r.meaning, r.follow_up, r.valid_request, r.level) for r in summary.rejections] == [
        ("72", "Invalid/Missing Subscriber/Insured ID", "Please Correct and Resubmit", False, "subscriber"),
        ("75", "Subscriber/Insured Not Found", "Please Correct and Resubmit", True, "subscriber"),
    ]
    assert summary.trace_numbers == ["SU-TRACE-004"]
