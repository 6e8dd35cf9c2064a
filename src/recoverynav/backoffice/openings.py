"""Posting openings (#16): a facility account for its own listings, or the helpline's "called, confirmed" check.

A facility's update replaces that listing's openings whole (``PUT`` semantics: a care type left out is no longer
offered). A consultant who phoned the facility records what was said, or confirms the stored figures as they are
(``openings=None``): either way the figures' age restarts and they are marked as confirmed by the helpline.

Openings are not personal data, but every change (and every refused attempt) is an audit event, so a wrong figure
can be traced to the account that posted it. A facility account asking about a listing it is not tied to gets
the same answer as for a listing that does not exist (:class:`UnknownListing`, a 404): it learns nothing.

Usage::

    update = OpeningsUpdate(frid="abc", openings=[OpeningInput(care_type="DT", open_slots=2, accepting_new=True)])
    post_openings(unit, facility_actor, update, now=now)          # the facility's own listing
    confirm_openings(unit, consultant, "abc", None, now=now)      # "called, confirmed" as they are
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field, field_validator

from recoverynav.backoffice.access import Actor, Denied, require
from recoverynav.backoffice.audit import AuditEvent, AuditTrail
from recoverynav.directory import CARE_TYPES, SLOTS_MAX, CareType, Opening
from recoverynav.errors import InputRejected, NotFound

FRID_PATTERN = r"^[^\x00-\x1f\x7f]{1,80}$"


class UnknownListing(NotFound):
    """No listing with this id, or (to a facility account) not one of its own: answered as 404 either way.

    Its audit event (a refusal is recorded) is kept although the error escapes the unit of work.
    """

    keeps_commit = True

    def __init__(self) -> None:
        super().__init__("frid: no listing with this id among the ones this account may update")


class OpeningsRejected(InputRejected):
    """Openings that cannot be stored as given (the message names the field and the fix)."""


def each_care_type_once(items: list[OpeningInput]) -> list[OpeningInput]:
    """``items`` when no care type is given twice; else :class:`OpeningsRejected` naming it."""
    seen: set[str] = set()
    for item in items:
        if item.care_type in seen:
            raise OpeningsRejected(f"care_type {item.care_type} is given twice; give each care type once")
        seen.add(item.care_type)
    return items


class OpeningsDenied(Denied):
    """The role may not post or confirm openings; the refusal was audited and committed."""

    keeps_commit = True


class OpeningInput(BaseModel):
    """The figures for one care type: open places now, whether new patients are taken, the waitlist (optional)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    care_type: CareType = Field(description="A SAMHSA type-of-care or setting code, e.g. DT (detox), RES, OP")
    open_slots: int = Field(ge=0, le=SLOTS_MAX, description="Places free now")
    accepting_new: bool = Field(description="Whether new patients are taken now")
    waitlist: int | None = Field(default=None, ge=0, le=SLOTS_MAX, description="People waiting, if known")


class OpeningsUpdate(BaseModel):
    """A listing's openings, one entry per care type (each care type once); an empty list clears them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    frid: str = Field(min_length=1, max_length=80, pattern=FRID_PATTERN, description="The listing's id")
    openings: list[OpeningInput] = Field(max_length=len(CARE_TYPES))

    @field_validator("openings")
    @classmethod
    def _each_care_type_once(cls, value: list[OpeningInput]) -> list[OpeningInput]:
        try:
            return each_care_type_once(value)
        except OpeningsRejected as exc:
            raise ValueError(str(exc)) from None


class OpeningsConfirmation(BaseModel):
    """What a facility said on the phone; ``openings`` left out confirms the stored figures as they are."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    openings: list[OpeningInput] | None = Field(default=None, max_length=len(CARE_TYPES))

    @field_validator("openings")
    @classmethod
    def _each_care_type_once(cls, value: list[OpeningInput] | None) -> list[OpeningInput] | None:
        try:
            return None if value is None else each_care_type_once(value)
        except OpeningsRejected as exc:
            raise ValueError(str(exc)) from None


