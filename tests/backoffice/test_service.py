"""The case use cases on real SQLite and PostgreSQL: rights checked, every read and write audited in the same
transaction, stale edits refused, callers found again by phone, reference or name + date of birth."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine, text

from recoverynav.backoffice import (
    Actor,
    CallbackLimits,
    CallbackRateLimited,
    CallbackRequest,
    Caller,
    CaseChanges,
    CaseDraft,
    Denied,
    ScreeningAnswers,
    StaleCase,
    TransitionRefused,
    find_cases,
    follow_ups_due,
    list_cases,
    merge_duplicates,
    move_case,
    open_case,
    read_case,
    request_callback,
    update_case,
)
from recoverynav.placement import Facts
from recoverynav.screening import score_instrument
from tests.backoffice.conftest import audit_rows, unit

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
ANA = Actor(id="u-ana", role="consultant")
BEN = Actor(id="u-ben", role="consultant")
ADMIN = Actor(id="u-admin", role="admin")


def _open(engine: Engine, caller: Caller, actor: Actor = ANA, **fields: object) -> str:
    with unit(engine) as uow:
        case, _ = open_case(uow, actor, CaseDraft(caller=caller, **fields), now=NOW)
    return case.id


def test_a_case_round_trips_with_the_public_tools_models(case_engine: Engine) -> None:
    result = score_instrument("audit-c", [3, 2, 1], sex="male")
    caller = Caller(first_name="Ana", last_name="Reyes", date_of_birth=date(1990, 1, 2), phone="215 555 0101")
    case_id = _open(case_engine, caller, screening=[result], substances=["alcohol"], notes="wants detox")
    with unit(case_engine) as uow:
        case = read_case(uow, ANA, case_id)
    assert case.caller == caller and case.screening == [result] and case.notes == "wants detox"
    assert case.owner == "u-ana" and case.status == "new" and case.version == 1
    assert [(r.from_status, r.to_status, r.actor) for r in case.history] == [(None, "new", "u-ana")]
    assert [(r["action"], r["record_id"]) for r in audit_rows(case_engine)] == [
        ("case.create", case_id),
        ("case.read", case_id),
    ]


def test_a_second_call_finds_the_case_by_phone_reference_or_name_and_birth_date(case_engine: Engine) -> None:
    caller = Caller(first_name="José", last_name="Núñez", date_of_birth=date(1975, 7, 7), phone="(267) 555-0199")
    case_id = _open(case_engine, caller)
    _open(case_engine, Caller(nickname="other", phone="267-555-0198"))
    with unit(case_engine) as uow:
        reference = read_case(uow, ANA, case_id).reference
        by_phone = find_cases(uow, BEN, phone="+1 267 555 0199")
    with unit(case_engine) as uow:
        by_reference = find_cases(uow, BEN, reference=reference.lower())
    with unit(case_engine) as uow:
        by_person = find_cases(uow, BEN, first_name="JOSÉ", last_name="núñez", date_of_birth=date(1975, 7, 7))
    assert [s.id for s in by_phone] == [s.id for s in by_reference] == [s.id for s in by_person] == [case_id]
    finds = [r for r in audit_rows(case_engine) if r["action"] == "case.find"]
    assert len(finds) == 3 and all(r["actor"] == "u-ben" for r in finds)


def test_duplicates_are_reported_at_intake_and_merged_only_on_confirmation(case_engine: Engine) -> None:
    first = _open(case_engine, Caller(nickname="Sam", phone="215-555-0142"), substances=["heroin"])
    with unit(case_engine) as uow:
        draft = CaseDraft(caller=Caller(first_name="Sam", phone="2155550142"))
        second, duplicates = open_case(uow, BEN, draft, now=NOW)
    assert [(d.case.id, d.matched_on) for d in duplicates] == [(first, "phone")]
    with pytest.raises(ValueError, match="confirmed"), unit(case_engine) as uow:
        merge_duplicates(uow, BEN, second.id, first, confirmed=False, now=NOW)
    with unit(case_engine) as uow:
        kept = merge_duplicates(uow, BEN, second.id, first, confirmed=True, now=NOW + timedelta(minutes=5))
    assert kept.caller.nickname == "Sam" and kept.caller.first_name == "Sam" and kept.substances == ["heroin"]
    with unit(case_engine) as uow:
        merged = read_case(uow, BEN, first)
    assert merged.status == "closed" and merged.merged_into == second.id
    assert merged.history[-1].reason == "duplicate_merged"


def test_a_stale_edit_is_refused_and_changes_nothing(case_engine: Engine) -> None:
    case_id = _open(case_engine, Caller(nickname="Kim"))
    with unit(case_engine) as uow:
        saved = update_case(uow, ANA, case_id, CaseChanges(version=1, notes="first edit"), now=NOW)
    assert saved.version == 2
    with pytest.raises(StaleCase, match="reload"), unit(case_engine) as uow:
        update_case(uow, BEN, case_id, CaseChanges(version=1, notes="lost update"), now=NOW)
    with unit(case_engine) as uow:
        case = read_case(uow, ANA, case_id)
    assert (case.notes, case.version) == ("first edit", 2)
    assert [r["action"] for r in audit_rows(case_engine)].count("case.update") == 1


def test_moves_follow_the_table_and_are_kept_in_order(case_engine: Engine) -> None:
    case_id = _open(case_engine, Caller(nickname="Lee"))
    with pytest.raises(TransitionRefused) as refused, unit(case_engine) as uow:
        move_case(uow, ANA, case_id, "admitted", now=NOW)
    assert refused.value.allowed == ("screened", "level_suggested", "closed")
    for minutes, target in enumerate(["screened", "level_suggested", "shortlisted", "referred", "declined"], 1):
        with unit(case_engine) as uow:
            reason = "capacity" if target == "declined" else None
            move_case(uow, BEN, case_id, target, now=NOW + timedelta(minutes=minutes), reason=reason, note="full")
    with unit(case_engine) as uow:
        case = read_case(uow, ANA, case_id)
    path = ["new", "screened", "level_suggested", "shortlisted", "referred", "declined"]
    assert [r.to_status for r in case.history] == path
    assert case.history[-1].reason == "capacity" and case.history[-1].note == "full" and case.version == 6


def test_the_change_and_its_audit_event_commit_together_or_not_at_all(case_engine: Engine) -> None:
    case_id = _open(case_engine, Caller(nickname="Pat"))
    before = audit_rows(case_engine)
    with pytest.raises(RuntimeError, match="crash"), unit(case_engine) as uow:
        uow.cases.save(uow.cases.get(case_id).model_copy(update={"notes": "half"}))  # type: ignore[union-attr]
        raise RuntimeError("crash before the event is recorded")
    with unit(case_engine) as uow:
        assert uow.cases.get(case_id).version == 1  # type: ignore[union-attr]
    assert audit_rows(case_engine) == before


def test_refusals_are_audited_and_nothing_else_happens(case_engine: Engine) -> None:
    case_id = _open(case_engine, Caller(nickname="Jo"))
    for actor in (None, ADMIN):
        with pytest.raises(Denied), unit(case_engine) as uow:
            read_case(uow, actor, case_id)
    denied = [r for r in audit_rows(case_engine) if r["outcome"] == "denied"]
    assert [(r["actor"], r["action"], r["record_id"]) for r in denied] == [
        ("anonymous", "case.read", case_id),
        ("u-admin", "case.read", case_id),
    ]


def test_follow_ups_due_are_per_consultant_and_soonest_first(case_engine: Engine) -> None:
    late = _open(case_engine, Caller(nickname="A"), due_at=NOW - timedelta(hours=2))
    soon = _open(case_engine, Caller(nickname="B"), due_at=NOW - timedelta(hours=3))
    _open(case_engine, Caller(nickname="C"), due_at=NOW + timedelta(days=2))
    _open(case_engine, Caller(nickname="D"), actor=BEN, due_at=NOW - timedelta(hours=5))
    with unit(case_engine) as uow:
        mine = follow_ups_due(uow, ANA, now=NOW)
    with unit(case_engine) as uow:
        theirs = list_cases(uow, ANA, owner="u-ben")
    assert [s.id for s in mine] == [soon, late]
    assert len(theirs) == 1


def test_callback_requests_land_in_the_queue_and_are_rate_limited(case_engine: Engine) -> None:
    request = CallbackRequest(
        nickname="Robin",
        phone="215-555-0177",
        best_time="after 6pm",
        language="Spanish",
        consent_to_call=True,
        screening=[ScreeningAnswers(instrument="audit-c", answers=[4, 3, 2], sex="female")],
        placement=Facts(substances=["alcohol"], daily_use=True),
    )
    limits = CallbackLimits(per_client=2, overall=100)
    with unit(case_engine) as uow:
        case = request_callback(uow, request, client="203.0.113.5", limits=limits, now=NOW)
    assert case.status == "new" and case.owner is None and case.source == "callback"
    assert case.screening[0] == score_instrument("audit-c", [4, 3, 2], sex="female")
    assert case.placement is not None and case.callback is not None and case.callback.language == "Spanish"
    with unit(case_engine) as uow:
        request_callback(uow, request, client="203.0.113.5", limits=limits, now=NOW)
    with pytest.raises(CallbackRateLimited) as limited, unit(case_engine) as uow:
        request_callback(uow, request, client="203.0.113.5", limits=limits, now=NOW + timedelta(minutes=1))
    assert 0 < limited.value.retry_after <= 3600
    with unit(case_engine) as uow:  # another connection is not held back
        request_callback(uow, request, client="198.51.100.7", limits=limits, now=NOW)
    with unit(case_engine) as uow:
        queue = list_cases(uow, ANA, status="new")
    assert len(queue) == 3
    with case_engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_events WHERE actor = 'public'")).scalar_one() == 3
