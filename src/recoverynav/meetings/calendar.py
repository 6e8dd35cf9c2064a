"""A meeting as an iCalendar file: a weekly event in the meeting's own zone, with that zone's VTIMEZONE.

Calendar apps then place it at the right hour wherever the viewer is, across daylight-saving changes; a
floating time or a UTC time would land an hour off for half the year.

Usage::

    ics = meeting_ics(hit, page_url="https://example.org/meetings/12")    # bytes, text/calendar
"""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar, Event, vRecur

from recoverynav.links import safe_url
from recoverynav.meetings.models import CHECK_NOTICE, MeetingHit
from recoverynav.meetings.search import next_start

__all__ = ["meeting_ics"]

_BYDAY = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")
# When a feed gives no end time: Meeting Guide meetings are commonly an hour long.
_DEFAULT_MINUTES = 60


def meeting_ics(meeting: MeetingHit, page_url: str = "", now: dt.datetime | None = None) -> bytes:
    """The meeting as a weekly recurring event (one RRULE for every day it meets).

    ``page_url`` is the meeting's own page, which the face builds (the event's URL when it has no online link).
    """
    now = now or dt.datetime.now(dt.UTC)
    start = next_start(meeting, now)
    minutes = _DEFAULT_MINUTES
    if meeting.end_time:
        end_h, end_m = map(int, meeting.end_time.split(":"))
        start_h, start_m = map(int, meeting.time.split(":"))
        minutes = (end_h * 60 + end_m - start_h * 60 - start_m) % (24 * 60) or _DEFAULT_MINUTES
    calendar = Calendar()
    calendar.add("prodid", "-//recoverynav//meetings//EN")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"meeting-{meeting.feed}-{meeting.slug}@recoverynav")
    event.add("dtstamp", now.astimezone(dt.UTC))
    event.add("summary", meeting.name)
    event.add("dtstart", start)
    event.add("dtend", start + dt.timedelta(minutes=minutes))
    event.add("rrule", vRecur(freq="WEEKLY", byday=[_BYDAY[d] for d in meeting.days]))
    where = ", ".join(p for p in (meeting.location, meeting.address) if p)
    if where and meeting.attendance != "online":
        event.add("location", where)
    # A stored link is a link only if the one allow-list says so (a poisoned database row must not become a
    # javascript: URL, or a line break that breaks the file); otherwise the meeting's own page (built by the face).
    online = safe_url(meeting.conference_url, relative=False)
    link = online or (safe_url(page_url, relative=False) if page_url else "")
    if link:
        event.add("url", link)
    lines = [
        f"Types: {', '.join(t.en for t in meeting.type_labels)}" if meeting.type_labels else "",
        f"Online: {online}" if online else "",
        f"Phone: {meeting.conference_phone}" if meeting.conference_phone else "",
        f"Feed: {meeting.feed_title or meeting.feed}, updated {meeting.updated or 'unknown'}",
        CHECK_NOTICE,
    ]
    event.add("description", "\n".join(line for line in lines if line))
    calendar.add_component(event)
    # Transitions from a year before the first meeting to 2038 (icalendar's horizon): short, and enough.
    calendar.add_missing_timezones(first_date=start.date() - dt.timedelta(days=366))
    ics: bytes = calendar.to_ical()
    return ics
