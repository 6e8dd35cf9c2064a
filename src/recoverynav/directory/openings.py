"""Openings: how many places a listing has now, per care type, and how old that news is.

A facility posts its openings (or the helpline phones and confirms them); the public finder shows each figure
with its age. State bed registries struggle when figures go stale: ASPE/RTI found hospitals reluctant to update
open beds often enough given rapid turnover, and emergency staff still phoning to confirm ("Inpatient Bed
Tracking: State Responses to Need for Inpatient Care", August 2019,
https://aspe.hhs.gov/basic-report/inpatient-bed-tracking-state-responses-need-inpatient-care). Massachusetts
requires its open-bed website to be updated daily (M.G.L. c.17 § 18(c),
https://malegislature.gov/Laws/GeneralLaws/PartI/TitleII/Chapter17/Section18) and Colorado requires daily capacity
updates from providers (C.R.S. 27-60-104.5; https://bha.colorado.gov/behavioral-health/bed-capacity-tracker). So a
figure older than a day is shown greyed as "stale", and one older than a week is not shown at all (our own
cut-off: by then it is more likely wrong than right).

Care types are SAMHSA's own type-of-care and setting codes (the locator's TC and SET categories), so an opening
lines up with the listing's services.

Usage::

    listed = listed_openings(stored, now=now)       # hidden ones dropped, stale ones marked
    listed[0].stale, age_phrase(listed[0].updated_at, now)   # False, "updated 3 hours ago"
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, computed_field

# Greyed as stale after a day (the daily update the Massachusetts and Colorado registries require); hidden after a
# week (recoverynav's choice, no source sets it).
STALE_AFTER = timedelta(hours=24)
HIDDEN_AFTER = timedelta(days=7)
SLOTS_MAX = 10_000

# SAMHSA locator codes (directory/codes.yaml, categories TC and SET) a facility can post openings for.
CareType = Literal[
    "DT",  # detoxification
    "HID",  # hospital inpatient detoxification
    "RD",  # residential detoxification
    "OD",  # outpatient detoxification
    "HI",  # hospital inpatient
    "HIT",  # hospital inpatient treatment
    "RES",  # residential (24-hour)
    "RS",  # short-term residential
    "RL",  # long-term residential
    "PHDT",  # partial hospitalization / day treatment
    "OIT",  # intensive outpatient
    "ORT",  # regular outpatient
    "OMB",  # outpatient methadone / buprenorphine / naltrexone
    "OP",  # outpatient
    "HH",  # transitional housing, halfway house or sober home
]
CARE_TYPES: tuple[CareType, ...] = get_args(CareType)
OpeningSource = Literal["facility", "helpline"]


def care_type_label(code: str) -> str:
    """The plain wording of a care type ("Detox (supervised withdrawal)"), from the locator's catalogue."""
    from recoverynav.directory.codes import catalogue

    entry = catalogue().get(code)
    return entry.plain if entry is not None else code


class Opening(BaseModel):
    """One listing's figures for one care type as stored: who said them last, and when.

    ``source`` is ``facility`` (the facility's own account) or ``helpline`` (a consultant phoned and confirmed).
    """

    model_config = ConfigDict(frozen=True)

    frid: str = Field(max_length=80)
    care_type: CareType
    open_slots: int = Field(ge=0, le=SLOTS_MAX)
    accepting_new: bool
    waitlist: int | None = Field(default=None, ge=0, le=SLOTS_MAX)
    updated_at: datetime
    updated_by: str = Field(max_length=64)
    source: OpeningSource


class ListedOpening(BaseModel):
    """An opening as the public sees it: the figures, when they were last said, and whether that is stale.

    No account id: who updated is kept for the audit trail, not shown.
    """

    model_config = ConfigDict(frozen=True)

    care_type: CareType
    care_type_label: str = Field(description="The care type in plain words")
    open_slots: int = Field(ge=0, le=SLOTS_MAX)
    accepting_new: bool
    waitlist: int | None = None
    updated_at: datetime
    confirmed_by: OpeningSource = Field(description="facility: posted by the facility; helpline: phoned and confirmed")
    stale: bool = Field(description="Older than 24 hours: shown greyed, call to confirm")
    age: str = Field(description='How old the figures are, e.g. "updated 3 hours ago"')

    @computed_field  # type: ignore[prop-decorator]
    @property
    def open_now(self) -> bool:
        """Fresh, accepting new patients and at least one open place."""
        return not self.stale and self.accepting_new and self.open_slots > 0


def age_phrase(updated_at: datetime, now: datetime) -> str:
    """ "updated just now", "updated 1 hour ago", "updated 3 days ago" (a clock skew reads as just now)."""
    seconds = max(0, int((now - updated_at).total_seconds()))
    for size, unit in ((86_400, "day"), (3_600, "hour"), (60, "minute")):
        if seconds >= size:
            count = seconds // size
            return f"updated {count} {unit}{'' if count == 1 else 's'} ago"
    return "updated just now"


def is_hidden(opening: Opening, now: datetime) -> bool:
    """Older than a week: no longer shown."""
    return now - opening.updated_at > HIDDEN_AFTER


def is_stale(opening: Opening, now: datetime) -> bool:
    """Older than 24 hours: shown greyed."""
    return now - opening.updated_at > STALE_AFTER


def listed_openings(openings: Iterable[Opening], now: datetime) -> list[ListedOpening]:
    """What the public sees of a listing's openings at ``now``: hidden ones dropped, in care-type order."""
    order = {code: i for i, code in enumerate(CARE_TYPES)}
    shown = sorted((o for o in openings if not is_hidden(o, now)), key=lambda o: order[o.care_type])
    return [
        ListedOpening(
            care_type=o.care_type,
            care_type_label=care_type_label(o.care_type),
            open_slots=o.open_slots,
            accepting_new=o.accepting_new,
            waitlist=o.waitlist,
            updated_at=o.updated_at,
            confirmed_by=o.source,
            stale=is_stale(o, now),
            age=age_phrase(o.updated_at, now),
        )
        for o in shown
    ]


def opening_line(opening: ListedOpening) -> str:
    """One opening in words, for a table cell or a terminal line ("Detox: 2 open, taking new patients — updated
    3 hours ago"); a stale one says to call."""
    taking = "taking new patients" if opening.accepting_new else "not taking new patients"
    parts = [f"{opening.open_slots} open", taking]
    if opening.waitlist:
        parts.append(f"waitlist {opening.waitlist}")
    said = opening.age + (", confirmed by the helpline by phone" if opening.confirmed_by == "helpline" else "")
    line = f"{opening.care_type_label}: {', '.join(parts)} — {said}"
    return line + (" (may be out of date: call to confirm)" if opening.stale else "")


def fresh_since(now: datetime) -> datetime:
    """The oldest update that still counts as "has openings now" (the finder's filter)."""
    return now - STALE_AFTER
