"""Coverage checks on a case (#17): a real-time eligibility check through the configured gateway, or — when the
deployer has none — a "verify by phone" task with the same summary form to fill in.

A verification of benefits is done one of two ways (Kipu's VOB kinds: phone, or instant through a
clearinghouse's 270/271). Both end in one :class:`CoverageSummary`, so a case reads the same whichever way its
coverage was checked. Pure domain: the use cases get a unit-of-work factory, a gateway (or None) and a codec
(270 out, 271 into a summary) from the face; storage encrypts everything a check holds except its ids, state
and times.

The network call never runs inside a unit of work: a unit holds the database's write lock, and a payer may take
the whole 20-second limit twice. So a check is three steps — check the right and read the case (audited), ask
the payer, store the result (audited) — each short.

Usage::

    check = run_coverage_check(units, actor, case_id, inquiry, gateway=gateway, codec=codec,
                               provider=Provider(npi="1234567893", name="RECOVERY CLINIC"), now=now)
    check.state      # "completed", "rejected", "failed" or (no gateway) "to_verify"
    record_verification(units, actor, case_id, check.id, summary, version=check.version, now=now)
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal, Protocol, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PlainSerializer, WithJsonSchema, field_validator

from recoverynav.backoffice.access import Actor, AuditedDenial, Denied, require
from recoverynav.backoffice.audit import AuditEvent
from recoverynav.backoffice.callers import clean_text
from recoverynav.backoffice.cases import Case, CaseNotFound
from recoverynav.backoffice.ports import CaseUnit
from recoverynav.coverage import EligibilityGateway, EligibilityUnavailable
from recoverynav.errors import InputRejected, NotFound

# The service types a consultant may ask about: the generic 30 and the substance-use and mental-health ones
# (005010 service type codes; see ../shared/reference/standards-and-stack.md).
ServiceType = Literal["30", "AI", "AJ", "AK", "CI", "CJ", "MH", "A4", "A5", "A6", "A7", "A8"]
SERVICE_TYPES: tuple[str, ...] = get_args(ServiceType)
SERVICE_TYPE_NAMES: dict[str, str] = {
    "30": "Health benefit plan coverage",
    "AI": "Substance abuse",
    "AJ": "Alcoholism",
    "AK": "Drug addiction",
    "CI": "Substance abuse facility - inpatient",
    "CJ": "Substance abuse facility - outpatient",
    "MH": "Mental health",
    "A4": "Psychiatric",
    "A5": "Psychiatric - room and board",
    "A6": "Psychotherapy",
    "A7": "Psychiatric - inpatient",
    "A8": "Psychiatric - outpatient",
}
Method = Literal["instant", "phone"]
CheckState = Literal["completed", "rejected", "failed", "to_verify", "verified"]
CHECK_STATES: tuple[str, ...] = get_args(CheckState)
# Letters, digits, spaces and . , ' - & / only: none of X12's delimiters (* ~ ^ : and the rest) gets into a 270.
_X12_TEXT = r"^[A-Za-z0-9][A-Za-z0-9 .,'&/-]*$"
# Amounts are kept to the cent and fractions to 0.0001 by rounding, not by refusal: a form's "25.005" is $25.01.
# JSON gets numbers (as the coverage capability's own amounts), Python keeps exact decimals; the schema says number
# (a JSON client sends one), though a string of digits is read too.
_AS_NUMBER = PlainSerializer(float, return_type=float, when_used="json")
Money = Annotated[
    Decimal,
    Field(ge=0, le=10_000_000),
    AfterValidator(lambda v: v.quantize(Decimal("0.01"))),
    _AS_NUMBER,
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 10_000_000}),
]
Fraction = Annotated[
    Decimal,
    Field(ge=0, le=1),
    AfterValidator(lambda v: v.quantize(Decimal("0.0001"))),
    _AS_NUMBER,
    WithJsonSchema({"type": "number", "minimum": 0, "maximum": 1}),
]


class CheckNotFound(NotFound):
    """No coverage check with this id on this case."""


class CheckNotOpen(InputRejected):
    """The check already holds an answer from the payer; only a phone task or a failed check takes the form."""


class Provider(BaseModel):
    """The information receiver of every 270: the deployer as a provider (its NPI and name, from settings)."""

    model_config = ConfigDict(frozen=True)

    npi: str = Field(pattern=r"^[0-9]{10}$")
    name: str = Field(min_length=1, max_length=60, pattern=_X12_TEXT)


class CoverageInquiry(BaseModel):
    """What a consultant asks: the payer, the member id on the card and the service types; the member's name and
    date of birth default to the case's caller."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    payer_id: str = Field(min_length=2, max_length=80, pattern=r"^[A-Za-z0-9-]+$", description="The payer's id")
    payer_name: str = Field(min_length=1, max_length=60, pattern=_X12_TEXT, description="The payer, as on the card")
    member_id: str = Field(min_length=2, max_length=80, pattern=r"^[A-Za-z0-9-]+$", description="The card's member id")
    first_name: str | None = Field(default=None, min_length=1, max_length=35, pattern=_X12_TEXT)
    last_name: str | None = Field(default=None, min_length=1, max_length=60, pattern=_X12_TEXT)
    birth_date: date | None = Field(default=None, description="YYYY-MM-DD; default: the caller's")
    service_types: list[ServiceType] = Field(
        default_factory=lambda: list[ServiceType](["30"]), min_length=1, max_length=12
    )

    @field_validator("service_types", mode="after")
    @classmethod
    def _unique(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))


