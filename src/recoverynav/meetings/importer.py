"""Import one Meeting Guide feed into a repository: parse leniently, then store in one transaction.

Usage::

    report = import_feed(data, "aasepia.json", repo, feed="aasepia", title="SEPIA Intergroup")
    report.counts.inserted, report.skipped      # what changed, what was skipped and why
"""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass, field

from recoverynav.meetings.feed import MAX_FEED_BYTES, FeedRejected, Skipped, parse_feed
from recoverynav.meetings.repository import FeedRun, ImportCounts, MeetingRepository

__all__ = ["FeedImportReport", "import_feed", "read_feed_bytes"]


@dataclass
class FeedImportReport:
    """One feed's import: where it came from, how many records, what changed and what was skipped (why)."""

    feed: str
    title: str
    source_name: str
    sha256: str
    records: int
    counts: ImportCounts
    skipped: list[Skipped] = field(default_factory=list)
    warnings: list[Skipped] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return self.records - len(self.skipped)


def read_feed_bytes(data: bytes) -> bytes:
    """The feed's JSON bytes: gunzipped when gzipped (never beyond the size cap, so a gzip bomb stops early)."""
    if data[:2] != b"\x1f\x8b":
        return data
    inflater = zlib.decompressobj(wbits=47)
    try:
        out = inflater.decompress(data, MAX_FEED_BYTES + 1)
    except zlib.error as exc:
        raise FeedRejected(f"not a readable gzip file: {exc}") from None
    if len(out) > MAX_FEED_BYTES:
        raise FeedRejected(f"the feed is larger than {MAX_FEED_BYTES:,} bytes uncompressed")
    return out


def import_feed(
    data: bytes,
    source_name: str,
    repo: MeetingRepository,
    *,
    feed: str,
    title: str = "",
    full_refresh: bool = False,
) -> FeedImportReport:
    """Parse and store a feed; raises :class:`FeedRejected` (nothing stored) when the feed is unusable."""
    raw = read_feed_bytes(data)
    parsed = parse_feed(raw, feed)
    records = len(parsed.meetings) + len(parsed.skipped)
    if records and not parsed.meetings:
        raise FeedRejected(f"none of the {records} records is usable (first reason: {parsed.skipped[0].reason})")
    run = FeedRun(
        feed=feed,
        title=title or feed,
        source_name=source_name,
        sha256=hashlib.sha256(raw).hexdigest(),
        full_refresh=full_refresh,
    )
    counts = repo.upsert_feed(parsed.meetings, run)
    return FeedImportReport(
        feed=feed,
        title=run.title,
        source_name=source_name,
        sha256=run.sha256,
        records=records,
        counts=counts,
        skipped=parsed.skipped,
        warnings=parsed.warnings,
    )
