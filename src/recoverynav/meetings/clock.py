"""When a meeting next starts, and which zone names are real: standard library only, so ``recoverynav meetings find``'s
fast path (``cli/quickmeetings.py``) uses these very functions without importing the models (#21)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["next_start_at", "valid_zone"]


def next_start_at(days: Sequence[int], time: str, timezone: str, now: dt.datetime) -> dt.datetime:
    """The next start (or one less than a minute ago) of a meeting on ``days`` (Meeting Guide: Sunday = 0) at ``time``
    ("HH:MM") in ``timezone``, as an aware time in that zone."""
    zone = ZoneInfo(timezone)
    local_now = now.astimezone(zone)
    hour, minute = map(int, time.split(":"))
    best: dt.datetime | None = None
    for day in days:
        # Meeting Guide counts from Sunday = 0; Python's weekday() from Monday = 0.
        ahead = ((day - 1) % 7 - local_now.weekday()) % 7
        date = local_now.date() + dt.timedelta(days=ahead)
        start = dt.datetime(date.year, date.month, date.day, hour, minute, tzinfo=zone)
        if start < local_now - dt.timedelta(minutes=1):
            date += dt.timedelta(days=7)
            start = dt.datetime(date.year, date.month, date.day, hour, minute, tzinfo=zone)
        if best is None or start < best:
            best = start
    if best is None:
        raise ValueError("a meeting without days")
    return best


@cache
def valid_zone(name: str) -> bool:
    """Whether ``name`` is an IANA zone this machine knows (``America/New_York``; not ``EST`` or ``Napakiak``)."""
    if name == "UTC":
        return True
    # Area/Location names only: "EST5EDT" or "posixrules" are legacy aliases no person means.
    if "/" not in name or len(name) > 60:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True