class Subscriber(BaseModel):
    """The member the 270 asks about: the inquiry completed from the case's caller."""

    model_config = ConfigDict(frozen=True)

    member_id: str
    first_name: str
    last_name: str
    birth_date: date


class CoverageSummary(BaseModel):
    """The summary form, one for instant and phone checks: what a verification of benefits needs to say."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    active: bool | None = Field(default=None, description="Coverage active on the day asked (None: not known)")
    plan: str = Field(default="", max_length=120)
    plan_begin: date | None = None
    plan_end: date | None = None
    copay_in_network: Money | None = None
    copay_out_of_network: Money | None = None
    coinsurance_in_network: Fraction | None = Field(default=None, description="A fraction: 20 % is 0.2")
    coinsurance_out_of_network: Fraction | None = Field(default=None, description="A fraction: 40 % is 0.4")
    deductible_remaining: Money | None = None
    out_of_pocket_remaining: Money | None = None
    prior_authorization: bool | None = Field(default=None, description="Prior authorisation or certification needed")
    limits: str = Field(default="", max_length=300, description="Visits or days, in words")
    notes: str = Field(default="", max_length=2000)
    rejections: list[Annotated[str, Field(max_length=300)]] = Field(
        default_factory=list, max_length=10, description="Why the payer refused, in words"
    )

    @field_validator("plan", "limits", "notes", mode="after")
    @classmethod
    def _clean(cls, value: str) -> str:
        return clean_text(value)


class CoverageCheck(BaseModel):
    """One check on a case: how it was made, where it stands, and its summary (the inquiry and the 271 are kept,
    encrypted, for the record; faces never show the member id)."""

    model_config = ConfigDict(frozen=True)

    id: str
    case_id: str
    method: Method
    state: CheckState
    actor: str
    created_at: datetime
    updated_at: datetime
    version: int = Field(ge=1)
    payer_name: str
    payer_id: str
    service_types: tuple[str, ...]
    summary: CoverageSummary | None = None
    problem: str | None = None
    gateway: str | None = None
    payload_id: str | None = None
    attempts: int = 0
    subscriber: Subscriber | None = Field(default=None, exclude=True)
    x12_271: str | None = Field(default=None, exclude=True)


class CoverageCodec(Protocol):
    """X12 both ways, for the check: a 270 from the question, a summary from the 271 (``coverage`` does the X12)."""

    def request(self, subscriber: Subscriber, inquiry: CoverageInquiry, provider: Provider, *, now: datetime) -> str:
        """The 005010X279A1 270 asking ``inquiry.service_types`` about ``subscriber`` at ``inquiry``'s payer."""
        ...

    def summary(self, x12_271: str, service_types: tuple[str, ...]) -> CoverageSummary:
        """The summary of a 271 for these service types (rejections in words); InputRejected when unreadable."""
        ...


