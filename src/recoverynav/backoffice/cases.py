"""A case: one person's episode of help, moved through the state machine in ``case_flow.yaml``.

Pure: no storage, no HTTP. A move is a function from a case to a new case (or a refusal naming the moves that
are allowed); storage keeps the history and checks the version. Screening results, the placement suggestion and
a directory search come in as the public tools' own models, so a case shows exactly what the caller saw.

Usage::

    case = new_case(CaseDraft(caller=Caller(nickname="Sam", phone="215-555-0100")),
                    case_id="c1", reference=new_reference(), actor="u-1", now=now)
    case = transition(case, "screened", actor="u-1", at=now)
    transition(case, "referred", actor="u-1", at=now)      # TransitionRefused: allowed: level_suggested, closed
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from importlib import resources
from typing import Annotated, Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from recoverynav.backoffice.callers import Caller, clean_text
from recoverynav.directory import FacilityQuery
from recoverynav.errors import InputRejected, NotFound
from recoverynav.placement import Recommendation
from recoverynav.plans import RecoveryPlan
from recoverynav.screening import ScreeningResult

Status = Literal[
    "new",
    "screened",
    "level_suggested",
    "coverage_checked",
    "shortlisted",
    "referred",
    "accepted",
    "declined",
    "waitlisted",
    "expired",
    "admitted",
    "no_show",
    "follow_up_due",
    "closed",
]
STATUSES: tuple[str, ...] = get_args(Status)
Source = Literal["staff", "callback"]
NOTES_MAX = 20_000
SUBSTANCE_MAX = 100
SUBSTANCES_MAX = 20
SCREENINGS_MAX = 10
NOTE_MAX = 2000

Substance = Annotated[str, Field(min_length=1, max_length=SUBSTANCE_MAX)]


class CaseNotFound(NotFound):
    """No case with this id (or the actor may not know it exists)."""


class TransitionRefused(InputRejected):
    """The move is not in the table from this state; ``allowed`` lists the ones that are (an API's 409)."""

    def __init__(self, status: str, to: str, allowed: tuple[str, ...]) -> None:
        moves = ", ".join(allowed) or "none (the case is closed)"
        super().__init__(f"to: a case that is {status} cannot move to {to}; allowed next states: {moves}")
        self.status, self.to, self.allowed = status, to, allowed


class ReasonRequired(InputRejected):
    """A move that must say why (declined, closed) came without one of its reason codes."""


class StaleCase(InputRejected):
    """Someone changed the case since it was read; reload it and apply the edit again (an API's 409)."""

    def __init__(self, case_id: str, expected: int, current: int) -> None:
        super().__init__(f"version: the case changed since you read it (yours {expected}, now {current}); reload it")
        self.case_id, self.expected, self.current = case_id, expected, current


class _Shortcut(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    source: str = Field(alias="from")
    to: Status


class CaseFlow(BaseModel):
    """The state machine: the main path, the shortcuts (``from: "*"`` is any open state), and required reasons."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    initial: Status
    final: tuple[Status, ...]
    transitions: dict[Status, tuple[Status, ...]]
    shortcuts: tuple[_Shortcut, ...] = ()
    reasons: dict[Status, tuple[str, ...]] = {}

    @model_validator(mode="after")
    def _complete(self) -> CaseFlow:
        for shortcut in self.shortcuts:
            if shortcut.source != "*" and shortcut.source not in STATUSES:
                raise ValueError(f"shortcut from unknown state {shortcut.source!r}")
        unreachable = set(STATUSES) - {self.initial} - {t for s in STATUSES for t in self.next_states(s)}
        if unreachable:
            raise ValueError(f"states no move reaches: {sorted(unreachable)}")
        stuck = [s for s in STATUSES if s not in self.final and not self.next_states(s)]
        if stuck:
            raise ValueError(f"open states with no way out: {stuck}")
        return self

    def next_states(self, status: str) -> tuple[str, ...]:
        """Every state a case in ``status`` may move to, in table order (none from a final state)."""
        if status in self.final:
            return ()
        found = list(self.transitions.get(status, ()))  # type: ignore[call-overload]
        for shortcut in self.shortcuts:
            if shortcut.source in ("*", status) and shortcut.to not in found and shortcut.to != status:
                found.append(shortcut.to)
        return tuple(found)


@cache
def load_case_flow() -> CaseFlow:
    """The bundled ``case_flow.yaml``, validated (every state reachable, no open state without a way out)."""
    text = resources.files("recoverynav.backoffice").joinpath("case_flow.yaml").read_text(encoding="utf-8")
    return CaseFlow.model_validate(yaml.safe_load(text))


class TransitionRecord(BaseModel):
    """One move: from where to where, who made it, when, and the reason code (plus an optional note)."""

    model_config = ConfigDict(frozen=True)

    from_status: Status | None
    to_status: Status
    actor: str
    at: datetime
    reason: str | None = None
    note: str | None = None


class CallbackPreferences(BaseModel):
    """What a "call me back" request asked for: when and in which language, and when consent was ticked."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    best_time: str = Field(default="", max_length=200)
    language: str = Field(default="", max_length=40)
    consent_at: datetime


class CaseDraft(BaseModel):
    """What intake knows when a case is opened (a consultant's call, or a public callback request)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    caller: Caller
    for_self: bool | None = Field(default=None, description="True: calls for themselves; False: for someone else")
    substances: list[Substance] = Field(default_factory=list, max_length=SUBSTANCES_MAX)
    notes: str = Field(default="", max_length=NOTES_MAX)
    screening: list[ScreeningResult] = Field(default_factory=list, max_length=SCREENINGS_MAX)
    placement: Recommendation | None = None
    search: FacilityQuery | None = None
    owner: str | None = Field(default=None, max_length=64)
    next_action: str = Field(default="", max_length=500)
    due_at: datetime | None = None
    source: Source = "staff"
    callback: CallbackPreferences | None = None

    @field_validator("notes", "next_action", mode="after")
    @classmethod
    def _clean(cls, value: str) -> str:
        return clean_text(value)

    @field_validator("substances", mode="after")
    @classmethod
    def _clean_substances(cls, value: list[str]) -> list[str]:
        cleaned = [" ".join(clean_text(s).split()) for s in value]
        return list(dict.fromkeys(s for s in cleaned if s))


class Case(CaseDraft):
    """A stored case: the draft's fields plus its id, reference, state, version and history."""

    id: str
    reference: str
    status: Status
    version: int = Field(ge=1)
    created_at: datetime
    updated_at: datetime
    history: tuple[TransitionRecord, ...] = ()
    merged_into: str | None = None
    plan: RecoveryPlan | None = Field(
        default=None, description="The person's recovery plan, attached at their request (the plan file's shape)"
    )

    @property
    def allowed_next(self) -> tuple[str, ...]:
        """The states this case may move to now."""
        return load_case_flow().next_states(self.status)


class CaseChanges(BaseModel):
    """An edit to a case; fields left out stay as they are (``version`` is the one the editor read)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int = Field(ge=1, le=2**31 - 1, description="The version you read; a newer one on the server is a 409")
    caller: Caller | None = None
    for_self: bool | None = None
    substances: list[Substance] | None = Field(default=None, max_length=SUBSTANCES_MAX)
    notes: str | None = Field(default=None, max_length=NOTES_MAX)
    add_screening: list[ScreeningResult] = Field(default_factory=list, max_length=SCREENINGS_MAX)
    placement: Recommendation | None = None
    owner: str | None = Field(default=None, max_length=64)
    next_action: str | None = Field(default=None, max_length=500)
    due_at: datetime | None = None


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def new_case(draft: CaseDraft, *, case_id: str, reference: str, actor: str, now: datetime) -> Case:
    """A case in the flow's initial state, its opening recorded as the first history entry."""
    flow = load_case_flow()
    at = _utc(now)
    opened = TransitionRecord(from_status=None, to_status=flow.initial, actor=actor, at=at)
    return Case(
        **draft.model_dump(exclude={"caller", "screening", "placement", "search", "callback"}),
        caller=draft.caller,
        screening=draft.screening,
        placement=draft.placement,
        search=draft.search,
        callback=draft.callback,
        id=case_id,
        reference=reference,
        status=flow.initial,
        version=1,
        created_at=at,
        updated_at=at,
        history=(opened,),
    )


def transition(
    case: Case, to: str, *, actor: str, at: datetime, reason: str | None = None, note: str | None = None
) -> Case:
    """The case moved to ``to``; TransitionRefused when the table has no such move, ReasonRequired without a
    required reason code. The move's time never precedes the case's last change (a clock stepping back is
    recorded at the last change's time, so history stays in order)."""
    flow = load_case_flow()
    allowed = flow.next_states(case.status)
    if to not in allowed:
        raise TransitionRefused(case.status, to, allowed)
    codes = flow.reasons.get(to, ())  # type: ignore[call-overload]
    if codes and reason not in codes:
        raise ReasonRequired(f"reason: moving to {to} needs one of: {', '.join(codes)}")
    if not codes and reason is not None:
        raise InputRejected(f"reason: only {', '.join(flow.reasons)} take a reason code; put the rest in note")
    cleaned_note = clean_text(note or "")[:NOTE_MAX] or None
    moment = max(_utc(at), case.updated_at)
    record = TransitionRecord(
        from_status=case.status, to_status=to, actor=actor, at=moment, reason=reason, note=cleaned_note
    )
    return case.model_copy(update={"status": to, "updated_at": moment, "history": (*case.history, record)})


def apply_changes(case: Case, changes: CaseChanges, *, at: datetime) -> Case:
    """The case with the edit applied; StaleCase when the editor read an older version."""
    if changes.version != case.version:
        raise StaleCase(case.id, changes.version, case.version)
    update = changes.model_dump(exclude_unset=True, exclude={"version", "add_screening", "caller", "placement"})
    if "substances" in update and update["substances"] is None:
        update["substances"] = []
    if "notes" in update:
        update["notes"] = clean_text(update["notes"] or "")
    if "next_action" in update:
        update["next_action"] = clean_text(update["next_action"] or "")
    if changes.caller is not None:
        update["caller"] = changes.caller
    if changes.placement is not None:
        update["placement"] = changes.placement
    if changes.add_screening:
        update["screening"] = [*case.screening, *changes.add_screening][-SCREENINGS_MAX:]
    update["updated_at"] = max(_utc(at), case.updated_at)
    return Case.model_validate({**case.model_dump(), **update} | _kept_models(case, update))


def _kept_models(case: Case, update: dict[str, object]) -> dict[str, object]:
    # model_dump turns the carried models into dicts; hand the originals back so nothing is re-validated away.
    kept: dict[str, object] = {"history": case.history}
    for name in ("caller", "screening", "placement", "search", "callback", "plan"):
        kept[name] = update.get(name, getattr(case, name))
    return kept


def with_plan(case: Case, plan: RecoveryPlan | None, *, at: datetime) -> Case:
    """The case with ``plan`` attached (or, with None, removed); a closed case keeps what it had."""
    if case.status in load_case_flow().final:
        raise InputRejected("plan: the case is closed; open a new case to attach a plan")
    return case.model_copy(update={"plan": plan, "updated_at": max(_utc(at), case.updated_at)})


def merge_into(keep: Case, duplicate: Case, *, actor: str, at: datetime) -> tuple[Case, Case]:
    """``keep`` absorbing what ``duplicate`` knew, and ``duplicate`` closed as merged into it."""
    if keep.id == duplicate.id:
        raise InputRejected("merge: a case cannot be merged into itself")
    if duplicate.status in load_case_flow().final or keep.status in load_case_flow().final:
        raise InputRejected("merge: both cases must be open; reopen is not possible, open a new case instead")
    notes = "\n\n".join(n for n in (keep.notes, f"[merged {duplicate.reference}]\n{duplicate.notes}".strip()) if n)
    moment = max(_utc(at), keep.updated_at, duplicate.updated_at)
    kept = keep.model_copy(
        update={
            "caller": keep.caller.merged_with(duplicate.caller),
            "substances": list(dict.fromkeys([*keep.substances, *duplicate.substances]))[:SUBSTANCES_MAX],
            "screening": [*keep.screening, *duplicate.screening][-SCREENINGS_MAX:],
            "placement": keep.placement or duplicate.placement,
            "search": keep.search or duplicate.search,
            "plan": keep.plan or duplicate.plan,
            "notes": notes[:NOTES_MAX],
            "updated_at": moment,
        }
    )
    closed = transition(duplicate, "closed", actor=actor, at=moment, reason="duplicate_merged")
    return kept, closed.model_copy(update={"merged_into": keep.id})
