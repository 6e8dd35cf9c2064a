"""The .ics holds each scheduled meeting and check-in weekly, at the right hour in its own time zone."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from recoverynav.plans import DAYS, NothingToScheduleError, RecoveryPlan, WeeklyEvent, first_occurrence, plan_calendar
from tests.plans.strategies import events

NOW = dt.datetime(2026, 12, 6, 18, 0, tzinfo=dt.UTC)


def test_pacific_meeting_lands_at_the_right_eastern_hour() -> None:
    plan = RecoveryPlan(
        meetings=[WeeklyEvent(name="Step study", day="tue", time="19:30", timezone="America/Los_Angeles")]
    )
    event = Calendar.from_ical(plan_calendar(plan, NOW.date(), NOW)).walk("VEVENT")[0]
    start = event.decoded("dtstart")
    assert start.astimezone(ZoneInfo("America/New_York")).strftime("%a %H:%M") == "Tue 22:30"
    assert event["rrule"]["FREQ"] == ["WEEKLY"] and event["rrule"]["BYDAY"] == ["TU"]  # type: ignore[index]


@settings(max_examples=50, deadline=None)
@given(st.lists(events(), min_size=1, max_size=4), st.dates(dt.date(2025, 1, 1), dt.date(2030, 12, 31)))
def test_every_scheduled_event_is_written_on_its_weekday(items: list[WeeklyEvent], start: dt.date) -> None:
    plan = RecoveryPlan(meetings=items)
    scheduled = [e for e in items if e.scheduled]
    if not scheduled:
        with pytest.raises(NothingToScheduleError):
            plan_calendar(plan, start, NOW)
        return
    written = Calendar.from_ical(plan_calendar(plan, start, NOW)).walk("VEVENT")
    assert len(written) == len(scheduled)
    for item, event in zip(scheduled, written, strict=True):
        begins = event.decoded("dtstart")
        assert begins.strftime("%H:%M") == item.time
        assert DAYS[begins.weekday()] == item.day
        assert start <= begins.date() < start + dt.timedelta(days=7)
        assert begins == first_occurrence(item, start)
        assert (begins.tzinfo is None) == (item.timezone is None)
