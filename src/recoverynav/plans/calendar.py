"""The plan's meetings and check-ins as a weekly calendar (RFC 5545 ``.ics``), in each event's own time zone."""

from __future__ import annotations

import datetime as dt
import hashlib
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from recoverynav.errors import InputRejected
from recoverynav.plans.models import DAYS, RecoveryPlan, WeeklyEvent

# RFC 5545 BYDAY codes, in the order of models.DAYS (Monday first, as datetime.weekday()).
_BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DURATION = dt.timedelta(hours=1)


class NothingToScheduleError(InputRejected):
    """No meeting or check-in has a day and a time, so there is no event to write."""

    field = "meetings"

    def __init__(self) -> None:
        super().__init__("nothing to put in a calendar: give a meeting or a check-in a day and a time")


def first_occurrence(event: WeeklyEvent, start: dt.date) -> dt.datetime:
    """The first time ``event`` happens on or after ``start``, in its own time zone (naive if it has none)."""
    assert event.day is not None and event.time is not None
    ahead = (DAYS.index(event.day) - start.weekday()) % 7
    hour, minute = (int(part) for part in event.time.split(":"))
    when = dt.datetime.combine(start + dt.timedelta(days=ahead), dt.time(hour, minute))
    return when.replace(tzinfo=ZoneInfo(event.timezone)) if event.timezone else when


def _uid(kind: str, index: int, event: WeeklyEvent) -> str:
    # Stable across downloads of the same plan, so calendars update the event instead of doubling it.
    digest = hashlib.sha256(f"{kind}|{index}|{event.name}|{event.day}|{event.time}".encode()).hexdigest()[:24]
    return f"{digest}@recoverynav.plan"


def plan_calendar(plan: RecoveryPlan, start: dt.date, now: dt.datetime) -> bytes:
    """A VCALENDAR with one weekly VEVENT per scheduled meeting and check-in, with VTIMEZONE blocks."""
    calendar = Calendar()
    calendar.add("prodid", "-//recoverynav//recovery plan//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "My recovery plan")
    count = 0
    for kind, events in (("meeting", plan.meetings), ("check-in", plan.check_ins)):
        for index, item in enumerate(events):
            if not item.scheduled:
                continue
            assert item.day is not None
            begins = first_occurrence(item, start)
            vevent = Event()
            vevent.add("uid", _uid(kind, index, item))
            vevent.add("dtstamp", now.astimezone(dt.UTC))
            vevent.add("summary", item.name)
            vevent.add("dtstart", begins)
            vevent.add("dtend", begins + DURATION)
            vevent.add("rrule", {"freq": "weekly", "byday": _BYDAY[DAYS.index(item.day)]})
            if item.where:
                vevent.add("location", item.where)
            vevent.add("categories", [kind])
            calendar.add_component(vevent)
            count += 1
    if not count:
        raise NothingToScheduleError
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())
