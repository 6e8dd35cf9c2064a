"""The real Meeting Guide feeds shipped with recoverynav (``meetings/data``), loaded into an empty database.

See ``data/SOURCES.txt`` for provenance and attribution (MIT, Code for Recovery; each feed's intergroup).
Each file is imported once: its content hash is recorded, so a release with a changed feed re-imports it.
"""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from recoverynav.datafiles import read_yaml
from recoverynav.meetings.importer import FeedImportReport, import_feed
from recoverynav.meetings.repository import MeetingRepository

__all__ = ["BundledFeed", "bundled_bytes", "bundled_feeds", "load_bundled"]


@dataclass(frozen=True)
class BundledFeed:
    """One shipped feed: its name in the database, its file, the intergroup publishing it, its vintage."""

    name: str
    file: str
    title: str
    vintage: str


@cache
def bundled_feeds() -> tuple[BundledFeed, ...]:
    """The shipped feeds, as listed in ``data/feeds.yaml``."""
    data = read_yaml("recoverynav.meetings", "data/feeds.yaml")
    return tuple(BundledFeed(**entry) for entry in data["feeds"])


def bundled_bytes(file: str) -> bytes:
    """The decompressed content of one shipped feed."""
    return gzip.decompress((resources.files("recoverynav.meetings") / "data" / file).read_bytes())


def load_bundled(repo: MeetingRepository) -> list[FeedImportReport]:
    """Import every shipped feed whose content this database has not seen yet."""
    reports = []
    for feed in bundled_feeds():
        data = bundled_bytes(feed.file)
        if repo.has_import(hashlib.sha256(data).hexdigest()):
            continue
        title = f"{feed.title}, {feed.vintage}"
        reports.append(import_feed(data, feed.file.removesuffix(".gz"), repo, feed=feed.name, title=title))
    return reports
