"""The Part 2 use cases: record and revoke a consent, refer a case to up to three facilities (each referral a
disclosure in the ledger), and the facility's side: see and answer only the referrals sent to its own listings.

Each use case checks the actor's right first (refusals audited), works through the unit's ports and records its
audit events (ids and codes only). A referral is checked against its consent before anything is written: when the
consent does not cover every recipient and the purpose, nothing is disclosed, stored or put in the ledger, and the
refusal itself is audited. A facility asking for a referral that is not to one of its listings gets the same
"not found" as for one that does not exist.

Usage::

    with unit_of_work() as unit:
        consent = record_consent(unit, actor, case_id, draft, now=now)
        referrals = refer_case(unit, actor, case_id, ["rn-1", "rn-2"], consent.id, listings=directory, now=now)
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict

from recoverynav.backoffice.access import Actor, AuditedDenial, Denied, require
from recoverynav.backoffice.audit import AuditEvent
from recoverynav.backoffice.cases import Case, CaseNotFound, TransitionRefused, load_case_flow, transition
from recoverynav.backoffice.consent import (
    Consent,
    ConsentDraft,
    ConsentNotFound,
    ConsentRefused,
    Recipient,
    may_disclose,
    revoke,
)
from recoverynav.backoffice.disclosures import Disclosure, RecipientView, ReferralPacket, new_disclosure
from recoverynav.backoffice.ports import ListingLookup, ReferralNotifier, ReferralUnit
from recoverynav.backoffice.referrals import (
    DEFAULT_EXPIRY,
    MAX_AT_ONCE,
    Referral,
    ReferralNotFound,
    ReferralStatus,
    ReferralStep,
    case_move,
    decide,
    expire_if_due,
    mark_seen,
    new_referral,
)
from recoverynav.errors import InputRejected

LISTING_MAX = 200


class AuditedConsentRefusal(ConsentRefused):
    """A referral the consent does not cover; its "denied" audit event is committed, nothing else is."""

    keeps_commit = True


class AuditedReferralNotFound(ReferralNotFound):
    """A facility asked for a referral that is not to its listings (or none); the probe is audited."""

    keeps_commit = True


class FacilityReferral(BaseModel):
    """A referral as the receiving facility sees it: the disclosed packet, the § 2.32 notice and the consent copy;
    no case id, no other facility's answer."""

    model_config = ConfigDict(frozen=True)

    id: str
    frid: str
    status: ReferralStatus
    created_at: datetime
    expires_at: datetime
    updated_at: datetime
    history: tuple[ReferralStep, ...]
    packet: ReferralPacket
    notice_version: str
    notice: str
    consent_copy: Consent | None


def _deny(
    unit: ReferralUnit, actor: Actor | None, action: str, record: tuple[str, str | None], source: str | None
) -> None:
    who = actor.id if actor is not None else "anonymous"
    unit.audit.record(
        AuditEvent(
            actor=who, action=action, record_type=record[0], record_id=record[1], source=source, outcome="denied"
        )
    )
    unit.commit()


def _allowed(
    unit: ReferralUnit, actor: Actor | None, action: str, record: tuple[str, str | None], source: str | None
) -> Actor:
    try:
        return require(actor, action)
    except Denied as exc:
        _deny(unit, actor, action, record, source)
        raise AuditedDenial(exc.action, exc.actor) from None


def _event(
    actor: str, action: str, record_type: str, record_id: str | None, source: str | None, reason: str | None = None
) -> AuditEvent:
    return AuditEvent(
        actor=actor, action=action, record_type=record_type, record_id=record_id, source=source, reason=reason
    )


def _case(unit: ReferralUnit, case_id: str) -> Case:
    case = unit.cases.get(case_id)
    if case is None:
        raise CaseNotFound(f"No case with id {case_id[:40]!r}.")
    return case


def _consent(unit: ReferralUnit, case_id: str, consent_id: str) -> Consent:
    consent = unit.consents.get(consent_id)
    if consent is None or consent.case_id != case_id:
        raise ConsentNotFound("No such consent on this case.")
    return consent


