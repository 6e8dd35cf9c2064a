"""Referrals: one case sent to up to three facilities at once, each answered on its own.

A referral moves ``sent -> seen -> accepted | declined | waitlisted``, or ``expired`` when nobody answered in time
(48 hours unless configured; OpenBeds-style fan-out, Bitfocus-style inactivity expiry, see
../shared/reference/backoffice.md section 1). A decline needs a reason code; a waitlisted referral may still be
accepted or declined. Every step is timestamped in the referral's history. Pure: storage keeps them, the service
decides who may move them.

Usage::

    referral = new_referral(case_id="c1", frid="rn-1", consent_id="k1", message="", referral_id="r1",
                            actor="u-1", now=now, expire_after=timedelta(hours=48))
    referral = decide(referral, "declined", reason="capacity", actor="f-1", at=now)
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from recoverynav.backoffice.callers import clean_text
from recoverynav.errors import InputRejected, NotFound

ReferralStatus = Literal["sent", "seen", "accepted", "declined", "waitlisted", "expired"]
REFERRAL_STATUSES: tuple[str, ...] = get_args(ReferralStatus)
Decision = Literal["accepted", "declined", "waitlisted"]
DeclineReason = Literal["capacity", "clinical", "payment", "eligibility", "other"]
DECLINE_REASONS: tuple[str, ...] = get_args(DeclineReason)
# Where each state may go. A decision may come straight from "sent" (a facility that answers at once has seen it).
MOVES: dict[str, tuple[str, ...]] = {
    "sent": ("seen", "accepted", "declined", "waitlisted", "expired"),
    "seen": ("accepted", "declined", "waitlisted", "expired"),
    "waitlisted": ("accepted", "declined"),
    "accepted": (),
    "declined": (),
    "expired": (),
}
OPEN: frozenset[str] = frozenset({"sent", "seen", "waitlisted"})
# Expiry counts only while nobody answered: a waitlisted referral has an answer.
UNANSWERED: frozenset[str] = frozenset({"sent", "seen"})
DEFAULT_EXPIRY = timedelta(hours=48)
CASE_REASONS = {"payment": "financial"}
MAX_AT_ONCE = 3
MESSAGE_MAX = 2000
NOTE_MAX = 500


class ReferralNotFound(NotFound):
    """No referral with this id that the actor may see (a facility's view of another's referral is this too)."""


class ReferralRefused(InputRejected):
    """A move the referral's state does not allow, or a decline without its reason code (an API's 409 / 422)."""


class ReferralStep(BaseModel):
    """One step: the new status, when, who, and the reason code for a decline."""

    model_config = ConfigDict(frozen=True)

    status: ReferralStatus
    at: datetime
    actor: str
    reason: DeclineReason | None = None
    note: str | None = Field(default=None, max_length=NOTE_MAX)


class Referral(BaseModel):
    """A referral of one case to one listing, under one consent; ``history`` holds every step, oldest first."""

    model_config = ConfigDict(frozen=True)

    id: str
    case_id: str
    frid: str
    consent_id: str
    status: ReferralStatus
    message: str = ""
    created_at: datetime
    expires_at: datetime
    updated_at: datetime
    history: tuple[ReferralStep, ...]
    disclosure_id: str | None = None

    @property
    def open(self) -> bool:
        """Whether an answer can still come."""
        return self.status in OPEN

    @property
    def decline_reason(self) -> str | None:
        """The reason code of the decline, when declined."""
        return self.history[-1].reason if self.status == "declined" else None

    def at_status(self, status: str) -> datetime | None:
        """When the referral first reached ``status`` (None if it never did)."""
        return next((step.at for step in self.history if step.status == status), None)


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def new_referral(
    *,
    referral_id: str,
    case_id: str,
    frid: str,
    consent_id: str,
    message: str,
    actor: str,
    now: datetime,
    expire_after: timedelta = DEFAULT_EXPIRY,
) -> Referral:
    """A referral just sent (its first step), expiring ``expire_after`` from now unless answered."""
    at = _utc(now)
    return Referral(
        id=referral_id,
        case_id=case_id,
        frid=frid,
        consent_id=consent_id,
        status="sent",
        message=clean_text(message)[:MESSAGE_MAX],
        created_at=at,
        expires_at=at + expire_after,
        updated_at=at,
        history=(ReferralStep(status="sent", at=at, actor=actor),),
    )


def _step(referral: Referral, to: ReferralStatus, *, actor: str, at: datetime, **extra: object) -> Referral:
    if to not in MOVES[referral.status]:
        allowed = ", ".join(MOVES[referral.status]) or "none (it is answered)"
        raise ReferralRefused(f"decision: a referral that is {referral.status} cannot become {to}; allowed: {allowed}")
    moment = max(_utc(at), referral.updated_at)
    step = ReferralStep.model_validate({"status": to, "at": moment, "actor": actor, **extra})
    return referral.model_copy(update={"status": to, "updated_at": moment, "history": (*referral.history, step)})


def expire_if_due(referral: Referral, now: datetime) -> Referral:
    """The referral expired at its ``expires_at`` when nobody answered by ``now`` (else unchanged)."""
    if referral.status in UNANSWERED and _utc(now) >= referral.expires_at:
        step = ReferralStep(status="expired", at=referral.expires_at, actor="system")
        return referral.model_copy(
            update={"status": "expired", "updated_at": referral.expires_at, "history": (*referral.history, step)}
        )
    return referral


def mark_seen(referral: Referral, *, actor: str, at: datetime) -> Referral:
    """The facility opened the referral (only the first look of a sent referral counts)."""
    current = expire_if_due(referral, at)
    return _step(current, "seen", actor=actor, at=at) if current.status == "sent" else current


def decide(
    referral: Referral, decision: str, *, actor: str, at: datetime, reason: str | None = None, note: str | None = None
) -> Referral:
    """The facility's answer; a decline needs one of the reason codes, other answers take none."""
    current = expire_if_due(referral, at)
    if decision not in get_args(Decision):
        raise ReferralRefused(f"decision: one of {', '.join(get_args(Decision))}")
    if decision == "declined" and reason not in DECLINE_REASONS:
        raise ReferralRefused(f"reason: a decline needs one of: {', '.join(DECLINE_REASONS)}")
    if decision != "declined" and reason is not None:
        raise ReferralRefused("reason: only a decline takes a reason code")
    cleaned = clean_text(note or "")[:NOTE_MAX] or None
    return _step(current, decision, actor=actor, at=at, reason=reason, note=cleaned)  # type: ignore[arg-type]


def case_move(referrals: list[Referral]) -> tuple[str, str | None] | None:
    """Where a referred case goes given its referrals: accepted as soon as one accepts; else, when none is open,
    waitlisted / declined (with the case flow's reason) / expired. None while answers are still to come."""
    statuses = {r.status for r in referrals}
    if "accepted" in statuses:
        return ("accepted", None)
    if statuses & UNANSWERED:
        return None
    if "waitlisted" in statuses:
        return ("waitlisted", None)
    if statuses and statuses <= {"declined", "expired"}:
        if "declined" not in statuses:
            return ("expired", None)
        codes = {r.decline_reason for r in referrals if r.status == "declined"}
        if len(codes) != 1:
            return ("declined", "other")
        # The case flow's codes: a referral's "payment" is the case's "financial".
        code = next(iter(codes)) or "other"
        return ("declined", CASE_REASONS.get(code, code))
    return None
