"""The case state machine: only the table's moves succeed, declines and closings say why, time runs forward."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recoverynav.backoffice import (
    STATUSES,
    Caller,
    Case,
    CaseChanges,
    CaseDraft,
    ReasonRequired,
    StaleCase,
    TransitionRefused,
    apply_changes,
    load_case_flow,
    merge_into,
    new_case,
    new_reference,
    transition,
)
from recoverynav.screening import score_instrument

START = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
FLOW = load_case_flow()


def a_case(**caller: str) -> Case:
    draft = CaseDraft(caller=Caller(**(caller or {"nickname": "Sam", "phone": "215-555-0100"})))
    return new_case(draft, case_id="c1", reference=new_reference(), actor="u-1", now=START)


def test_the_main_path_is_in_the_table() -> None:
    path = ["new", "screened", "level_suggested", "coverage_checked", "shortlisted", "referred", "accepted"]
    path += ["admitted", "follow_up_due"]
    for here, there in itertools.pairwise(path):
        assert there in FLOW.next_states(here), (here, there)
    for outcome in ("accepted", "declined", "waitlisted", "expired"):
        assert outcome in FLOW.next_states("referred")
    assert FLOW.next_states("closed") == ()
    assert all("closed" in FLOW.next_states(s) for s in STATUSES if s != "closed")


def test_a_refused_move_names_the_allowed_states() -> None:
    with pytest.raises(TransitionRefused) as refused:
        transition(a_case(), "referred", actor="u-1", at=START)
    assert refused.value.allowed == ("screened", "level_suggested", "closed")
    assert "screened, level_suggested, closed" in str(refused.value)


@pytest.mark.parametrize(("target", "reason"), [("declined", None), ("declined", "nope"), ("closed", None)])
def test_declined_and_closed_need_a_reason_code(target: str, reason: str | None) -> None:
    case = a_case()
    for step in ("screened", "level_suggested", "shortlisted", "referred"):
        case = transition(case, step, actor="u-1", at=START)
    with pytest.raises(ReasonRequired, match="reason: moving to"):
        transition(case, target, actor="u-1", at=START, reason=reason)


MOVES = st.lists(
    st.tuples(
        st.sampled_from(STATUSES),
        st.one_of(st.none(), st.sampled_from(sorted({c for cs in FLOW.reasons.values() for c in cs}))),
        st.integers(min_value=-3600, max_value=3600),
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(MOVES)
def test_random_move_sequences_follow_the_table(moves: list[tuple[str, str | None, int]]) -> None:
    case, clock = a_case(), START
    for target, reason, step in moves:
        clock += timedelta(seconds=step)  # clocks may step back; history must not
        before = case
        needs = FLOW.reasons.get(target, ())  # type: ignore[call-overload]
        legal = target in FLOW.next_states(case.status) and (reason in needs if needs else reason is None)
        try:
            case = transition(case, target, actor="u-2", at=clock, reason=reason)
        except (TransitionRefused, ReasonRequired, ValueError):
            assert not legal
            assert case == before
            continue
        assert legal
        assert case.status == target and case.history[-1].to_status == target
        assert case.history[-1].from_status == before.status and case.history[-1].actor == "u-2"
    times = [record.at for record in case.history]
    assert times == sorted(times)
    for record in case.history:
        if record.to_status in ("declined", "closed"):
            assert record.reason in FLOW.reasons[record.to_status]


def test_an_edit_on_an_old_version_is_refused() -> None:
    case = a_case()
    edited = apply_changes(case, CaseChanges(version=1, notes="called, no answer"), at=START)
    assert edited.notes == "called, no answer" and edited.history == case.history
    stale = edited.model_copy(update={"version": 2})
    with pytest.raises(StaleCase, match="reload"):
        apply_changes(stale, CaseChanges(version=1, notes="other"), at=START)


def test_screening_results_are_the_public_models() -> None:
    result = score_instrument("audit-c", [2, 1, 0], sex="female")
    case = apply_changes(a_case(), CaseChanges(version=1, add_screening=[result]), at=START)
    assert case.screening == [result]
    assert Case.model_validate_json(case.model_dump_json()) == case


def test_merging_closes_the_duplicate_and_keeps_what_it_knew() -> None:
    keep = a_case(nickname="Sam", phone="215-555-0100")
    other = new_case(
        CaseDraft(caller=Caller(first_name="Sam", last_name="Lee", phone="(215) 555-0100"), substances=["alcohol"]),
        case_id="c2",
        reference=new_reference(),
        actor="u-1",
        now=START,
    )
    kept, closed = merge_into(keep, other, actor="u-1", at=START + timedelta(minutes=1))
    assert kept.caller.last_name == "Lee" and kept.caller.nickname == "Sam" and kept.substances == ["alcohol"]
    assert closed.status == "closed" and closed.merged_into == "c1"
    assert closed.history[-1].reason == "duplicate_merged"
