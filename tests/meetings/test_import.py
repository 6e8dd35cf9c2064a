"""Importing feeds into storage (SQLite and PostgreSQL): all shipped feeds, idempotence, full refresh."""

from __future__ import annotations

import importlib
import json

import pytest

from recoverynav.meetings import FeedRejected, MeetingFilter, import_feed
from recoverynav.meetings.bundled import bundled_bytes, bundled_feeds, load_bundled
from recoverynav.storage.meetings import SqlMeetingRepository
from tests.durable import write_modes
from tests.meetings.conftest import record


def feed_bytes(*records: dict[str, object]) -> bytes:
    return json.dumps(list(records)).encode()


def test_all_shipped_feeds_import_with_a_report_of_what_was_skipped(meeting_repo: SqlMeetingRepository) -> None:
    reports = load_bundled(meeting_repo)
    assert [r.feed for r in reports] == [f.name for f in bundled_feeds()] and len(reports) == 11
    for report in reports:
        raw = json.loads(bundled_bytes(next(f.file for f in bundled_feeds() if f.name == report.feed)))
        assert report.records == len(raw)
        assert report.imported + len(report.skipped) == len(raw)
        # Real feeds are messy, but most of every feed is usable.
        assert report.imported >= 0.9 * len(raw), report.feed
        assert all(skip.reason for skip in report.skipped)
    assert meeting_repo.count() == sum(r.imported for r in reports)
    skipped = {s.reason for r in reports for s in r.skipped}
    assert "inactive (attendance_option)" in skipped
    # Loading again imports nothing: each file's content hash was recorded.
    assert load_bundled(meeting_repo) == []


def test_reimport_is_idempotent_by_slug(meeting_repo: SqlMeetingRepository) -> None:
    data = feed_bytes(record("a"), record("b"))
    first = import_feed(data, "f.json", meeting_repo, feed="f")
    ids = {s.meeting.slug: s.id for s in meeting_repo.find(MeetingFilter())}
    again = import_feed(data, "f.json", meeting_repo, feed="f")
    assert (first.counts.inserted, again.counts.inserted, again.counts.unchanged) == (2, 0, 2)
    changed = import_feed(feed_bytes(record("a", name="Renamed"), record("b")), "f.json", meeting_repo, feed="f")
    assert (changed.counts.updated, changed.counts.unchanged) == (1, 1)
    after = {s.meeting.slug: (s.id, s.meeting.name) for s in meeting_repo.find(MeetingFilter())}
    assert after == {"a": (ids["a"], "Renamed"), "b": (ids["b"], "Meeting b")}


def test_full_refresh_removes_meetings_gone_from_the_feed_only(meeting_repo: SqlMeetingRepository) -> None:
    import_feed(feed_bytes(record("a"), record("b")), "f.json", meeting_repo, feed="f")
    import_feed(feed_bytes(record("a")), "g.json", meeting_repo, feed="g")
    kept = import_feed(feed_bytes(record("a")), "f.json", meeting_repo, feed="f")
    assert kept.counts.removed == 0 and meeting_repo.count() == 3
    refreshed = import_feed(feed_bytes(record("a")), "f.json", meeting_repo, feed="f", full_refresh=True)
    assert refreshed.counts.removed_slugs == ["b"]
    assert sorted((s.meeting.feed, s.meeting.slug) for s in meeting_repo.find(MeetingFilter())) == [
        ("f", "a"),
        ("g", "a"),
    ]


@pytest.mark.parametrize("data", [b"{", b"[]" * 3, feed_bytes(record("a", day=None), record("b", time="x"))])
def test_an_unusable_feed_changes_nothing(meeting_repo: SqlMeetingRepository, data: bytes) -> None:
    import_feed(feed_bytes(record("a")), "f.json", meeting_repo, feed="f")
    with pytest.raises(FeedRejected):
        import_feed(data, "f.json", meeting_repo, feed="f", full_refresh=True)
    assert [s.meeting.slug for s in meeting_repo.find(MeetingFilter())] == ["a"]


def test_a_gzip_bomb_stops_at_the_cap(meeting_repo: SqlMeetingRepository) -> None:
    import gzip

    bomb = gzip.compress(b"[" + b" " * 30_000_000 + b"]")
    with pytest.raises(FeedRejected, match="larger than"):
        import_feed(bomb, "bomb.json.gz", meeting_repo, feed="bomb")
    assert meeting_repo.count() == 0


MIGRATION = importlib.import_module("recoverynav.storage.migrations.versions.0004_meetings")


def test_the_migration_goes_down_and_up_again(meeting_db_url: str) -> None:
    from alembic import command
    from sqlalchemy import inspect

    from recoverynav.storage.engine import engine_for
    from recoverynav.storage.migrate import _config, upgrade

    engine = engine_for(meeting_db_url)
    config = _config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, str(MIGRATION.down_revision))
    assert not {"meetings", "meeting_feeds", "meeting_imports"} & set(inspect(engine).get_table_names())
    upgrade(engine)
    assert {"meetings", "meeting_feeds", "meeting_imports"} <= set(inspect(engine).get_table_names())


def test_an_import_survives_a_power_cut(meeting_repo: SqlMeetingRepository) -> None:
    if meeting_repo.engine.dialect.name != "sqlite":
        pytest.skip("synchronous is SQLite's; PostgreSQL's commit waits for the WAL flush by default")
    with write_modes(meeting_repo.engine, ("meetings", "meeting_feeds", "meeting_imports")) as modes:
        import_feed(feed_bytes(record("a"), record("b")), "f.json", meeting_repo, feed="f")
    assert modes and set(modes) == {"FULL"}
