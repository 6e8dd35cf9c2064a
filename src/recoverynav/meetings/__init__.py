"""Support-group meetings: the open Meeting Guide feed format, read leniently, and a search near a place.

Pure: no database, no HTTP; ``recoverynav.storage.meetings`` implements :class:`MeetingRepository`.

Usage::

    from recoverynav.meetings import MeetingQuery, search_meetings
    from recoverynav.storage.meetings import meeting_repository
    result = search_meetings(MeetingQuery(near="19103", day="mon", types=["S"]), meeting_repository())
    result.results[0].name, result.results[0].next_start
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from recoverynav.lazy import lazy_exports

# The names import their modules on first use (PEP 562): `meetings find`'s fast path takes `meetings.clock` alone.
if TYPE_CHECKING:
    from recoverynav.meetings.calendar import meeting_ics
    from recoverynav.meetings.clock import next_start_at, valid_zone
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
    "next_start_at",
    "parse_day",
    "parse_feed",
    "parse_types",
    "search_meetings",
    "valid_zone",
]

_EXPORTS = {
    "ATTRIBUTION": "models",
    "CHECK_NOTICE": "models",
    "DAY_NAMES": "models",
    "DAY_NAMES_ES": "models",
    "Feed": "models",
    "FeedImportReport": "importer",
    "FeedRejected": "feed",
    "FeedRun": "repository",
    "ImportCounts": "repository",
    "Meeting": "models",
    "MeetingCandidate": "repository",
    "MeetingFilter": "repository",
    "MeetingHit": "models",
    "MeetingQuery": "models",
    "MeetingRepository": "repository",
    "MeetingResult": "models",
    "MeetingType": "models",
    "ParsedFeed": "feed",
    "Skipped": "feed",
    "StoredMeeting": "repository",
    "UnknownMeetingError": "models",
    "get_meeting": "search",
    "import_feed": "importer",
    "meeting_ics": "calendar",
    "meeting_types": "types",
    "next_start": "search",
    "next_start_at": "clock",
    "parse_day": "models",
    "parse_feed": "feed",
    "parse_types": "types",
    "search_meetings": "search",
    "valid_zone": "clock",
}

__getattr__ = lazy_exports(__name__, _EXPORTS)
