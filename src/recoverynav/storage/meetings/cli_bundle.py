"""Compile what ``recoverynav meetings find``'s fast path (``cli.quickmeetings``) needs besides the database.

``cli/_meetings.json``: the schema revision and the shipped feeds' digests a database must have (else the full path
prepares it), the type table in the spec's order, the day names, the notices and the models' field order.
``scripts/build_bundle.py`` writes it; a test fails while it is stale.
"""

from __future__ import annotations

import hashlib
import json


def render_meetings_bundle() -> dict[str, str]:
    """The committed file's text by name (in ``cli/``)."""
    from recoverynav.meetings import ATTRIBUTION, CHECK_NOTICE, DAY_NAMES, Meeting, MeetingHit, meeting_types
    from recoverynav.meetings.bundled import bundled_bytes, bundled_feeds
    from recoverynav.storage.migrate import _head

    data = {
        "head": _head(),
        "feeds_sha256": [hashlib.sha256(bundled_bytes(feed.file)).hexdigest() for feed in bundled_feeds()],
        "types": [[kind.code, kind.en, kind.es] for kind in meeting_types().values()],
        "days": list(DAY_NAMES),
        "notice": CHECK_NOTICE,
        "attribution": ATTRIBUTION,
        "meeting_fields": list(Meeting.model_fields),
        "hit_fields": [*MeetingHit.model_fields, *MeetingHit.model_computed_fields],
    }
    return {"_meetings.json": json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"}


__all__ = ["render_meetings_bundle"]