def _treatment_ended(case: Case) -> bool:
    return case.status in load_case_flow().final


# Consents


def record_consent(
    unit: ReferralUnit,
    actor: Actor | None,
    case_id: str,
    draft: ConsentDraft,
    *,
    now: datetime,
    source: str | None = None,
) -> Consent:
    """Store a consent with every § 2.31(a) element (ConsentRejected names each one missing)."""
    who = _allowed(unit, actor, "consent.create", ("case", case_id), source)
    _case(unit, case_id)
    draft.checked()
    if draft.signed_on is not None and draft.signed_on > now.date() + timedelta(days=1):
        raise InputRejected("signed_on: a consent cannot be signed in the future; give the date it was signed")
    consent = Consent(**draft.model_dump(), id=uuid.uuid4().hex, case_id=case_id, created_at=now, created_by=who.id)
    unit.consents.add(consent)
    unit.audit.record(_event(who.id, "consent.create", "consent", consent.id, source, reason=f"case {case_id}"))
    unit.commit()
    return consent


def case_consents(unit: ReferralUnit, actor: Actor | None, case_id: str, *, source: str | None = None) -> list[Consent]:
    """A case's consents, newest first (the read is audited)."""
    who = _allowed(unit, actor, "consent.read", ("case", case_id), source)
    _case(unit, case_id)
    found = unit.consents.for_case(case_id)
    unit.audit.record(_event(who.id, "consent.read", "case", case_id, source))
    unit.commit()
    return found


def read_consent(
    unit: ReferralUnit, actor: Actor | None, case_id: str, consent_id: str, *, source: str | None = None
) -> Consent:
    """One consent of a case (for its form and its FHIR export; the read is audited)."""
    who = _allowed(unit, actor, "consent.read", ("consent", consent_id), source)
    _case(unit, case_id)
    consent = _consent(unit, case_id, consent_id)
    unit.audit.record(_event(who.id, "consent.read", "consent", consent_id, source))
    unit.commit()
    return consent


def revoke_consent(
    unit: ReferralUnit,
    actor: Actor | None,
    case_id: str,
    consent_id: str,
    *,
    now: datetime,
    note: str = "",
    source: str | None = None,
) -> Consent:
    """Record the patient's written revocation: from now on the consent allows no disclosure."""
    who = _allowed(unit, actor, "consent.revoke", ("consent", consent_id), source)
    _case(unit, case_id)
    consent = _consent(unit, case_id, consent_id)
    revoked = revoke(consent, at=now, recorded_by=who.id, note=note)
    if revoked is not consent:
        unit.consents.save_revocation(revoked)
    unit.audit.record(_event(who.id, "consent.revoke", "consent", consent_id, source))
    unit.commit()
    return revoked


# Referrals


def _check_frids(frids: Sequence[str]) -> list[str]:
    wanted = list(dict.fromkeys(f.strip() for f in frids))
    if not 1 <= len(wanted) <= MAX_AT_ONCE or len(wanted) != len(frids):
        raise InputRejected(f"frids: one to {MAX_AT_ONCE} different listings at once")
    return wanted


