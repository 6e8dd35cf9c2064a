"""The recovery plan: what a person writes down, bounded so a plan file is small and a page can hold it.

Nothing here is stored: a plan lives in the person's own file, PDF and calendar. Validation messages never repeat
what was written (they name the field and the fix), so a plan cannot leak into an error log.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

MAX_ITEMS = 12
MAX_TEXT = 240
MAX_PEOPLE = 8
MAX_MEETINGS = 10

Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DAYS: tuple[Day, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# Blanks around a text are dropped, so one made only of blanks is empty: the schema says so (a non-blank character).
NOT_BLANK = r"\S"
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT, pattern=NOT_BLANK)]


def _items() -> Any:
    """A list of up to MAX_ITEMS short texts, empty by default."""
    return Field(default_factory=list, max_length=MAX_ITEMS)


class _Plain(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Person(_Plain):
    """Someone to call: a name and, optionally, a phone number (any common spelling; + for other countries)."""

    name: str = Field(min_length=1, max_length=80, pattern=NOT_BLANK)
    phone: str = Field(default="", max_length=40)

    @field_validator("phone")
    @classmethod
    def _dialable(cls, value: str) -> str:
        if value and not is_dialable(value):
            raise ValueError("is not a phone number: use digits, spaces or dashes (start with + for another country)")
        return value


def is_dialable(value: str, region: str = "US") -> bool:
    """Lenient: a possible full number, or a short code such as 988 (what a phone keypad could dial)."""
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return False
    return bool(phonenumbers.is_possible_number(number) or phonenumbers.is_possible_short_number(number))


class WeeklyEvent(_Plain):
    """A meeting or a check-in: ``day``/``time`` make it a weekly calendar event; ``timezone`` is an IANA name.

    Without a time zone the event is "floating": it lands at that clock time wherever the calendar is.
    """

    # OpenAPI states the rule _day_and_time_together enforces: both a day and a time, or neither.
    model_config = ConfigDict(
        **_Plain.model_config,
        json_schema_extra={
            "anyOf": [
                {"properties": {"day": {"type": "null"}, "time": {"type": "null"}}},
                {
                    "required": ["day", "time"],
                    "properties": {"day": {"not": {"type": "null"}}, "time": {"not": {"type": "null"}}},
                },
            ]
        },
    )

    name: str = Field(min_length=1, max_length=120, pattern=NOT_BLANK)
    day: Day | None = None
    time: str | None = Field(
        default=None, max_length=5, pattern=r"^([01]\d|2[0-3]):[0-5]\d$", description="24-hour HH:MM"
    )
    timezone: str | None = Field(default=None, max_length=64, description="IANA time zone, e.g. America/New_York")
    where: str = Field(default="", max_length=MAX_TEXT)

    @field_validator("day", "time", "timezone", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("is not a time zone name: use one like America/New_York or America/Los_Angeles") from None
        return value

    @model_validator(mode="after")
    def _day_and_time_together(self) -> WeeklyEvent:
        if (self.day is None) != (self.time is None):
            raise ValueError("give both a day and a time, or neither")
        return self

    @property
    def scheduled(self) -> bool:
        return self.day is not None and self.time is not None


class Reasons(_Plain):
    """Why I am doing this, in SAMHSA's four dimensions of recovery."""

    health: list[Text] = _items()
    home: list[Text] = _items()
    purpose: list[Text] = _items()
    community: list[Text] = _items()


class Triggers(_Plain):
    """What sets off an urge: inside me (feelings, thoughts) and outside (people, places, times)."""

    inside: list[Text] = _items()
    outside: list[Text] = _items()


class CrisisPlan(_Plain):
    """The crisis part, in the six steps of a Stanley-Brown safety plan (our wording)."""

    warning_signs: list[Text] = _items()
    on_my_own: list[Text] = _items()
    people_and_places: list[Text] = _items()
    people_to_ask: list[Person] = Field(default_factory=list, max_length=MAX_PEOPLE)
    professionals: list[Person] = Field(default_factory=list, max_length=MAX_PEOPLE)
    safer_place: list[Text] = _items()


class RecoveryPlan(_Plain):
    """A relapse-prevention plan; the same shape is the plan file (JSON).

    Usage::

        RecoveryPlan(coping_now=["Call Sam"], people=[Person(name="Sam", phone="215-555-0100")])
    """

    version: Literal[1] = 1
    reasons: Reasons = Field(default_factory=lambda: Reasons())
    triggers: Triggers = Field(default_factory=lambda: Triggers())
    warning_signs: list[Text] = _items()
    coping_now: list[Text] = _items()
    coping_week: list[Text] = _items()
    people: list[Person] = Field(default_factory=list, max_length=MAX_PEOPLE)
    meetings: list[WeeklyEvent] = Field(default_factory=list, max_length=MAX_MEETINGS)
    check_ins: list[WeeklyEvent] = Field(default_factory=list, max_length=MAX_MEETINGS)
    medications: list[Text] = _items()
    if_i_slip: list[Text] = _items()
    crisis: CrisisPlan = Field(default_factory=lambda: CrisisPlan())
