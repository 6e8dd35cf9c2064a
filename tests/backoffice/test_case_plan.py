"""A recovery plan kept on a case at the person's request (#20), on real SQLite and PostgreSQL: it round-trips
field for field, is sealed at rest, each write and read is audited (what happened, never what the plan says), only
roles that may work on cases reach it, and nothing is written unless the consultant confirms the person asked."""

from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, given, settings
from pypdf import PdfReader
from sqlalchemy import Engine, text

from recoverynav.backoffice import (
    Actor,
    Caller,
    CaseDraft,
    Denied,
    NoPlanAttached,
    StaleCase,
    attach_plan,
    merge_duplicates,
    open_case,
    read_case,
    read_plan,
)
from recoverynav.errors import InputRejected
from recoverynav.plans import MAX_ITEMS, MAX_PEOPLE, CrisisPlan, Person, RecoveryPlan, WeeklyEvent, plan_pdf
from recoverynav.plans.models import MAX_MEETINGS, Reasons, Triggers
from tests.backoffice.conftest import unit
from tests.backoffice.test_service import ANA, NOW
from tests.plans.strategies import plans

ADMIN = Actor(id="u-admin", role="admin")
SUPERVISOR = Actor(id="u-sup", role="supervisor")
MARK = "Plumtreeqx"


def _plan(n: int = 1, words: int = 2) -> RecoveryPlan:
    """A plan with every field filled: ``n`` items per list, each tagged so a reader can find it."""

    def items(tag: str) -> list[str]:
        return [f"{MARK}{tag}{i} " + "steady " * words for i in range(n)]

    people = [Person(name=f"{MARK}Friend{i}", phone="215-555-0100") for i in range(min(n, MAX_PEOPLE))]
    meetings = [
        WeeklyEvent(name=f"{MARK}Meeting{i}", day="tue", time="19:30", timezone="America/Los_Angeles", where="hall")
        for i in range(min(n, MAX_MEETINGS))
    ]
    return RecoveryPlan(
        reasons=Reasons(health=items("Health"), home=items("Home"), purpose=items("Purpose"), community=items("Com")),
        triggers=Triggers(inside=items("Inside"), outside=items("Outside")),
        warning_signs=items("Warn"),
        coping_now=items("Now"),
        coping_week=items("Week"),
        people=people,
        meetings=meetings,
        check_ins=[WeeklyEvent(name=f"{MARK}Checkin", day="sun", time="18:00")],
        medications=items("Med"),
        if_i_slip=items("Slip"),
        crisis=CrisisPlan(
            warning_signs=items("CWarn"),
            on_my_own=items("Alone"),
            people_and_places=items("Place"),
            people_to_ask=people,
            professionals=[Person(name=f"{MARK}Counsellor", phone="988")],
            safer_place=items("Safe"),
        ),
    )


def _open(engine: Engine) -> str:
    with unit(engine) as uow:
        case, _ = open_case(uow, ANA, CaseDraft(caller=Caller(nickname="Sam", phone="215-555-0142")), now=NOW)
    return case.id


def _attach(engine: Engine, case_id: str, plan: RecoveryPlan | None, actor: Actor = ANA, **kw: object) -> int:
    with unit(engine) as uow:
        return attach_plan(uow, actor, case_id, plan, asked=True, now=NOW, **kw).version  # type: ignore[arg-type]


def _events(engine: Engine) -> list[tuple[str, str | None, str | None, str]]:
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT action, record_id, reason, outcome FROM audit_events ORDER BY seq"))
        return [(r.action, r.record_id, r.reason, r.outcome) for r in rows]


def test_an_attached_plan_round_trips_every_field_and_is_audited(case_engine: Engine) -> None:
    case_id = _open(case_engine)
    plan = _plan(n=2)
    assert _attach(case_engine, case_id, plan, version=1) == 2
    with unit(case_engine) as uow:
        case, read = read_plan(uow, ANA, case_id, purpose="plan file")
    assert read == plan and read.model_dump() == plan.model_dump()
    assert case.plan == plan and case.version == 2
    with unit(case_engine) as uow:
        assert read_case(uow, ANA, case_id).plan == plan
    assert _events(case_engine)[1:] == [
        ("case.update", case_id, "plan attached", "success"),
        ("case.read", case_id, "plan file", "success"),
        ("case.read", case_id, None, "success"),
    ]


