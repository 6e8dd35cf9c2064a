"""Coverage checks on a case, on real SQLite and PostgreSQL, against the simulated payer (a real HTTP server).

A check completes and is summarised; a rejection is explained in words; a timeout after the (test's 1 s) limit
is retried once and stored as a failed check saying so; with no gateway the case gets a phone task with the same
form. Every step is audited, denied by default, and stored encrypted; member data never reaches a log.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import Engine, text

from recoverynav.backoffice import (
    Actor,
    Caller,
    CaseDraft,
    CheckNotOpen,
    CoverageCheck,
    CoverageInquiry,
    CoverageSummary,
    Denied,
    Provider,
    StaleCheck,
    X12Codec,
    allowed,
    list_coverage_checks,
    open_case,
    record_verification,
    run_coverage_check,
)
from recoverynav.coverage import EligibilityGateway
from recoverynav.errors import InputRejected
from recoverynav.gateways.clearinghouse import CoreSoapGateway, JsonClearinghouseGateway
from recoverynav.storage import UnitOfWork
from tests.backoffice.conftest import audit_rows, unit
from tests.coverage.payer import DATA as _PAYER_DATA
from tests.coverage.payer import MEMBER_VALUES, REJECTION_271, SUD_271, Reply, SimulatedPayer, simulated_payer

NOW = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
ANA = Actor(id="u-ana", role="consultant")
ADMIN = Actor(id="u-admin", role="admin")
PROVIDER = Provider(npi="1234567893", name="RECOVERY CLINIC")
CALLER = Caller(nickname="Rob", first_name="Robert", last_name="Smith", date_of_birth=date(1943, 5, 19))
INQUIRY = CoverageInquiry(
    payer_id="842610001", payer_name="ABC COMPANY", member_id="11122333301", service_types=["AI", "CI", "CJ"]
)
LIMIT = 1.0
X12_SAMPLES = _PAYER_DATA.parent / "x12_samples"


@pytest.fixture()
def engine(case_engine: Engine) -> Engine:
    if case_engine.dialect.name == "postgresql":
        with case_engine.begin() as conn:
            conn.execute(text("TRUNCATE coverage_checks"))
    return case_engine


@pytest.fixture()
def payer() -> Iterator[SimulatedPayer]:
    with simulated_payer() as running:
        yield running


@pytest.fixture(autouse=True)
def _no_member_data_in_logs(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    caplog.set_level(logging.DEBUG)
    yield
    for value in MEMBER_VALUES:
        assert value.lower() not in caplog.text.lower(), "member data reached a log line"


def units(engine: Engine) -> Callable[[], UnitOfWork]:
    return lambda: unit(engine)


def _case(engine: Engine, caller: Caller = CALLER) -> str:
    with unit(engine) as uow:
        case, _ = open_case(uow, ANA, CaseDraft(caller=caller), now=NOW)
    return case.id


def _run(
    engine: Engine,
    case_id: str,
    gateway: EligibilityGateway | None,
    inquiry: CoverageInquiry = INQUIRY,
    actor: Actor | None = ANA,
) -> CoverageCheck:
    return run_coverage_check(
        units(engine),
        actor,
        case_id,
        inquiry,
        gateway=gateway,
        codec=X12Codec(),
        provider=PROVIDER,
        now=NOW,
    )


def test_a_check_completes_and_is_summarised_on_the_case(engine: Engine, payer: SimulatedPayer) -> None:
    payer.default = Reply(x12=SUD_271)
    case_id = _case(engine)
    check = _run(
        engine, case_id, CoreSoapGateway(url=payer.url("/core"), sender_id="S", receiver_id="R", timeout_seconds=LIMIT)
    )
    assert (check.state, check.method, check.gateway, check.attempts) == ("completed", "instant", "core-soap", 1)
    assert check.summary == CoverageSummary(
        active=True,
        plan="SILVER 200 PLAN",
        plan_begin=date(2026, 1, 1),
        copay_in_network=Decimal("25.00"),
        copay_out_of_network=Decimal("60.00"),
        coinsurance_in_network=Decimal("0.2"),
        coinsurance_out_of_network=Decimal("0.4"),
        deductible_remaining=Decimal("750.00"),
        out_of_pocket_remaining=Decimal("2500.00"),
        prior_authorization=True,
        limits="30 Days per Calendar Year",
        notes=check.summary.notes if check.summary else "",
    )
    assert check.summary is not None
    assert "PRIOR AUTHORIZATION REQUIRED FOR INPATIENT SUBSTANCE ABUSE TREATMENT" in check.summary.notes
    assert "Co-Payment, AI CJ, in network, $25.00, per Visit" in check.summary.notes
    # The 270 that went out asked the consultant's service types for the case's caller.
    sent = payer.received[0].body.decode()
    assert "EQ*AI^CI^CJ" in sent and "NM1*IL*1*Smith*Robert****MI*11122333301" in sent and "DMG*D8*19430519" in sent
    with unit(engine) as uow:
        [listed] = list_coverage_checks(uow, ANA, case_id)
    assert listed.summary == check.summary and listed.x12_271 == SUD_271.strip()
    assert listed.subscriber is not None and listed.subscriber.member_id == "11122333301"
    assert [(r["action"], r["record_id"]) for r in audit_rows(engine)] == [
        ("case.create", case_id),
        ("coverage.check", case_id),
        ("coverage.check", case_id),
        ("coverage.read", case_id),
    ]


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        (REJECTION_271, ["Provider Ineligible for Inquiries (code 50); Resubmission Not Allowed"]),
        (
            (X12_SAMPLES / "substance-use" / "rejected-subscriber.271").read_text(encoding="utf-8"),
            [
                "Invalid/Missing Subscriber/Insured ID (code 72); Please Correct and Resubmit",
                "Subscriber/Insured Not Found (code 75); Please Correct and Resubmit",
            ],
        ),
    ],
)
def test_a_rejection_is_explained_in_words(
    engine: Engine, payer: SimulatedPayer, answer: str, words: list[str]
) -> None:
    payer.default = Reply(x12=answer)
    check = _run(engine, _case(engine), JsonClearinghouseGateway(url=payer.url("/json"), timeout_seconds=LIMIT))
    assert check.state == "rejected" and check.summary is not None
    assert check.summary.rejections == words
    assert check.summary.active is None


def test_a_timeout_is_retried_once_then_stored_as_failed_and_can_be_verified_by_phone(
    engine: Engine, payer: SimulatedPayer
) -> None:
    payer.default = Reply(delay=LIMIT * 2.5)
    case_id = _case(engine)
    check = _run(engine, case_id, JsonClearinghouseGateway(url=payer.url("/json"), timeout_seconds=LIMIT))
    assert (check.state, check.attempts, check.summary) == ("failed", 2, None)
    assert check.problem is not None and check.problem.startswith(
        "The payer did not answer within 1 second (the real-time limit), twice (it was tried once more)."
    )
    assert len(payer.received) == 2
    form = CoverageSummary(active=True, plan="Silver", copay_in_network=Decimal("25"), notes="Called, spoke to Jo")
    verified = record_verification(units(engine), ANA, case_id, check.id, form, version=check.version, now=NOW)
    assert (verified.state, verified.summary, verified.version) == ("verified", form, 2)


def test_without_a_gateway_the_case_gets_a_phone_task_with_the_same_form(engine: Engine) -> None:
    case_id = _case(engine)
    task = _run(engine, case_id, None)
    assert (task.state, task.method, task.summary) == ("to_verify", "phone", None)
    assert task.problem is not None and "No real-time eligibility gateway is configured" in task.problem
    form = CoverageSummary(active=False, rejections=["Member not found by phone"], prior_authorization=None)
    done = record_verification(units(engine), ANA, case_id, task.id, form, now=NOW)
    assert done.state == "verified" and done.summary == form
    with pytest.raises(StaleCheck):
        record_verification(units(engine), ANA, case_id, task.id, form, version=1, now=NOW)
    reasons = [r for r in audit_rows(engine) if r["action"] == "coverage.check"]
    assert len(reasons) == 2


def test_a_payers_answer_is_not_overwritten_by_the_phone_form(engine: Engine, payer: SimulatedPayer) -> None:
    case_id = _case(engine)
    check = _run(engine, case_id, JsonClearinghouseGateway(url=payer.url("/json"), timeout_seconds=LIMIT))
    assert check.state == "completed"
    with pytest.raises(CheckNotOpen, match="state: this check is completed"):
        record_verification(units(engine), ANA, case_id, check.id, CoverageSummary(), now=NOW)


def test_checks_are_denied_by_default_and_the_refusal_is_audited(engine: Engine, payer: SimulatedPayer) -> None:
    case_id = _case(engine)
    with pytest.raises(Denied):
        _run(engine, case_id, JsonClearinghouseGateway(url=payer.url("/json")), actor=ADMIN)
    with pytest.raises(Denied), unit(engine) as uow:
        list_coverage_checks(uow, ADMIN, case_id)
    with pytest.raises(Denied):
        _run(engine, case_id, None, actor=None)
    denied = [(r["actor"], r["action"]) for r in audit_rows(engine) if r["outcome"] == "denied"]
    assert denied == [("u-admin", "coverage.check"), ("u-admin", "coverage.read"), ("anonymous", "coverage.check")]
    assert payer.received == []


def test_a_member_without_a_name_is_refused_naming_the_field_not_the_value(engine: Engine) -> None:
    case_id = _case(engine, Caller(nickname="Anon", phone="215-555-0142"))
    with pytest.raises(InputRejected) as caught:
        _run(engine, case_id, None)
    assert str(caught.value).startswith("first_name: the case has no first name")
    named = INQUIRY.model_copy(update={"first_name": "Robert", "last_name": "Smith", "birth_date": date(1943, 5, 19)})
    assert _run(engine, case_id, None, inquiry=named).state == "to_verify"


def test_a_caller_name_a_270_cannot_carry_is_refused_without_repeating_it(engine: Engine) -> None:
    case_id = _case(engine, Caller(first_name="Zoë*", last_name="Smith~", date_of_birth=date(1990, 1, 1)))
    with pytest.raises(InputRejected) as caught:
        _run(engine, case_id, None)
    assert "Zoë" not in str(caught.value) and "first_name" in str(caught.value)


def test_everything_personal_is_ciphertext_at_rest(engine: Engine, payer: SimulatedPayer) -> None:
    payer.default = Reply(x12=SUD_271)
    _run(engine, _case(engine), JsonClearinghouseGateway(url=payer.url("/json"), timeout_seconds=LIMIT))
    with engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(text("SELECT * FROM coverage_checks"))]
    dump = repr(rows)
    for value in (*MEMBER_VALUES, "Robert", "Smith", "ABC COMPANY", "842610001", "SILVER 200 PLAN", "ISA*"):
        assert value not in dump
    assert all(str(rows[0][column]).startswith("v1:") for column in ("payer", "subscriber", "summary", "x12_271"))


@pytest.mark.parametrize(
    ("role", "expected"),
    [("consultant", True), ("supervisor", True), ("admin", False), ("stranger", False)],
)
@pytest.mark.parametrize("action", ["coverage.check", "coverage.read"])
def test_coverage_is_case_work(role: str, action: str, expected: bool) -> None:
    assert allowed(role, action) is expected
