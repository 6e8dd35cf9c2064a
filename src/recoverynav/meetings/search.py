"""Find meetings near a place, nearest first (or soonest first), with each one's next start in two zones.

Usage::

    from recoverynav.meetings import MeetingQuery, search_meetings
    from recoverynav.storage.meetings import meeting_repository
    search_meetings(MeetingQuery(near="19103", day="mon", types=["S"]), meeting_repository())
"""

from __future__ import annotations

import datetime as dt
import math
from zoneinfo import ZoneInfo

from recoverynav.directory import Place, geocode, great_circle_miles
from recoverynav.meetings.clock import next_start_at, valid_zone
from recoverynav.meetings.models import Meeting, MeetingHit, MeetingQuery, MeetingResult, UnknownMeetingError
from recoverynav.meetings.repository import MeetingCandidate, MeetingFilter, MeetingRepository, StoredMeeting
from recoverynav.meetings.timezones import zone_at
from recoverynav.meetings.types import type_labels
from recoverynav.placefiles import bounding_box

__all__ = ["bounding_box", "get_meeting", "next_start", "search_meetings", "viewer_zone"]


def next_start(meeting: Meeting, now: dt.datetime) -> dt.datetime:
    """The next time the meeting begins (or began less than a minute ago), as an aware time in its own zone."""
    return next_start_at(meeting.days, meeting.time, meeting.timezone, now)


def viewer_zone(asked: str | None, origin: Place) -> str:
    """The zone to show times in: the one asked for, else the searched place's, else UTC."""
    if asked and valid_zone(asked):
        return asked
    return zone_at(origin.latitude, origin.longitude) or "UTC"


def _miles(place: Meeting | MeetingCandidate, origin: Place | None) -> float | None:
    if origin is None or place.latitude is None or place.longitude is None:
        return None
    return round(great_circle_miles(origin.latitude, origin.longitude, place.latitude, place.longitude), 2)


def _hit(
    stored: StoredMeeting, miles: float | None, start: dt.datetime, zone: str | None, titles: dict[str, str]
) -> MeetingHit:
    meeting = stored.meeting
    return MeetingHit(
        **meeting.model_dump(),
        id=stored.id,
        feed_title=titles.get(meeting.feed, meeting.feed),
        distance_miles=miles,
        type_labels=type_labels(meeting.types),
        next_start=start,
        viewer_start=start.astimezone(ZoneInfo(zone)) if zone else None,
    )


def search_meetings(query: MeetingQuery, repo: MeetingRepository, now: dt.datetime | None = None) -> MeetingResult:
    """Meetings near ``query.near``: in person within the radius, or (``online``) joinable online from anywhere.

    Raises :class:`recoverynav.directory.UnknownPlaceError` for a place the offline geocoder does not know.
    """
    now = now or dt.datetime.now(dt.UTC)
    origin = geocode(query.near)
    radius = max(query.radius_miles, origin.radius_miles or 0)
    spec = MeetingFilter(
        box=None if query.online else bounding_box(origin.latitude, origin.longitude, radius),
        day=query.day,
        types=tuple(query.types),
        online=query.online,
        in_person=not query.online,
    )
    zone = viewer_zone(query.viewer_timezone, origin)
    feeds = {feed.name: feed for feed in repo.feeds()}
    titles = {name: feed.title for name, feed in feeds.items()}
    found = [(c, _miles(c, origin)) for c in repo.candidates(spec)]
    if not query.online:
        found = [(c, miles) for c, miles in found if miles is not None and miles <= radius]
    # Rank on the few fields ranking needs; only the shown meetings are read in full.
    ranked = [(c, miles, next_start_at(c.days, c.time, c.timezone, now)) for c, miles in found]
    far = math.inf
    if query.order == "next":
        ranked.sort(key=lambda r: (r[2], far if r[1] is None else r[1], r[0].id))
    else:
        ranked.sort(key=lambda r: (far if r[1] is None else r[1], r[2], r[0].id))
    top = ranked[: query.limit]
    full = {s.id: s for s in repo.get_many([c.id for c, _, _ in top])}
    shown = [_hit(full[c.id], miles, start, zone, titles) for c, miles, start in top if c.id in full]
    return MeetingResult(
        results=shown,
        total=len(ranked),
        origin=origin,
        radius_miles=None if query.online else radius,
        viewer_timezone=zone,
        feeds=sorted({h.feed: feeds[h.feed] for h in shown if h.feed in feeds}.values(), key=lambda f: f.name),
    )


def get_meeting(
    meeting_id: int, repo: MeetingRepository, viewer_timezone: str | None = None, now: dt.datetime | None = None
) -> MeetingHit:
    """One meeting by id, with its next start (also in ``viewer_timezone`` when given); raises UnknownMeetingError."""
    stored = repo.get(meeting_id)
    if stored is None:
        raise UnknownMeetingError(meeting_id)
    titles = {feed.name: feed.title for feed in repo.feeds()}
    zone = viewer_timezone if viewer_timezone and valid_zone(viewer_timezone) else None
    return _hit(stored, None, next_start(stored.meeting, now or dt.datetime.now(dt.UTC)), zone, titles)
