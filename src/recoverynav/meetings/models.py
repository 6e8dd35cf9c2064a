"""What the meetings capability stores, what a search asks for and what it answers.

Usage::

    from recoverynav.meetings import MeetingQuery
    MeetingQuery(near="19103", day="mon", types=["O", "S"])
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field, field_validator, model_validator

from recoverynav.directory.models import Place
from recoverynav.errors import NotFound

# Meeting lists change weekly; the spec's own advice to apps is to send people to the group for the last word.
CHECK_NOTICE = "Meetings change: check with the group before you go."
ATTRIBUTION = "Meeting Guide format and type labels: Code for Recovery (MIT). Meetings as published by each intergroup."

Attendance = Literal["in_person", "online", "hybrid"]
# Meeting Guide numbers days from Sunday.
DAY_NAMES = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
DAY_NAMES_ES = ("domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado")


class MeetingType(BaseModel):
    """A Meeting Guide type code with its plain-words label in English and Spanish (from the spec)."""

    model_config = ConfigDict(frozen=True)

    code: str
    en: str
    es: str


class Meeting(BaseModel):
    """One meeting as stored: what the feed said, cleaned, with where its place and time zone came from.

    ``located_by`` says how the coordinates were found (``feed``, ``zip``, ``city``; None: no place, online
    only); ``timezone_from`` says where the zone came from (``feed``, ``zip``, ``point``, ``city``, ``state``).
    """

    model_config = ConfigDict(frozen=True)

    feed: str = Field(min_length=1, max_length=80)
    slug: str = Field(min_length=1, max_length=200)
    name: str = Field(min_length=1, max_length=300)
    days: list[int] = Field(min_length=1, max_length=7)
    time: str = Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    end_time: str | None = Field(default=None, pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    timezone: str = Field(min_length=1, max_length=60)
    timezone_from: str = "feed"
    types: list[str] = Field(default_factory=list)
    other_types: list[str] = Field(default_factory=list)
    attendance: Attendance = "in_person"
    location: str = ""
    address: str = ""
    city: str = ""
    state: str = ""
    postal_code: str = ""
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    located_by: str | None = None
    region: str = ""
    group: str = ""
    notes: str = ""
    location_notes: str = ""
    conference_url: str = ""
    conference_url_notes: str = ""
    conference_phone: str = ""
    conference_phone_notes: str = ""
    url: str = ""
    updated: dt.date | None = None

    @model_validator(mode="after")
    def _both_coordinates(self) -> Meeting:
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("latitude and longitude must be given together")
        return self


class Feed(BaseModel):
    """A feed as stored: its name, who publishes it, the file it came from and when it was imported."""

    name: str
    title: str
    source_name: str
    sha256: str
    meetings: int
    # SQLite hands back naive datetimes; every stored time is UTC, so it is said (OpenAPI's date-time needs an offset).
    imported_at: dt.datetime

    @field_validator("imported_at")
    @classmethod
    def _utc(cls, value: dt.datetime) -> dt.datetime:
        return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


class MeetingHit(Meeting):
    """A meeting as a search or detail answer: its id, distance, next start and the words to show with it.

    ``next_start`` is the next time it begins, in its own zone; ``viewer_start`` the same instant in the
    viewer's zone (None when no viewer zone was asked for).
    """

    id: int
    feed_title: str = ""
    distance_miles: float | None = None
    type_labels: list[MeetingType] = Field(default_factory=list)
    next_start: dt.datetime | None = None
    viewer_start: dt.datetime | None = None
    notice: str = CHECK_NOTICE
    attribution: str = ATTRIBUTION

    @computed_field  # type: ignore[prop-decorator]
    @property
    def day(self) -> list[str]:
        """The days it meets, in words (English)."""
        return [DAY_NAMES[d] for d in self.days]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def online_link(self) -> str | None:
        """The link to join online (only http/https links are ever stored), or None."""
        return self.conference_url or None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def phone_tel(self) -> str | None:
        """A ``tel:`` target for the dial-in: its leading number (pauses and codes stay in the shown text)."""
        match = re.match(r"^\s*(\+?\d[\d\s().-]{6,20}\d)", self.conference_phone)
        if match is None:
            return None
        digits = re.sub(r"[^\d+]", "", match.group(1))
        return "tel:" + (digits if digits.startswith("+") or len(digits) != 10 else "+1" + digits)


Order = Literal["distance", "next"]


class MeetingQuery(BaseModel):
    """A meeting search: near a place, within a radius (online meetings: from anywhere), optional filters.

    Usage::

        MeetingQuery(near="19103", day="mon", types=["S"])
        MeetingQuery(near="Austin, TX", online=True, order="next")
    """

    model_config = ConfigDict(extra="forbid")

    near: str = Field(min_length=1, max_length=120, description='ZIP code, "lat,lon", "City, ST" or a state')
    radius_miles: float = Field(default=25, gt=0, le=500, allow_inf_nan=False)
    day: int | None = Field(default=None, ge=0, le=6, description="0 = Sunday ... 6 = Saturday, or a day name")
    types: list[str] = Field(default_factory=list, max_length=20)
    online: bool = False
    order: Order = "distance"
    limit: int = Field(default=20, ge=1, le=200)
    viewer_timezone: str | None = Field(default=None, max_length=60)

    @field_validator("near")
    @classmethod
    def _printable(cls, value: str) -> str:
        if any(unicodedata.category(char) == "Cc" for char in value):
            raise ValueError("the place has a control character; type a ZIP code or 'City, ST'")
        return value.strip()

    @field_validator("day", mode="before")
    @classmethod
    def _day_name(cls, value: object) -> object:
        if isinstance(value, str):
            return parse_day(value)
        return value

    @field_validator("types")
    @classmethod
    def _known_types(cls, value: list[str]) -> list[str]:
        from recoverynav.meetings.types import meeting_types, normalize_type

        cleaned = sorted({normalize_type(v) for v in value if v.strip()})
        unknown = [code for code in cleaned if code not in meeting_types()]
        if unknown:
            raise ValueError(f"{', '.join(map(repr, unknown))} is not a meeting type; {valid_types_hint()}")
        return cleaned

    @field_validator("viewer_timezone")
    @classmethod
    def _zone(cls, value: str | None) -> str | None:
        from recoverynav.meetings.timezones import valid_zone

        if value is None or not value.strip():
            return None
        if not valid_zone(value.strip()):
            raise ValueError(f"{value!r} is not a time zone; use an IANA name such as America/New_York")
        return value.strip()


class MeetingResult(BaseModel):
    """The meetings found, the resolved origin, the viewer's zone and every feed the hits came from."""

    results: list[MeetingHit]
    total: int
    origin: Place
    radius_miles: float | None
    viewer_timezone: str
    feeds: list[Feed]
    notice: str = CHECK_NOTICE
    attribution: str = ATTRIBUTION


class UnknownMeetingError(NotFound):
    """No meeting has this id."""

    def __init__(self, meeting_id: int) -> None:
        self.meeting_id = meeting_id
        super().__init__(f"No meeting with id {meeting_id} is stored.")


_DAY_WORDS = {name.lower(): i for i, name in enumerate(DAY_NAMES)} | {
    name[:3].lower(): i for i, name in enumerate(DAY_NAMES)
}


def parse_day(text: str) -> int:
    """0-6 from ``"mon"``, ``"Monday"`` or ``"1"`` (Meeting Guide numbers days from Sunday = 0)."""
    word = text.strip().lower()
    if word.isdigit() and int(word) <= 6:
        return int(word)
    if word in _DAY_WORDS:
        return _DAY_WORDS[word]
    raise ValueError(f"{text!r} is not a day; use sun, mon, tue, wed, thu, fri, sat (or 0-6, 0 = Sunday)")


def valid_types_hint() -> str:
    """The valid type codes with their labels, for an error message."""
    from recoverynav.meetings.types import meeting_types

    return "valid types: " + ", ".join(f"{t.code} ({t.en})" for t in meeting_types().values())
