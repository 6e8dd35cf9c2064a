"""Support-group meetings: the open Meeting Guide feed format, read leniently, and a search near a place.

Pure: no database, no HTTP; ``recoverynav.storage.meetings`` implements :class:`MeetingRepository`.

Usage::

    from recoverynav.meetings import MeetingQuery, search_meetings
    from recoverynav.storage.meetings import meeting_repository
    result = search_meetings(MeetingQuery(near="19103", day="mon", types=["S"]), meeting_repository())
    result.results[0].name, result.results[0].next_start
"""

from __future__ import annotations

from recoverynav.meetings.calendar import meeting_ics
from recoverynav.meetings.feed import FeedRejected, ParsedFeed, Skipped, parse_feed
from recoverynav.meetings.importer import FeedImportReport, import_feed
from recoverynav.meetings.models import (
    ATTRIBUTION,
    CHECK_NOTICE,
    DAY_NAMES,
    DAY_NAMES_ES,
    Feed,
    Meeting,
    MeetingHit,
    MeetingQuery,
    MeetingResult,
    MeetingType,
    UnknownMeetingError,
    parse_day,
)
from recoverynav.meetings.repository import (
    FeedRun,
    ImportCounts,
    MeetingCandidate,
    MeetingFilter,
    MeetingRepository,
    StoredMeeting,
)
from recoverynav.meetings.search import get_meeting, next_start, search_meetings
from recoverynav.meetings.timezones import valid_zone
from recoverynav.meetings.types import meeting_types, parse_types

__all__ = [
    "ATTRIBUTION",
    "CHECK_NOTICE",
    "DAY_NAMES",
    "DAY_NAMES_ES",
    "Feed",
    "FeedImportReport",
    "FeedRejected",
    "FeedRun",
    "ImportCounts",
    "Meeting",
    "MeetingCandidate",
    "MeetingFilter",
    "MeetingHit",
    "MeetingQuery",
    "MeetingRepository",
    "MeetingResult",
    "MeetingType",
    "ParsedFeed",
    "Skipped",
    "StoredMeeting",
    "UnknownMeetingError",
    "get_meeting",
    "import_feed",
    "meeting_ics",
    "meeting_types",
    "next_start",
    "parse_day",
    "parse_feed",
    "parse_types",
    "search_meetings",
    "valid_zone",
]
