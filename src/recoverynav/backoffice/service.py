"""The case use cases: each checks the actor's right, works through the unit's ports, records its audit event
and commits the change and the event together.

A refusal is audited too (outcome ``denied``) and committed on its own, so probing for cases leaves a trace.
Events carry ids and codes only: a search by phone records that a phone search happened, never the number.

Usage::

    with unit_of_work() as unit:
        case, duplicates = open_case(unit, actor, CaseDraft(caller=Caller(nickname="Sam")), now=now)
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from recoverynav.backoffice.access import Actor, AuditedDenial, Denied, require
from recoverynav.backoffice.audit import AuditEvent
from recoverynav.backoffice.callbacks import CallbackLimits, CallbackRequest, callback_draft, check_rate
from recoverynav.backoffice.callers import Caller, normalise_phone, person_key, phone_key
from recoverynav.backoffice.case_codes import new_reference, parse_reference
from recoverynav.backoffice.cases import (
    Case,
    CaseChanges,
    CaseDraft,
    CaseNotFound,
    StaleCase,
    apply_changes,
    load_case_flow,
    merge_into,
    new_case,
    transition,
    with_plan,
)
from recoverynav.backoffice.ports import CaseSummary, CaseUnit, DuplicateMatch
from recoverynav.errors import InputRejected, NotFound
from recoverynav.plans import RecoveryPlan

PUBLIC = "public"
LIST_MAX = 200


class NoPlanAttached(NotFound):
    """The case has no recovery plan attached."""


def _allowed(unit: CaseUnit, actor: Actor | None, action: str, record_id: str | None, source: str | None) -> Actor:
    try:
        return require(actor, action)
    except Denied as exc:
        who = actor.id if actor is not None else "anonymous"
        event = AuditEvent(
            actor=who, action=action, record_type="case", record_id=record_id, source=source, outcome="denied"
        )
        unit.audit.record(event)
        unit.commit()
        raise AuditedDenial(exc.action, exc.actor) from None


def _event(actor: str, action: str, case_id: str | None, source: str | None, reason: str | None = None) -> AuditEvent:
    return AuditEvent(actor=actor, action=action, record_type="case", record_id=case_id, source=source, reason=reason)


def _load(unit: CaseUnit, case_id: str) -> Case:
    case = unit.cases.get(case_id)
    if case is None:
        raise CaseNotFound(f"No case with id {case_id[:40]!r}.")
    return case


def find_duplicates(unit: CaseUnit, caller: Caller) -> list[DuplicateMatch]:
    """Open cases whose caller has the same phone, or the same name and date of birth (by blind index)."""
    final = set(load_case_flow().final)
    matches: dict[str, DuplicateMatch] = {}
    phone = phone_key(caller)
    if phone:
        for summary in unit.cases.by_phone(phone):
            if summary.status not in final:
                matches.setdefault(summary.id, DuplicateMatch(case=summary, matched_on="phone"))
    person = person_key(caller)
    if person:
        for summary in unit.cases.by_person(person):
            if summary.status not in final:
                matches.setdefault(summary.id, DuplicateMatch(case=summary, matched_on="name_and_birth_date"))
    return list(matches.values())


def open_case(
    unit: CaseUnit, actor: Actor | None, draft: CaseDraft, *, now: datetime, source: str | None = None
) -> tuple[Case, list[DuplicateMatch]]:
    """Open a case; also the open cases that look like the same person (merged only when a consultant confirms)."""
    who = _allowed(unit, actor, "case.create", None, source)
    duplicates = find_duplicates(unit, draft.caller)
    owner = draft.owner if draft.owner is not None else who.id
    case = new_case(
        draft.model_copy(update={"owner": owner, "source": "staff"}),
        case_id=uuid.uuid4().hex,
        reference=new_reference(),
        actor=who.id,
        now=now,
    )
    unit.cases.add(case)
    unit.audit.record(_event(who.id, "case.create", case.id, source))
    unit.commit()
    return case, duplicates


def request_callback(
    unit: CaseUnit, request: CallbackRequest, *, client: str, limits: CallbackLimits, now: datetime
) -> Case:
    """A public callback request as a new, unowned case in the queue; CallbackRateLimited past the limits."""
    since = now - limits.window
    check_rate(unit.cases.times_since(since, client=client), unit.cases.times_since(since), limits, now)
    draft = callback_draft(request, now=now)
    case = new_case(draft, case_id=uuid.uuid4().hex, reference=new_reference(), actor=PUBLIC, now=now)
    unit.cases.add(case, client=client)
    # The client address is personal data too: the event names the route, not the address.
    unit.audit.record(_event(PUBLIC, "case.create", case.id, "callback-request"))
    unit.commit()
    return case


def read_case(unit: CaseUnit, actor: Actor | None, case_id: str, *, source: str | None = None) -> Case:
    """The whole case with its history; the read is recorded."""
    who = _allowed(unit, actor, "case.read", case_id, source)
    case = _load(unit, case_id)
    unit.audit.record(_event(who.id, "case.read", case.id, source))
    unit.commit()
    return case


def update_case(
    unit: CaseUnit, actor: Actor | None, case_id: str, changes: CaseChanges, *, now: datetime, source: str | None = None
) -> Case:
    """Apply an edit made on ``changes.version``; StaleCase when the case changed since."""
    who = _allowed(unit, actor, "case.update", case_id, source)
    saved = unit.cases.save(apply_changes(_load(unit, case_id), changes, at=now))
    unit.audit.record(_event(who.id, "case.update", case_id, source))
    unit.commit()
    return saved


def move_case(
    unit: CaseUnit,
    actor: Actor | None,
    case_id: str,
    to: str,
    *,
    now: datetime,
    reason: str | None = None,
    note: str | None = None,
    version: int | None = None,
    source: str | None = None,
) -> Case:
    """Move the case through the flow; TransitionRefused names the allowed states, ReasonRequired the codes."""
    who = _allowed(unit, actor, "case.transition", case_id, source)
    case = _load(unit, case_id)
    if version is not None and version != case.version:
        raise StaleCase(case.id, version, case.version)
    saved = unit.cases.save(transition(case, to, actor=who.id, at=now, reason=reason, note=note))
    unit.audit.record(_event(who.id, "case.transition", case_id, source, reason=f"{case.status}->{to}"))
    unit.commit()
    return saved


def find_cases(
    unit: CaseUnit,
    actor: Actor | None,
    *,
    phone: str | None = None,
    reference: str | None = None,
    first_name: str | None = None,
    last_name: str | None = None,
    date_of_birth: date | None = None,
    source: str | None = None,
) -> list[CaseSummary]:
    """Cases matched exactly by phone, by reference code, or by name and date of birth (one of the three)."""
    who = _allowed(unit, actor, "case.find", None, source)
    if reference:
        found = unit.cases.by_reference(parse_reference(reference))
        results, how = ([found] if found else []), "by reference"
    elif phone:
        try:
            results, how = unit.cases.by_phone(normalise_phone(phone)), "by phone"
        except ValueError as exc:
            raise InputRejected(f"phone: {exc}") from None
    elif first_name and last_name and date_of_birth:
        key = person_key(Caller(first_name=first_name, last_name=last_name, date_of_birth=date_of_birth))
        results, how = (unit.cases.by_person(key) if key else []), "by name and birth date"
    else:
        raise InputRejected("search: give a phone, a reference code, or first name + last name + date of birth")
    unit.audit.record(_event(who.id, "case.find", None, source, reason=how))
    unit.commit()
    return results


def list_cases(
    unit: CaseUnit,
    actor: Actor | None,
    *,
    status: str | None = None,
    owner: str | None = None,
    limit: int = LIST_MAX,
    source: str | None = None,
) -> list[CaseSummary]:
    """The queue: cases by state and owner, newest first (summaries only: no personal field)."""
    who = _allowed(unit, actor, "case.list", None, source)
    results = unit.cases.listing(status=status, owner=owner, limit=min(limit, LIST_MAX))
    unit.audit.record(_event(who.id, "case.list", None, source))
    unit.commit()
    return results


def follow_ups_due(
    unit: CaseUnit,
    actor: Actor | None,
    *,
    now: datetime,
    owner: str | None = None,
    within: timedelta = timedelta(0),
    source: str | None = None,
) -> list[CaseSummary]:
    """One consultant's open cases whose next action is due by ``now + within``, soonest first (default: mine)."""
    who = _allowed(unit, actor, "case.list", None, source)
    final = set(load_case_flow().final)
    due = unit.cases.listing(owner=owner or who.id, due_before=now + within, limit=LIST_MAX)
    unit.audit.record(_event(who.id, "case.list", None, source, reason="follow-ups due"))
    unit.commit()
    return [summary for summary in due if summary.status not in final]