def refer_case(
    unit: ReferralUnit,
    actor: Actor | None,
    case_id: str,
    frids: Sequence[str],
    consent_id: str,
    *,
    listings: ListingLookup,
    now: datetime,
    message: str = "",
    expire_after: timedelta = DEFAULT_EXPIRY,
    source: str | None = None,
    notifier: ReferralNotifier | None = None,
) -> list[Referral]:
    """Refer a shortlisted case to up to three listings under one consent: one referral and one disclosure (with
    the § 2.32 notice and a copy of the consent) per listing, and the case moves to ``referred``.

    ConsentRefused (audited, nothing else written) when the consent does not cover every recipient and the purpose.
    """
    who = _allowed(unit, actor, "referral.create", ("case", case_id), source)
    case = _case(unit, case_id)
    wanted = _check_frids(frids)
    facilities = {frid: listings.get(frid) for frid in wanted}
    unknown = [frid for frid, found in facilities.items() if found is None]
    if unknown:
        raise InputRejected(f"frids: no listing has the id {unknown[0][:80]!r}; pick facilities from the finder")
    existing = unit.referrals.for_case(case_id)
    already = sorted({r.frid for r in existing if r.open} & set(wanted))
    if already:
        raise InputRejected(f"frids: this case already has an open referral to {already[0][:80]!r}")
    if len([r for r in existing if r.open]) + len(wanted) > MAX_AT_ONCE:
        raise InputRejected(f"frids: at most {MAX_AT_ONCE} open referrals per case; wait for answers first")
    consent = unit.consents.get(consent_id)
    if consent is None or consent.case_id != case_id:
        reasons = {"consent_id": "no consent with this id on this case"}
    else:
        reasons = {}
        for frid in wanted:
            decision = may_disclose(
                consent, Recipient(frid=frid), "treatment", now, treatment_ended=_treatment_ended(case)
            )
            if not decision.allowed:
                reasons[frid] = str(decision.reason)
    if reasons or consent is None:
        refusal = _event(
            who.id, "referral.create", "case", case_id, source, reason=",".join(sorted(set(reasons.values())))
        )
        unit.audit.record(refusal.model_copy(update={"outcome": "denied"}))
        unit.commit()
        raise AuditedConsentRefusal(consent_id, reasons)
    if case.status not in ("shortlisted", "referred", "waitlisted"):
        raise TransitionRefused(case.status, "referred", load_case_flow().next_states(case.status))

    level = case.placement.level if case.placement is not None else None
    made: list[Referral] = []
    for frid in wanted:
        facility = facilities[frid]
        assert facility is not None
        referral = new_referral(
            referral_id=uuid.uuid4().hex,
            case_id=case_id,
            frid=frid,
            consent_id=consent.id,
            message=message,
            actor=who.id,
            now=now,
            expire_after=expire_after,
        )
        packet = ReferralPacket(
            patient_name=consent.patient_name,
            message=referral.message,
            level_of_care=str(level) if level is not None else None,
            information=consent.information,
        )
        address = ", ".join(p for p in (facility.street, facility.city, facility.state, facility.zip) if p)
        entry = new_disclosure(
            disclosure_id=uuid.uuid4().hex,
            consent=consent,
            referral=referral,
            recipient=RecipientView(frid=frid, name=facility.name, address=address),
            packet=packet,
            actor=who.id,
            now=now,
        )
        referral = referral.model_copy(update={"disclosure_id": entry.id})
        unit.referrals.add(referral)
        unit.disclosures.append(entry)
        unit.audit.record(_event(who.id, "referral.create", "referral", referral.id, source, reason=f"case {case_id}"))
        unit.audit.record(_event(who.id, "disclose", "disclosure", entry.id, source, reason=f"consent {consent.id}"))
        made.append(referral)
    if case.status == "shortlisted":
        unit.cases.save(transition(case, "referred", actor=who.id, at=now))
        unit.audit.record(_event(who.id, "case.transition", "case", case_id, source, reason="shortlisted->referred"))
    # Each facility hears that a referral waits, queued in this transaction (the message: a sign-in link only).
    if notifier is not None:
        for referral in made:
            notifier.referral_sent(referral.frid, referral.id)
    unit.commit()
    return made


def _settle(unit: ReferralUnit, case_id: str, *, actor: str, now: datetime, source: str | None) -> list[Referral]:
    """Expire the case's unanswered referrals whose time ran out, and move the case when the answers decide it."""
    current: list[Referral] = []
    for referral in unit.referrals.for_case(case_id):
        settled = expire_if_due(referral, now)
        if settled is not referral:
            unit.referrals.save(settled)
            unit.audit.record(_event("system", "referral.expire", "referral", settled.id, source))
        current.append(settled)
    move = case_move(current)
    case = unit.cases.get(case_id)
    if move is not None and case is not None and move[0] != case.status and move[0] in case.allowed_next:
        unit.cases.save(transition(case, move[0], actor=actor, at=now, reason=move[1]))
        unit.audit.record(_event(actor, "case.transition", "case", case_id, source, reason=f"{case.status}->{move[0]}"))
    return current


