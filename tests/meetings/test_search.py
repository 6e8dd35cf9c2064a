"""Searching the shipped meetings: nearest first, filters, next start; every answer equals a brute-force scan."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recoverynav.directory import great_circle_miles
from recoverynav.meetings import Meeting, MeetingFilter, MeetingQuery, StoredMeeting, next_start, search_meetings
from recoverynav.storage.meetings import meeting_repository

NOW = dt.datetime(2026, 12, 6, 18, 0, tzinfo=dt.UTC)


def test_near_19103_lists_philadelphia_meetings_nearest_first(bundled_meetings_url: str) -> None:
    result = search_meetings(MeetingQuery(near="19103", limit=50), meeting_repository(bundled_meetings_url), NOW)
    distances = [h.distance_miles for h in result.results]
    assert all(d is not None and d <= 25 for d in distances)
    assert distances == sorted(d for d in distances if d is not None)
    assert result.results[0].city == "Philadelphia" and result.results[0].state == "PA"
    assert {h.timezone for h in result.results} == {"America/New_York"}
    assert result.total > 500 and result.feeds[0].name == "aasepia"


def test_spanish_meetings(bundled_meetings_url: str) -> None:
    repo = meeting_repository(bundled_meetings_url)
    result = search_meetings(MeetingQuery(near="19103", types=["S"], limit=200), repo, NOW)
    assert result.total >= 5 and all("S" in h.types for h in result.results)
    assert all("Spanish" in [t.en for t in h.type_labels] for h in result.results)
    assert any(t.es == "Español" for t in result.results[0].type_labels)


def test_day_and_next_order(bundled_meetings_url: str) -> None:
    repo = meeting_repository(bundled_meetings_url)
    result = search_meetings(MeetingQuery(near="San Jose, CA", day="tue", order="next"), repo, NOW)
    assert result.results and all(2 in h.days for h in result.results)
    starts = [h.next_start for h in result.results]
    assert starts == sorted(s for s in starts if s is not None)
    assert all(s is not None and s.strftime("%A") == "Tuesday" for s in starts)
    assert result.viewer_timezone == "America/Los_Angeles"


def test_online_meetings_come_from_anywhere(bundled_meetings_url: str) -> None:
    repo = meeting_repository(bundled_meetings_url)
    result = search_meetings(MeetingQuery(near="Vermont", online=True, limit=200), repo, NOW)
    assert result.radius_miles is None and result.total > 1000
    assert all(h.attendance in ("online", "hybrid") for h in result.results)


@pytest.mark.parametrize(
    ("days", "time", "zone", "now", "expected"),
    [
        # Sunday 18:00 UTC is Sunday 13:00 in New York: a Sunday 19:00 meeting is today, a 12:00 one next week.
        ([0], "19:00", "America/New_York", NOW, dt.datetime(2026, 12, 6, 19, 0)),
        ([0], "12:00", "America/New_York", NOW, dt.datetime(2026, 12, 13, 12, 0)),
        ([1, 5], "07:00", "America/Los_Angeles", NOW, dt.datetime(2026, 12, 7, 7, 0)),
        # Across the spring change: the wall time stays 19:00.
        ([1], "19:00", "America/Chicago", dt.datetime(2027, 3, 10, tzinfo=dt.UTC), dt.datetime(2027, 3, 15, 19, 0)),
    ],
)
def test_next_start(days: list[int], time: str, zone: str, now: dt.datetime, expected: dt.datetime) -> None:
    meeting = Meeting(feed="t", slug="s", name="n", days=days, time=time, timezone=zone)
    assert next_start(meeting, now) == expected.replace(tzinfo=ZoneInfo(zone))


_ALL: dict[str, list[StoredMeeting]] = {}


def every_meeting(url: str) -> list[StoredMeeting]:
    """All stored meetings of a database, read once per test session."""
    if url not in _ALL:
        _ALL[url] = meeting_repository(url).find(MeetingFilter())
    return _ALL[url]


PLACES = ["19103", "19380", "92701", "95060", "94110", "79101", "64111", "49707", "19971", "02139", "38.5,-75.0"]


@settings(max_examples=40, deadline=None)
@given(
    place=st.sampled_from(PLACES),
    radius=st.sampled_from([1.0, 5.0, 10.0, 30.0]),
    day=st.none() | st.integers(0, 6),
    types=st.lists(st.sampled_from(["O", "C", "S", "W", "X", "ONL", "D"]), max_size=2),
    online=st.booleans(),
)
def test_search_equals_brute_force(
    bundled_meetings_url: str, place: str, radius: float, day: int | None, types: list[str], online: bool
) -> None:
    from recoverynav.directory import geocode

    repo = meeting_repository(bundled_meetings_url)
    query = MeetingQuery(near=place, radius_miles=radius, day=day, types=types, online=online, limit=200)
    result = search_meetings(query, repo, NOW)
    origin = geocode(place)
    expected = []
    for stored in every_meeting(bundled_meetings_url):
        m = stored.meeting
        if (day is not None and day not in m.days) or not set(types) <= set(m.types):
            continue
        miles = None if m.latitude is None or m.longitude is None else great_circle_miles(
            origin.latitude, origin.longitude, m.latitude, m.longitude
        )  # fmt: skip
        if online:
            if m.attendance == "in_person":
                continue
        elif m.attendance == "online" or miles is None or round(miles, 2) > radius:
            continue
        expected.append(stored.id)
    assert result.total == len(expected)
    assert {h.id for h in result.results} <= set(expected)
    if result.total <= 200:
        assert {h.id for h in result.results} == set(expected)


@settings(max_examples=200, deadline=None)
@given(
    days=st.lists(st.integers(0, 6), min_size=1, max_size=7, unique=True),
    hour=st.integers(0, 23),
    minute=st.integers(0, 59),
    zone=st.sampled_from(["America/New_York", "America/Los_Angeles", "America/Phoenix", "Pacific/Honolulu", "UTC"]),
    now=st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2037, 1, 1), timezones=st.just(dt.UTC)),
)
def test_next_start_is_the_first_listed_day_and_time_ahead(
    days: list[int], hour: int, minute: int, zone: str, now: dt.datetime
) -> None:
    meeting = Meeting(feed="t", slug="s", name="n", days=sorted(days), time=f"{hour:02d}:{minute:02d}", timezone=zone)
    start = next_start(meeting, now)
    assert now - dt.timedelta(minutes=1) <= start <= now + dt.timedelta(days=7, hours=2)
    assert (start.isoweekday() % 7) in days  # Meeting Guide: Sunday = 0
    # Every listed day-and-time between now and the answer would have been earlier: there is none.
    local = now.astimezone(ZoneInfo(zone))
    for ahead in range(8):
        date = local.date() + dt.timedelta(days=ahead)
        candidate = dt.datetime(date.year, date.month, date.day, hour, minute, tzinfo=ZoneInfo(zone))
        if (candidate.isoweekday() % 7) in days and candidate >= now - dt.timedelta(minutes=1):
            assert start <= candidate