class CoverageCheckRepository(Protocol):
    """Coverage checks, stored with everything but ids, state and times encrypted."""

    def add(self, check: CoverageCheck) -> None:
        """Store a new check (version 1)."""
        ...

    def get(self, check_id: str) -> CoverageCheck | None:
        """The check, decrypted; None when there is none."""
        ...

    def save(self, check: CoverageCheck) -> CoverageCheck:
        """Store over the stored check if that is still at ``check.version``; StaleCheck otherwise."""
        ...

    def for_case(self, case_id: str) -> list[CoverageCheck]:
        """A case's checks, newest first."""
        ...


class CoverageUnit(CaseUnit, Protocol):
    """A case unit that also holds the coverage checks."""

    @property
    def coverage_checks(self) -> CoverageCheckRepository:
        """The coverage checks in this unit."""
        ...


Units = Callable[[], AbstractContextManager[CoverageUnit]]


class StaleCheck(InputRejected):
    """The check changed since it was read; reload it (an API's 409)."""

    def __init__(self, expected: int, current: int) -> None:
        super().__init__(f"version: the check changed since you read it (yours {expected}, now {current}); reload it")
        self.expected, self.current = expected, current


def _event(actor: str, action: str, case_id: str | None, source: str | None, reason: str | None = None) -> AuditEvent:
    return AuditEvent(actor=actor, action=action, record_type="case", record_id=case_id, source=source, reason=reason)


def _allowed(unit: CoverageUnit, actor: Actor | None, action: str, case_id: str, source: str | None) -> Actor:
    try:
        return require(actor, action)
    except Denied as exc:
        who = actor.id if actor is not None else "anonymous"
        unit.audit.record(
            AuditEvent(actor=who, action=action, record_type="case", record_id=case_id, source=source, outcome="denied")
        )
        unit.commit()
        raise AuditedDenial(exc.action, exc.actor) from None


def _case(unit: CoverageUnit, case_id: str) -> Case:
    case = unit.cases.get(case_id)
    if case is None:
        raise CaseNotFound(f"No case with id {case_id[:40]!r}.")
    return case


def subscriber_for(case: Case, inquiry: CoverageInquiry) -> Subscriber:
    """The member asked about: the inquiry's name and birth date, else the caller's (InputRejected naming what is
    missing, never a value)."""
    caller = case.caller
    first = inquiry.first_name or caller.first_name
    last = inquiry.last_name or caller.last_name
    born = inquiry.birth_date or caller.date_of_birth
    missing = [name for name, value in (("first_name", first), ("last_name", last), ("birth_date", born)) if not value]
    if missing:
        raise InputRejected(
            f"{missing[0]}: the case has no {missing[0].replace('_', ' ')} for the member; give it with the check"
        )
    assert first and last and born
    try:
        return Subscriber.model_validate(
            CoverageInquiry(
                payer_id=inquiry.payer_id,
                payer_name=inquiry.payer_name,
                member_id=inquiry.member_id,
                first_name=first,
                last_name=last,
                birth_date=born,
            ).model_dump(include={"member_id", "first_name", "last_name", "birth_date"})
        )
    except ValueError:
        raise InputRejected(
            "first_name: the caller's name has characters a 270 cannot carry; give the name as on the card"
        ) from None


def _new_check(
    case_id: str, actor: str, inquiry: CoverageInquiry, subscriber: Subscriber | None, method: Method, now: datetime
) -> CoverageCheck:
    return CoverageCheck(
        id=uuid.uuid4().hex,
        case_id=case_id,
        method=method,
        state="to_verify" if method == "phone" else "failed",
        actor=actor,
        created_at=now,
        updated_at=now,
        version=1,
        payer_name=inquiry.payer_name,
        payer_id=inquiry.payer_id,
        service_types=tuple(inquiry.service_types),
        subscriber=subscriber,
    )