def merge_duplicates(
    unit: CaseUnit,
    actor: Actor | None,
    keep_id: str,
    duplicate_id: str,
    *,
    confirmed: bool,
    now: datetime,
    source: str | None = None,
) -> Case:
    """Merge ``duplicate_id`` into ``keep_id`` — only on the consultant's explicit confirmation; the merged case
    is closed with outcome ``duplicate_merged`` and points at the kept one."""
    who = _allowed(unit, actor, "case.merge", keep_id, source)
    if not confirmed:
        raise InputRejected("confirmed: merging joins two people's records; confirm they are the same person")
    kept, closed = merge_into(_load(unit, keep_id), _load(unit, duplicate_id), actor=who.id, at=now)
    saved = unit.cases.save(kept)
    unit.cases.save(closed)
    unit.audit.record(_event(who.id, "case.merge", keep_id, source, reason=f"merged {duplicate_id}"))
    unit.audit.record(_event(who.id, "case.update", duplicate_id, source, reason=f"merged into {keep_id}"))
    unit.commit()
    return saved


def attach_plan(
    unit: CaseUnit,
    actor: Actor | None,
    case_id: str,
    plan: RecoveryPlan | None,
    *,
    asked: bool,
    now: datetime,
    version: int | None = None,
    source: str | None = None,
) -> Case:
    """Attach the person's recovery plan to the case (None removes it) — only when the consultant confirms the
    person asked; the plan is a case field like the notes, so it is sealed, versioned and audited with them."""
    who = _allowed(unit, actor, "case.update", case_id, source)
    if not asked:
        raise InputRejected("asked: a plan is kept on a case only when the person asks; confirm that they did")
    case = _load(unit, case_id)
    if version is not None and version != case.version:
        raise StaleCase(case.id, version, case.version)
    saved = unit.cases.save(with_plan(case, plan, at=now))
    # The reason says what happened to the plan, never what is in it.
    unit.audit.record(_event(who.id, "case.update", case_id, source, "plan attached" if plan else "plan removed"))
    unit.commit()
    return saved


def read_plan(
    unit: CaseUnit, actor: Actor | None, case_id: str, *, purpose: str = "plan file", source: str | None = None
) -> tuple[Case, RecoveryPlan]:
    """The case and its attached plan (NoPlanAttached when there is none); the read is recorded with ``purpose``
    (what it was read for: "plan file", "plan pdf")."""
    who = _allowed(unit, actor, "case.read", case_id, source)
    case = _load(unit, case_id)
    if case.plan is None:
        raise NoPlanAttached("plan: no recovery plan is attached to this case")
    unit.audit.record(_event(who.id, "case.read", case.id, source, reason=purpose[:60]))
    unit.commit()
    return case, case.plan