class OpeningsRepository(Protocol):
    """Where openings live (``storage.openings``); writes join the caller's transaction."""

    def of(self, frid: str) -> list[Opening]:
        """The stored openings of one listing."""
        ...

    def replace(self, frid: str, openings: list[Opening]) -> None:
        """Make ``openings`` the listing's whole set."""
        ...

    def listing_exists(self, frid: str) -> bool:
        """Whether the directory holds this listing."""
        ...


class OpeningsUnit(Protocol):
    """One transaction holding the openings and the audit trail."""

    @property
    def openings(self) -> OpeningsRepository:
        """The openings repository in this unit."""
        ...

    @property
    def audit(self) -> AuditTrail:
        """The audit trail in this unit."""
        ...

    def commit(self) -> None:
        """Keep this unit's writes."""
        ...


def _event(
    actor: Actor | None, action: str, frid: str, outcome: str = "success", source: str | None = None
) -> AuditEvent:
    return AuditEvent(
        actor=actor.id if actor is not None else "anonymous",
        action=action,
        record_type="facility",
        record_id=frid[:80],
        outcome=outcome,
        source=source,
    )


def _refuse(unit: OpeningsUnit, actor: Actor | None, action: str, frid: str, source: str | None) -> None:
    unit.audit.record(_event(actor, action, frid, "denied", source))
    unit.commit()


def _allowed(unit: OpeningsUnit, actor: Actor | None, action: str, frid: str, source: str | None) -> Actor:
    try:
        return require(actor, action)
    except Denied as exc:
        _refuse(unit, actor, action, frid, source)
        raise OpeningsDenied(exc.action, exc.actor) from None


def _stored(frid: str, items: list[OpeningInput], actor: Actor, source: str, now: datetime) -> list[Opening]:
    return [
        Opening(
            frid=frid,
            care_type=item.care_type,
            open_slots=item.open_slots,
            accepting_new=item.accepting_new,
            waitlist=item.waitlist,
            updated_at=now,
            updated_by=actor.id,
            source="facility" if source == "facility" else "helpline",
        )
        for item in items
    ]


def post_openings(
    unit: OpeningsUnit, actor: Actor | None, update: OpeningsUpdate, *, now: datetime, source: str | None = None
) -> list[Opening]:
    """A facility account's openings for one of its own listings, stored whole and audited; else 404/403."""
    allowed = _allowed(unit, actor, "openings.update", update.frid, source)
    if not allowed.acts_for(update.frid) or not unit.openings.listing_exists(update.frid):
        _refuse(unit, allowed, "openings.update", update.frid, source)
        raise UnknownListing()
    stored = _stored(update.frid, update.openings, allowed, "facility", now)
    unit.openings.replace(update.frid, stored)
    unit.audit.record(_event(allowed, "openings.update", update.frid, source=source))
    unit.commit()
    return stored


def confirm_openings(
    unit: OpeningsUnit,
    actor: Actor | None,
    frid: str,
    openings: list[OpeningInput] | None,
    *,
    now: datetime,
    source: str | None = None,
) -> list[Opening]:
    """The helpline phoned the facility: store what it said (or, with None, the stored figures as they are).

    Either way the figures count as said ``now`` and confirmed by the helpline; the check is audited.
    """
    allowed = _allowed(unit, actor, "openings.confirm", frid, source)
    if not unit.openings.listing_exists(frid):
        _refuse(unit, allowed, "openings.confirm", frid, source)
        raise UnknownListing()
    if openings is None:
        items = [
            OpeningInput(
                care_type=o.care_type, open_slots=o.open_slots, accepting_new=o.accepting_new, waitlist=o.waitlist
            )
            for o in unit.openings.of(frid)
        ]
    else:
        items = each_care_type_once(list(openings))
    stored = _stored(frid, items, allowed, "helpline", now)
    unit.openings.replace(frid, stored)
    unit.audit.record(_event(allowed, "openings.confirm", frid, source=source))
    unit.commit()
    return stored


def own_openings(unit: OpeningsUnit, actor: Actor | None) -> dict[str, list[Opening]]:
    """A facility account's listings with their stored openings (every age: the facility sees its own)."""
    allowed = require(actor, "openings.update")
    return {frid: unit.openings.of(frid) for frid in allowed.facilities}