def run_coverage_check(
    units: Units,
    actor: Actor | None,
    case_id: str,
    inquiry: CoverageInquiry,
    *,
    gateway: EligibilityGateway | None,
    codec: CoverageCodec,
    provider: Provider | None,
    now: datetime,
    source: str | None = None,
) -> CoverageCheck:
    """Check the member's coverage in real time, or (no gateway, or no provider configured) open a phone task.

    The result is stored on the case either way; a timeout or payer error is a stored ``failed`` check whose
    ``problem`` says what happened, and the phone form can still be filled in on it."""
    with units() as unit:
        who = _allowed(unit, actor, "coverage.check", case_id, source)
        case = _case(unit, case_id)
        subscriber = subscriber_for(case, inquiry)
        if gateway is None or provider is None:
            why = (
                "No real-time eligibility gateway is configured: call the payer and fill in the summary."
                if gateway is None
                else "The provider's NPI and name are not configured (RECOVERYNAV_ELIGIBILITY_PROVIDER_NPI, "
                "_PROVIDER_NAME): call the payer and fill in the summary."
            )
            check = _new_check(case_id, who.id, inquiry, subscriber, "phone", now).model_copy(update={"problem": why})
            unit.coverage_checks.add(check)
            unit.audit.record(_event(who.id, "coverage.check", case_id, source, f"check {check.id}: phone task"))
            unit.commit()
            return check
        x12_270 = codec.request(subscriber, inquiry, provider, now=now)
        unit.audit.record(_event(who.id, "coverage.check", case_id, source, f"sent to {gateway.name}"))
        unit.commit()
    check = _new_check(case_id, who.id, inquiry, subscriber, "instant", now)
    try:
        exchange = gateway.exchange(x12_270)
    except EligibilityUnavailable as exc:
        check = check.model_copy(
            update={"state": "failed", "problem": str(exc), "gateway": gateway.name, "attempts": exc.attempts}
        )
    else:
        update: dict[str, object] = {
            "gateway": exchange.gateway,
            "payload_id": exchange.payload_id,
            "attempts": exchange.attempts,
            "x12_271": exchange.x12_271,
        }
        try:
            summary = codec.summary(exchange.x12_271, check.service_types)
        except InputRejected:
            update |= {"state": "failed", "problem": "The payer's answer could not be read as a 005010X279A1 271."}
        else:
            update |= {"state": "rejected" if summary.rejections else "completed", "summary": summary}
        check = check.model_copy(update=update)
    with units() as unit:
        unit.coverage_checks.add(check)
        reason = f"check {check.id}: {check.state} ({check.gateway}, {check.attempts} tries)"
        unit.audit.record(_event(who.id, "coverage.check", case_id, source, reason))
        unit.commit()
    return check


def record_verification(
    units: Units,
    actor: Actor | None,
    case_id: str,
    check_id: str,
    summary: CoverageSummary,
    *,
    version: int | None = None,
    now: datetime,
    source: str | None = None,
) -> CoverageCheck:
    """Fill in the summary form of a phone task (or of a check that failed): the check becomes ``verified``."""
    with units() as unit:
        who = _allowed(unit, actor, "coverage.check", case_id, source)
        check = unit.coverage_checks.get(check_id)
        if check is None or check.case_id != case_id:
            raise CheckNotFound(f"No coverage check with id {check_id[:40]!r} on this case.")
        if check.state not in ("to_verify", "failed", "verified"):
            raise CheckNotOpen(
                f"state: this check is {check.state} with the payer's own answer; run a new check to change it"
            )
        if version is not None and version != check.version:
            raise StaleCheck(version, check.version)
        saved = unit.coverage_checks.save(
            check.model_copy(update={"state": "verified", "summary": summary, "updated_at": now})
        )
        unit.audit.record(_event(who.id, "coverage.check", case_id, source, f"check {check.id}: verified by phone"))
        unit.commit()
        return saved


def list_coverage_checks(
    unit: CoverageUnit, actor: Actor | None, case_id: str, *, source: str | None = None
) -> list[CoverageCheck]:
    """A case's coverage checks, newest first (the read is audited)."""
    who = _allowed(unit, actor, "coverage.read", case_id, source)
    _case(unit, case_id)
    checks = unit.coverage_checks.for_case(case_id)
    unit.audit.record(_event(who.id, "coverage.read", case_id, source))
    unit.commit()
    return checks


def read_coverage_check(
    unit: CoverageUnit, actor: Actor | None, case_id: str, check_id: str, *, source: str | None = None
) -> tuple[Case, CoverageCheck]:
    """One check with its case (for the FHIR export); the read is audited."""
    who = _allowed(unit, actor, "coverage.read", case_id, source)
    case = _case(unit, case_id)
    check = unit.coverage_checks.get(check_id)
    if check is None or check.case_id != case_id:
        raise CheckNotFound(f"No coverage check with id {check_id[:40]!r} on this case.")
    unit.audit.record(_event(who.id, "coverage.read", case_id, source, f"check {check_id}"))
    unit.commit()
    return case, check