def case_referrals(
    unit: ReferralUnit, actor: Actor | None, case_id: str, *, now: datetime, source: str | None = None
) -> list[Referral]:
    """A case's referrals side by side (expired ones marked as such; the read is audited)."""
    who = _allowed(unit, actor, "referral.read", ("case", case_id), source)
    _case(unit, case_id)
    found = _settle(unit, case_id, actor="system", now=now, source=source)
    unit.audit.record(_event(who.id, "referral.read", "case", case_id, source))
    unit.commit()
    return found


def case_disclosures(
    unit: ReferralUnit, actor: Actor | None, case_id: str, *, source: str | None = None
) -> list[Disclosure]:
    """The accounting of a case's disclosures, oldest first (what, to whom, when, under which consent)."""
    who = _allowed(unit, actor, "disclosure.read", ("case", case_id), source)
    _case(unit, case_id)
    found = unit.disclosures.for_case(case_id)
    unit.audit.record(_event(who.id, "disclosure.read", "case", case_id, source))
    unit.commit()
    return found


# The facility's side


def _listings(actor: Actor) -> tuple[str, ...]:
    return tuple(actor.facilities) if actor.role == "facility" else ()


def _facility_view(referral: Referral, entry: Disclosure | None) -> FacilityReferral:
    assert entry is not None, "every referral is written with its disclosure"
    return FacilityReferral(
        id=referral.id,
        frid=referral.frid,
        status=referral.status,
        created_at=referral.created_at,
        expires_at=referral.expires_at,
        updated_at=referral.updated_at,
        history=referral.history,
        packet=entry.packet,
        notice_version=entry.notice_version,
        notice=entry.notice,
        consent_copy=entry.consent_copy,
    )


def facility_referrals(
    unit: ReferralUnit, actor: Actor | None, *, now: datetime, source: str | None = None
) -> list[FacilityReferral]:
    """The referrals sent to the facility's own listings, newest first; opening the list marks new ones seen."""
    who = _allowed(unit, actor, "referral.read_own", ("referral", None), source)
    shown: list[FacilityReferral] = []
    for referral in unit.referrals.for_listings(_listings(who), limit=LISTING_MAX):
        settled = mark_seen(referral, actor=who.id, at=now)
        if settled is not referral:
            unit.referrals.save(settled)
        shown.append(_facility_view(settled, unit.disclosures.get(settled.disclosure_id or "")))
    unit.audit.record(_event(who.id, "referral.read_own", "referral", None, source, reason=f"{len(shown)} shown"))
    unit.commit()
    return shown


def decide_referral(
    unit: ReferralUnit,
    actor: Actor | None,
    referral_id: str,
    decision: str,
    *,
    now: datetime,
    reason: str | None = None,
    note: str | None = None,
    source: str | None = None,
    notifier: ReferralNotifier | None = None,
) -> FacilityReferral:
    """The facility's answer to a referral sent to one of its listings (anything else: ReferralNotFound); the
    case moves on its own (accepted as soon as one facility accepts)."""
    who = _allowed(unit, actor, "referral.decide_own", ("referral", referral_id), source)
    referral = unit.referrals.get(referral_id)
    if referral is None or referral.frid not in _listings(who):
        _deny(unit, who, "referral.decide_own", ("referral", referral_id), source)
        raise AuditedReferralNotFound("No such referral.")
    decided = decide(referral, decision, actor=who.id, at=now, reason=reason, note=note)
    unit.referrals.save(decided)
    unit.audit.record(_event(who.id, "referral.decide", "referral", referral_id, source, reason=decided.status))
    _settle(unit, referral.case_id, actor=who.id, now=now, source=source)
    # The consultant who sent the referral hears that there is an answer, queued in this transaction.
    if notifier is not None:
        notifier.referral_answered(referral.history[0].actor, referral.id, decided.status)
    unit.commit()
    return _facility_view(decided, unit.disclosures.get(decided.disclosure_id or ""))
