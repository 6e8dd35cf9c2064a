"""The plan file round-trips every field; bad files are refused naming the field, never echoing the content."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings

from recoverynav.plans import MAX_ITEMS, MAX_TEXT, PlanFileError, RecoveryPlan, dump_plan, load_plan
from tests.plans.strategies import plans

PLAN_KEYS = {
    "reasons",
    "triggers",
    "warning_signs",
    "coping_now",
    "coping_week",
    "people",
    "meetings",
    "medications",
    "if_i_slip",
    "crisis",
}


@settings(max_examples=60, deadline=None)
@given(plans)
def test_plan_file_round_trips_every_field(plan: RecoveryPlan) -> None:
    assert load_plan(dump_plan(plan)) == plan


def test_plan_file_has_the_documented_keys() -> None:
    assert set(json.loads(dump_plan(RecoveryPlan()))) >= PLAN_KEYS


MARK = "ZQSECRETMARK"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"people": [{"name": MARK, "phone": MARK}]}, "people[0].phone"),
        ({"coping_now": [MARK * 50]}, "coping_now[0]"),
        ({"coping_now": [MARK] * (MAX_ITEMS + 1)}, "coping_now"),
        ({"meetings": [{"name": MARK, "day": "tue", "time": "7pm"}]}, "meetings[0].time"),
        ({"meetings": [{"name": MARK, "day": "tue", "time": "19:00", "timezone": MARK}]}, "meetings[0].timezone"),
        ({"meetings": [{"name": MARK, "day": "tue"}]}, "meetings[0]"),
        ({"crisis": {"professionals": [{"name": "", "phone": "988"}]}}, "crisis.professionals[0].name"),
        ({"secret": MARK}, "secret"),
    ],
)
def test_bad_field_is_named_without_its_value(data: dict[str, object], field: str) -> None:
    with pytest.raises(PlanFileError) as caught:
        load_plan(json.dumps(data))
    assert field in [f for f, _ in caught.value.problems]
    assert MARK not in str(caught.value)


@pytest.mark.parametrize("raw", [b"\xff\xfe", b"{not json", b"[" * 10 + b"]" * 10])
def test_unreadable_file_is_refused(raw: bytes) -> None:
    with pytest.raises(PlanFileError):
        load_plan(raw)


def test_oversized_file_is_refused_before_parsing() -> None:
    with pytest.raises(PlanFileError, match="larger"):
        load_plan(b" " * 300_000 + b"{}")


def test_text_bound_is_the_documented_one() -> None:
    load_plan(json.dumps({"coping_now": ["x" * MAX_TEXT]}))
    with pytest.raises(PlanFileError):
        load_plan(json.dumps({"coping_now": ["x" * (MAX_TEXT + 1)]}))
