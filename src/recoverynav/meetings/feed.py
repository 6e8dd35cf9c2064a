"""Read a Meeting Guide JSON feed leniently into :class:`Meeting` records, reporting every record skipped.

Real feeds are messy (Code for Recovery's spec is followed loosely): ``types`` as a list, a comma string or
``"[open]"``; ``day`` as a number, a string or a list; the address as ``formatted_address`` or as parts;
coordinates missing (placed from the ZIP or the city); ``timezone`` missing (taken from the place). Contact
fields that can name a person are never read; e-mail addresses and phone numbers in free-text notes are
replaced. Nothing here touches a database.

Usage::

    parsed = parse_feed(data, feed="aasepia")
    parsed.meetings, parsed.skipped        # [Meeting, ...], [Skipped(slug, name, reason), ...]
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pydantic import ValidationError

from recoverynav.errors import InputRejected
from recoverynav.meetings.models import Attendance, Meeting
from recoverynav.meetings.timezones import valid_zone, zone_at, zone_for_city, zone_for_state, zone_for_zip
from recoverynav.meetings.types import ONLINE, TEMPORARILY_CLOSED, parse_types

__all__ = ["MAX_FEED_BYTES", "MAX_MEETINGS", "FeedRejected", "ParsedFeed", "Skipped", "parse_feed"]

# The largest real feed is ~1.3 MB for ~2,000 meetings; these leave room for a big intergroup, not for abuse.
MAX_FEED_BYTES = 25_000_000
MAX_MEETINGS = 50_000


class FeedRejected(InputRejected):
    """The whole feed is unusable (not JSON, not a list of meetings, too large); nothing was stored."""


@dataclass(frozen=True)
class Skipped:
    """A record not imported: its position in the feed, its slug and name when it had them, and why."""

    index: int
    slug: str
    name: str
    reason: str


@dataclass
class ParsedFeed:
    """The meetings read from a feed and the records skipped (with reasons) or changed (``warnings``)."""

    meetings: list[Meeting] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[Skipped] = field(default_factory=list)


def parse_feed(data: bytes | list[Any], feed: str) -> ParsedFeed:
    """Every usable meeting of a feed, the skipped records with their reasons; raises :class:`FeedRejected`."""
    records = _records(data) if isinstance(data, bytes) else data
    parsed = ParsedFeed()
    seen: set[str] = set()
    for index, record in enumerate(records):
        if not isinstance(record, dict):
            parsed.skipped.append(Skipped(index, "", "", "not a JSON object"))
            continue
        slug, name = _text(record.get("slug"), 200), _text(record.get("name"), 300)
        try:
            meeting = _meeting(record, feed, slug, name, parsed, index)
        except _Skip as skip:
            parsed.skipped.append(Skipped(index, slug, name, str(skip)))
            continue
        if meeting.slug in seen:
            parsed.skipped.append(Skipped(index, slug, name, "duplicate slug (an earlier record has it)"))
            continue
        seen.add(meeting.slug)
        parsed.meetings.append(meeting)
    return parsed


def _records(data: bytes) -> list[Any]:
    if len(data) > MAX_FEED_BYTES:
        raise FeedRejected(f"the feed is larger than {MAX_FEED_BYTES:,} bytes")
    try:
        loaded = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise FeedRejected(f"not a JSON feed: {str(exc)[:200]}") from None
    if isinstance(loaded, dict) and isinstance(loaded.get("meetings"), list):
        loaded = loaded["meetings"]
    if not isinstance(loaded, list):
        raise FeedRejected("a Meeting Guide feed is a JSON array of meetings")
    if len(loaded) > MAX_MEETINGS:
        raise FeedRejected(f"the feed has more than {MAX_MEETINGS:,} records")
    return loaded


class _Skip(Exception):
    """Why one record cannot be imported."""


def _meeting(record: dict[str, Any], feed: str, slug: str, name: str, parsed: ParsedFeed, index: int) -> Meeting:
    if not slug:
        raise _Skip("no slug (the feed's id for the meeting)")
    if not name:
        raise _Skip("no name")
    option = _text(record.get("attendance_option"), 20).lower()
    if option == "inactive":
        raise _Skip("inactive (attendance_option)")
    days = _days(record.get("day"))
    start = _time(record.get("time"))
    if start is None:
        raise _Skip("no start time (by appointment or unreadable time)")
    types, other = parse_types(record.get("types"))
    place = _Place.of(record)
    conference_url = _text(record.get("conference_url"), 500)
    if conference_url and not re.match(r"^https?://[^\s\\]+$", conference_url, re.IGNORECASE):
        parsed.warnings.append(Skipped(index, slug, name, "conference_url dropped: only http(s) links are kept"))
        conference_url = ""
    phone = _text(record.get("conference_phone"), 100)
    attendance = _attendance(option, types, bool(conference_url or phone), place.has_address)
    located_by = place.locate()
    if located_by is None and attendance == "in_person":
        raise _Skip("no place: no coordinates, and neither the ZIP code nor the city is known")
    zone, zone_from = _zone(record.get("timezone"), place)
    if zone is None:
        raise _Skip("no time zone: none given, and no ZIP code, point or state to take it from")
    values = {
        "feed": feed,
        "slug": slug,
        "name": name,
        "days": days,
        "time": start,
        "end_time": _time(record.get("end_time")),
        "timezone": zone,
        "timezone_from": zone_from,
        "types": types,
        "other_types": other,
        "attendance": attendance,
        "location": _text(record.get("location"), 300),
        "address": place.display(),
        "city": place.city,
        "state": place.state,
        "postal_code": place.zip,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "located_by": located_by,
        "region": _region(record),
        "group": _text(record.get("group"), 300),
        "notes": _scrub(_text(record.get("notes"), 4000, keep_lines=True)),
        "location_notes": _scrub(_text(record.get("location_notes"), 2000, keep_lines=True)),
        "conference_url": conference_url,
        "conference_url_notes": _text(record.get("conference_url_notes"), 1000, keep_lines=True),
        "conference_phone": phone,
        "conference_phone_notes": _text(record.get("conference_phone_notes"), 1000, keep_lines=True),
        "url": _link(record.get("url")),
        "updated": _date(record.get("updated")),
    }
    try:
        return Meeting.model_validate(values)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise _Skip(f"{'.'.join(map(str, first['loc']))}: {first['msg']}") from None


def _text(value: Any, limit: int, *, keep_lines: bool = False) -> str:
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int | float):
        value = str(value)
    if not isinstance(value, str):
        return ""
    # No control characters (PostgreSQL text refuses NUL); line breaks survive only in free text.
    cleaned = "".join(ch if ch.isprintable() or (keep_lines and ch == "\n") else " " for ch in value)
    if keep_lines:
        cleaned = "\n".join(" ".join(line.split()) for line in cleaned.split("\n")).strip()
    else:
        cleaned = " ".join(cleaned.split())
    return cleaned[:limit]


def _days(value: Any) -> list[int]:
    items = value if isinstance(value, list) else [value]
    days: set[int] = set()
    for item in items:
        if isinstance(item, bool) or item is None or item == "":
            continue
        try:
            number = int(str(item).strip())
        except ValueError:
            raise _Skip(f"day {str(item)[:20]!r} is not 0-6 (0 = Sunday)") from None
        if not 0 <= number <= 6:
            raise _Skip(f"day {number} is not 0-6 (0 = Sunday)")
        days.add(number)
    if not days:
        raise _Skip("no day (by appointment)")
    return sorted(days)


_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::\d{2})?\s*([ap]\.?m\.?)?$", re.IGNORECASE)


def _time(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    match = _TIME.match(value.strip())
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    if match.group(3):
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match.group(3).lower().startswith("p") else 0)
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def _attendance(option: str, types: list[str], online_capable: bool, has_address: bool) -> Attendance:
    if option in ("in_person", "online", "hybrid"):
        return option  # type: ignore[return-value]
    if ONLINE in types or online_capable:
        # The spec's rule (TSML): online only when the place is closed or there is no place, else hybrid.
        return "online" if TEMPORARILY_CLOSED in types or not has_address else "hybrid"
    return "in_person"


def _region(record: dict[str, Any]) -> str:
    regions = record.get("regions")
    if isinstance(regions, list) and regions:
        return " > ".join(t for t in (_text(r, 100) for r in regions[:5]) if t)[:300]
    return _text(record.get("region"), 300)


def _link(value: Any) -> str:
    url = _text(value, 500)
    return url if re.match(r"^https?://[^\s\\]+$", url, re.IGNORECASE) else ""


def _date(value: Any) -> dt.date | None:
    text = _text(value, 40)
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(text[:19].replace(" ", "T")).date()
    except ValueError:
        try:
            return dt.date.fromisoformat(text[:10])
        except ValueError:
            return None


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<!\d)(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}(?!\d)")


def _scrub(text: str) -> str:
    """Free text without e-mail addresses or phone numbers: they can name a person (a member's contact)."""
    return _PHONE.sub("[contact removed]", _EMAIL.sub("[contact removed]", text))


_FORMATTED = re.compile(r"^(?P<street>.*?),\s*(?P<city>[^,]+),\s*(?P<state>[A-Z]{2})\s*(?P<zip>\d{5})?(?:-\d{4})?\s*$")
_COUNTRY = re.compile(r",\s*(USA|US|United States( of America)?)\s*$", re.IGNORECASE)


@dataclass
class _Place:
    street: str
    city: str
    state: str
    zip: str
    formatted: str
    latitude: float | None
    longitude: float | None

    @classmethod
    def of(cls, record: dict[str, Any]) -> _Place:
        formatted = _text(record.get("formatted_address"), 500)
        street, city = _text(record.get("address"), 300), _text(record.get("city"), 120)
        state = _text(record.get("state"), 40).upper()
        zip_code = _zip(record.get("postal_code"))
        if formatted:
            match = _FORMATTED.match(_COUNTRY.sub("", formatted))
            if match:
                street = street or match.group("street").strip()
                city = city or match.group("city").strip()
                state = state or match.group("state")
                zip_code = zip_code or (match.group("zip") or "")
        lat, lon = _coordinate(record.get("latitude"), 90), _coordinate(record.get("longitude"), 180)
        if lat is None or lon is None or (lat == 0 and lon == 0):
            lat = lon = None
        return cls(street, city, state if len(state) == 2 else "", zip_code, formatted, lat, lon)

    @property
    def has_address(self) -> bool:
        return bool(self.street or (self.formatted and self.formatted.count(",") >= 2))

    def display(self) -> str:
        if self.formatted:
            return _COUNTRY.sub("", self.formatted)
        tail = " ".join(p for p in (self.state, self.zip) if p)
        return ", ".join(p for p in (self.street, self.city, tail) if p)

    def locate(self) -> str | None:
        """How the place got its point: ``feed``, ``zip`` or ``city`` (geocoded here), or None."""
        if self.latitude is not None:
            return "feed"
        for label, query in (("zip", self.zip), ("city", f"{self.city}, {self.state}" if self.city else "")):
            if not query or (label == "city" and not self.state):
                continue
            point = _geocoded(query)
            if point is not None:
                self.latitude, self.longitude = point
                return label
        return None


@lru_cache(maxsize=4096)
def _geocoded(query: str) -> tuple[float, float] | None:
    """A ZIP's or a city's point from the directory's offline geocoder (feeds repeat the same few places)."""
    from recoverynav.directory import UnknownPlaceError, geocode

    try:
        point = geocode(query)
    except UnknownPlaceError:
        return None
    return (point.latitude, point.longitude) if point.scope in ("zip", "city") else None


def _zone(value: Any, place: _Place) -> tuple[str | None, str]:
    given = _text(value, 60)
    if given and valid_zone(given):
        return given, "feed"
    if place.zip and (zone := zone_for_zip(place.zip)):
        return zone, "zip"
    if (
        place.latitude is not None
        and place.longitude is not None
        and (zone := zone_at(place.latitude, place.longitude))
    ):
        return zone, "point"
    if place.city and place.state and (zone := zone_for_city(place.city, place.state)):
        return zone, "city"
    if place.state and (zone := zone_for_state(place.state)):
        return zone, "state"
    return None, ""


def _zip(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 100_000:
        return f"{value:05d}"
    text = _text(value, 12)
    match = re.match(r"^(\d{5})(?:-\d{4})?$", text)
    return match.group(1) if match else ""


def _coordinate(value: Any, bound: float) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if -bound <= number <= bound and number == number else None