def test_the_plan_is_ciphertext_at_rest_and_bound_to_its_case(case_engine: Engine) -> None:
    case_id = _open(case_engine)
    _attach(case_engine, case_id, _plan())
    with case_engine.connect() as conn:
        stored = conn.execute(text("SELECT plan FROM cases WHERE id = :id"), {"id": case_id}).scalar_one()
        everything = " ".join(str(v) for row in conn.execute(text("SELECT * FROM cases")) for v in row)
        audit = " ".join(str(v) for row in conn.execute(text("SELECT * FROM audit_events")) for v in row)
    assert stored.startswith("v1:") and MARK not in stored
    assert MARK not in everything and MARK not in audit and "steady" not in everything
    # The same ciphertext in another case's row does not open there (the case id is bound in).
    other = _open(case_engine)
    with case_engine.begin() as conn:
        conn.execute(text("UPDATE cases SET plan = :p WHERE id = :id"), {"p": stored, "id": other})
    with unit(case_engine) as uow, pytest.raises(ValueError, match="another column or row"):
        read_plan(uow, ANA, other)


def test_a_plan_is_kept_only_when_the_person_asked(case_engine: Engine) -> None:
    case_id = _open(case_engine)
    with unit(case_engine) as uow, pytest.raises(InputRejected, match="asked") as refused:
        attach_plan(uow, ANA, case_id, _plan(), asked=False, now=NOW)
    assert MARK not in str(refused.value)
    with unit(case_engine) as uow, pytest.raises(NoPlanAttached):
        read_plan(uow, ANA, case_id)
    assert [e[0] for e in _events(case_engine)] == ["case.create"]


@pytest.mark.parametrize("actor", [ADMIN, None], ids=["admin", "nobody"])
def test_roles_that_may_not_read_cases_are_refused_and_the_refusal_is_audited(
    case_engine: Engine, actor: Actor | None
) -> None:
    case_id = _open(case_engine)
    _attach(case_engine, case_id, _plan())
    with unit(case_engine) as uow, pytest.raises(Denied):
        read_plan(uow, actor, case_id)
    with unit(case_engine) as uow, pytest.raises(Denied):
        attach_plan(uow, actor, case_id, None, asked=True, now=NOW)
    assert _events(case_engine)[-2:] == [
        ("case.read", case_id, None, "denied"),
        ("case.update", case_id, None, "denied"),
    ]
    with unit(case_engine) as uow:
        assert read_plan(uow, SUPERVISOR, case_id)[1] == _plan()


def test_removing_replacing_and_a_stale_version(case_engine: Engine) -> None:
    case_id = _open(case_engine)
    version = _attach(case_engine, case_id, _plan())
    newer = RecoveryPlan(coping_now=["call the sponsor"])
    version = _attach(case_engine, case_id, newer, version=version)
    with unit(case_engine) as uow:
        assert read_plan(uow, ANA, case_id)[1] == newer
    with unit(case_engine) as uow, pytest.raises(StaleCase):
        attach_plan(uow, ANA, case_id, None, asked=True, now=NOW, version=1)
    _attach(case_engine, case_id, None, version=version)
    with unit(case_engine) as uow, pytest.raises(NoPlanAttached):
        read_plan(uow, ANA, case_id)
    assert ("case.update", case_id, "plan removed", "success") in _events(case_engine)


def test_a_merge_keeps_the_duplicates_plan(case_engine: Engine) -> None:
    keep, duplicate = _open(case_engine), _open(case_engine)
    _attach(case_engine, duplicate, _plan())
    with unit(case_engine) as uow:
        merge_duplicates(uow, ANA, keep, duplicate, confirmed=True, now=NOW)
    with unit(case_engine) as uow:
        assert read_plan(uow, ANA, keep)[1] == _plan()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(plan=plans)
def test_any_valid_plan_round_trips(case_engine: Engine, plan: RecoveryPlan) -> None:
    case_id = _open(case_engine)
    _attach(case_engine, case_id, plan)
    with unit(case_engine) as uow:
        assert read_plan(uow, ANA, case_id)[1] == plan


def test_a_plan_too_long_for_one_page_is_read_back_whole_from_the_case(case_engine: Engine) -> None:
    # Every list full of long items: it spills over several pages in small type; nothing may be cut.
    case_id = _open(case_engine)
    _attach(case_engine, case_id, _plan(n=MAX_ITEMS, words=30))
    with unit(case_engine) as uow:
        _case, plan = read_plan(uow, ANA, case_id, purpose="plan pdf")
    pages = PdfReader(io.BytesIO(plan_pdf(plan, "US"))).pages
    assert len(pages) > 2
    read = " ".join(" ".join(page.extract_text().split()) for page in pages)
    last = MAX_ITEMS - 1
    for tag in ("Health", "Inside", "Warn", "Now", "Week", "Med", "Slip", "CWarn", "Alone", "Place", "Safe"):
        assert f"{MARK}{tag}{last}" in read, tag
    assert f"{MARK}Friend{MAX_PEOPLE - 1}" in read and f"{MARK}Meeting{MAX_MEETINGS - 1}" in read
    assert "911" in read and "988" in read
