"""A listing's phone numbers, parsed once for every face: what to show and what a phone should dial.

SAMHSA lists numbers as text ("951-925-8450 x1699"). Keeping only the digits made ``tel:95192584501699``,
which no phone can dial. Parsed with ``phonenumbers``, the same text becomes ``tel:+19519258450;ext=1699``
(E.164 with an RFC 3966 extension) and is shown as "(951) 925-8450 ext. 1699". Text that is not a valid
number stays text: shown as listed, never a link that dials a wrong number.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal

import phonenumbers
from pydantic import BaseModel, ConfigDict

__all__ = ["TEL_PATTERN", "Phone", "PhoneKind", "listed_phones", "parse_phone"]

PhoneKind = Literal["main", "intake", "hotline"]

# Every tel: target this module makes: E.164 (a + and up to 15 digits), optionally ;ext= and digits.
TEL_PATTERN = re.compile(r"^tel:\+[1-9]\d{6,14}(;ext=\d{1,20})?$")

# SAMHSA's listings are US facilities (states and territories share country code 1).
_REGION = "US"
# Longer text is not one phone number; parsing it would only waste time.
_MAX_PHONE_TEXT = 60


class Phone(BaseModel):
    """One number of a listing: as shown, as dialled (``tel`` is None when it cannot be dialled), its kind.

    Usage::

        parse_phone("951-925-8450 x1699").tel       # "tel:+19519258450;ext=1699"
        parse_phone("951-925-8450 x1699").display   # "(951) 925-8450 ext. 1699"
    """

    model_config = ConfigDict(frozen=True)

    display: str
    tel: str | None = None
    ext: str | None = None
    kind: PhoneKind = "main"


# Parsing is pure and Phone is frozen: a listing's number shown again (another search, its page) is parsed once.
@lru_cache(maxsize=8192)
def parse_phone(text: str, kind: PhoneKind = "main") -> Phone | None:
    """The number in ``text`` ready to show and dial; None for blank text; text that is no valid number stays text."""
    listed = " ".join(text.split())
    if not listed:
        return None
    if len(listed) > _MAX_PHONE_TEXT:
        return Phone(display=listed, kind=kind)
    try:
        number = phonenumbers.parse(listed, _REGION)
    except phonenumbers.NumberParseException:
        return Phone(display=listed, kind=kind)
    if not phonenumbers.is_valid_number(number):
        return Phone(display=listed, kind=kind)
    ext = number.extension if number.extension and number.extension.isdigit() else None
    number.extension = ext
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    shown = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    if number.country_code != 1:
        shown = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return Phone(display=shown, tel=f"tel:{e164}" + (f";ext={ext}" if ext else ""), ext=ext, kind=kind)


def listed_phones(main: str = "", intake: str = "", hotline: str = "") -> list[Phone]:
    """A listing's numbers in order (main, intake, hotline), each number once."""
    phones: list[Phone] = []
    seen: set[str] = set()
    listed: tuple[tuple[PhoneKind, str], ...] = (("main", main), ("intake", intake), ("hotline", hotline))
    for kind, text in listed:
        phone = parse_phone(text, kind)
        if phone is None:
            continue
        key = phone.tel or phone.display
        if key not in seen:
            seen.add(key)
            phones.append(phone)
    return phones
