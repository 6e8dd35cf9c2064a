"""Who called: an anonymous nickname and a callback number are enough; a name, birth date, e-mail and ZIP if given.

Phone numbers are kept in E.164 form so that "(215) 555-0100" and "215.555.0100" are one person for duplicate
detection; names are compared case-folded and without extra spaces. Validation messages name the field and the
fix and never repeat the value (it is personal data and error bodies end up in logs).

Usage::

    caller = Caller(nickname="Sam", phone="215-555-0100")
    caller.phone                 # "+12155550100"
    phone_key(caller), person_key(caller)   # ("+12155550100", None): what storage turns into blind indexes
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

import phonenumbers
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

NAME_MAX = 100
# US helpline: a number without a country code is read as a US number.
_REGION = "US"
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,189}\.[^@\s]{2,63}$")
_ZIP = re.compile(r"^\d{5}(-\d{4})?$")


def clean_text(value: str) -> str:
    """Line breaks and tabs kept, other control characters dropped, ends trimmed (hidden text hides intent)."""
    return "".join(ch for ch in value if ch in "\n\t" or unicodedata.category(ch)[0] != "C").strip()


def normalise_phone(text: str) -> str:
    """E.164 (``+12155550100``); ValueError naming the fix, never the number."""
    try:
        number = phonenumbers.parse(text, _REGION)
    except phonenumbers.NumberParseException as exc:
        raise ValueError("not a phone number; give 10 digits like 215-555-0100 or +44 20 7946 0958") from exc
    if not phonenumbers.is_valid_number(number):
        raise ValueError("not a valid phone number; check the digits (10 digits in the US, with area code)")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class Caller(BaseModel):
    """The person the case is about, as much as they chose to say."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    nickname: str | None = Field(default=None, max_length=NAME_MAX, description="Any name to ask for on the phone")
    first_name: str | None = Field(default=None, max_length=NAME_MAX)
    last_name: str | None = Field(default=None, max_length=NAME_MAX)
    date_of_birth: date | None = Field(default=None, description="YYYY-MM-DD")
    phone: str | None = Field(default=None, max_length=40, description="A callback number; stored as E.164")
    email: str | None = Field(default=None, max_length=254)
    zip: str | None = Field(default=None, max_length=10, description="US ZIP code, 12345 or 12345-6789")

    @field_validator("nickname", "first_name", "last_name", "email", "zip", mode="after")
    @classmethod
    def _cleaned(cls, value: str | None) -> str | None:
        cleaned = clean_text(value or "").replace("\n", " ").replace("\t", " ")
        return cleaned or None

    @field_validator("phone", mode="after")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        cleaned = clean_text(value or "")
        return normalise_phone(cleaned) if cleaned else None

    @field_validator("email", mode="after")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is not None and not _EMAIL.match(value):
            raise ValueError("not an e-mail address; give one like name@example.org, or leave it out")
        return value

    @field_validator("zip", mode="after")
    @classmethod
    def _zip(cls, value: str | None) -> str | None:
        if value is not None and not _ZIP.match(value):
            raise ValueError("a US ZIP code is 5 digits (or 5+4 like 19103-1234)")
        return value

    @field_validator("date_of_birth", mode="after")
    @classmethod
    def _birth(cls, value: date | None) -> date | None:
        if value is not None and not date(1900, 1, 1) <= value <= date.today():
            raise ValueError("a date of birth between 1900-01-01 and today, as YYYY-MM-DD")
        return value

    @model_validator(mode="after")
    def _someone(self) -> Caller:
        if not (self.nickname or self.first_name or self.last_name or self.phone):
            raise ValueError("give at least a nickname (any name to ask for) or a phone number")
        return self

    def merged_with(self, other: Caller) -> Caller:
        """This caller, with the fields it lacks taken from ``other`` (a duplicate being merged in)."""
        mine = self.model_dump()
        theirs = other.model_dump()
        return Caller.model_validate({key: mine[key] if mine[key] is not None else theirs[key] for key in mine})


def phone_key(caller: Caller) -> str | None:
    """What two callers with the same phone share (E.164), or None."""
    return caller.phone


def person_key(caller: Caller) -> str | None:
    """What two callers with the same name and date of birth share, or None when any of the three is missing."""
    if not (caller.first_name and caller.last_name and caller.date_of_birth):
        return None
    names = [
        " ".join(unicodedata.normalize("NFKC", n).casefold().split()) for n in (caller.first_name, caller.last_name)
    ]
    return f"{names[0]}\x1f{names[1]}\x1f{caller.date_of_birth.isoformat()}"
