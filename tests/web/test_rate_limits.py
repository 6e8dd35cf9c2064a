"""Per-client rate limits (#21), counted in the database: two app instances (two workers) share one count.

Each test runs on SQLite and PostgreSQL. Limits are small (3 writes, 2 searches a minute) so a test sends few
requests. A count belongs to a one-minute window; a test that happens to cross into the next window runs once
more (the count starts again there), so no test depends on the clock.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, insert, select

from recoverynav.app import create_app
from recoverynav.rate_limits import WINDOW_SECONDS, client_address, trusted_networks
from recoverynav.settings import Settings, get_settings
from recoverynav.storage import database, engine_for, prepare_database
from recoverynav.storage.rate_limits import SqlRateLimitCounter, counter_for, forget_counters, rate_limit_windows

WRITES = 3
SEARCHES = 2


@dataclass
class Limited:
    url: str
    first: TestClient
    second: TestClient

    def clear(self) -> None:
        with engine_for(self.url).begin() as connection:
            connection.execute(delete(rate_limit_windows))


@pytest.fixture()
def limited(configured_database: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Limited]:
    """Two app instances on one database with small limits on, as two workers would be."""
    monkeypatch.setenv("RECOVERYNAV_RATE_LIMITS", "on")
    monkeypatch.setenv("RECOVERYNAV_RATE_LIMIT_POSTS_PER_MINUTE", str(WRITES))
    monkeypatch.setenv("RECOVERYNAV_RATE_LIMIT_SEARCHES_PER_MINUTE", str(SEARCHES))
    monkeypatch.setenv("RECOVERYNAV_TRUSTED_PROXIES", "10.0.0.0/8")
    get_settings.cache_clear()
    forget_counters()
    # The searches here need no listings: the empty, migrated database stays empty (no bundled import per test).
    database._PREPARED.add(configured_database)
    with TestClient(create_app()) as first, TestClient(create_app()) as second:
        state = Limited(configured_database, first, second)
        first.get("/healthz")
        state.clear()
        yield state
    forget_counters()
    get_settings.cache_clear()


def _window() -> int:
    import time

    return int(time.time() // WINDOW_SECONDS)


def within_one_window(limited: Limited, scenario: Callable[[], None]) -> None:
    """Run ``scenario`` from empty counters; once more if it straddled two windows."""
    for _ in range(2):
        limited.clear()
        start = _window()
        try:
            scenario()
        except AssertionError:
            if _window() == start:
                raise
            continue
        return


def test_two_workers_share_one_count_and_the_limit_answers_429_json(limited: Limited) -> None:
    def scenario() -> None:
        clients = [limited.first, limited.second, limited.first]
        for client in clients:
            assert client.post("/api/v1/overdose", json={}).status_code == 200
        refused = limited.second.post("/api/v1/overdose", json={})
        assert refused.status_code == 429
        assert 1 <= int(refused.headers["retry-after"]) <= WINDOW_SECONDS
        assert refused.headers["cache-control"] == "no-store"
        assert "at most 3" in refused.json()["detail"]
        assert refused.headers["content-security-policy"]

    within_one_window(limited, scenario)


def test_the_429_page_keeps_the_emergency_box(limited: Limited) -> None:
    def scenario() -> None:
        for _ in range(WRITES):
            assert limited.first.post("/treatment/assess", data={}).status_code != 429
        page = limited.second.post("/treatment/assess", data={})
        assert page.status_code == 429 and page.headers["content-type"].startswith("text/html")
        assert '<aside class="emergency"' in page.text and "<h1>Too many requests</h1>" in page.text
        assert int(page.headers["retry-after"]) >= 1

    within_one_window(limited, scenario)


def test_searches_have_their_own_limit_and_other_pages_none(limited: Limited) -> None:
    def scenario() -> None:
        for client in (limited.first, limited.second):
            assert client.get("/api/v1/facilities?near=22902").status_code != 429
        assert limited.first.get("/find?near=22902").status_code == 429
        assert limited.second.head("/api/v1/facilities?near=22902").status_code == 429
        for _ in range(SEARCHES + 2):
            assert limited.first.get("/overdose").status_code == 200
        # Writes count apart from searches.
        assert limited.first.post("/api/v1/overdose", json={}).status_code == 200

    within_one_window(limited, scenario)


def test_signed_in_staff_work_is_not_counted_but_sign_in_is(limited: Limited) -> None:
    def scenario() -> None:
        for _ in range(WRITES + 1):
            assert limited.first.post("/staff/logout", data={}).status_code != 429
        for _ in range(WRITES):
            assert limited.first.post("/staff/login", data={}).status_code != 429
        assert limited.first.post("/staff/login", data={}).status_code == 429

    within_one_window(limited, scenario)


def test_off_turns_every_limit_off(limited: Limited, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECOVERYNAV_RATE_LIMITS", "off")
    get_settings.cache_clear()
    for _ in range(WRITES + 2):
        assert limited.first.post("/api/v1/overdose", json={}).status_code == 200
    with engine_for(limited.url).connect() as connection:
        assert connection.execute(select(rate_limit_windows)).all() == []


def test_the_database_keeps_a_keyed_hash_never_the_address(limited: Limited) -> None:
    app = limited.first.app
    with TestClient(app, client=("203.0.113.7", 4000)) as client:
        client.post("/api/v1/overdose", json={})
    with engine_for(limited.url).connect() as connection:
        rows = connection.execute(select(rate_limit_windows)).mappings().all()
    assert len(rows) == 1 and rows[0]["hits"] == 1 and rows[0]["bucket"] == "write"
    assert len(rows[0]["client_hash"]) == 64 and "203.0.113" not in str(dict(rows[0]))


def test_behind_a_trusted_proxy_each_forwarded_client_counts_alone(limited: Limited) -> None:
    app = limited.first.app

    def scenario() -> None:
        with (
            TestClient(app, client=("10.0.0.5", 4000)) as proxy,
            TestClient(app, client=("203.0.113.9", 4000)) as direct,
        ):
            one = {"x-forwarded-for": "198.51.100.1"}
            for _ in range(WRITES):
                assert proxy.post("/api/v1/overdose", json={}, headers=one).status_code == 200
            assert proxy.post("/api/v1/overdose", json={}, headers=one).status_code == 429
            other = {"x-forwarded-for": "198.51.100.2"}
            assert proxy.post("/api/v1/overdose", json={}, headers=other).status_code == 200
            # A peer that is not a trusted proxy cannot pick its address with the header.
            for n in range(WRITES):
                spoof = {"x-forwarded-for": f"192.0.2.{n}"}
                assert direct.post("/api/v1/overdose", json={}, headers=spoof).status_code == 200
            assert (
                direct.post("/api/v1/overdose", json={}, headers={"x-forwarded-for": "192.0.2.99"}).status_code == 429
            )

    within_one_window(limited, scenario)


def test_old_windows_are_pruned_when_a_new_one_begins(limited: Limited) -> None:
    counter = SqlRateLimitCounter(engine_for(limited.url))
    with engine_for(limited.url).begin() as connection:
        connection.execute(
            insert(rate_limit_windows).values(bucket="write", client_hash="x" * 64, window_start=60, hits=9)
        )
    assert counter.hit("write", "y" * 64, 120) == 1
    assert counter.hit("write", "y" * 64, 120) == 2
    with engine_for(limited.url).connect() as connection:
        starts = connection.execute(select(rate_limit_windows.c.window_start)).scalars().all()
    assert starts == [120]


@pytest.mark.parametrize(
    ("peer", "forwarded", "trusted", "expected"),
    [
        ("203.0.113.9", ["198.51.100.1"], "", "203.0.113.9"),
        ("203.0.113.9", ["198.51.100.1"], "10.0.0.0/8", "203.0.113.9"),
        ("10.0.0.5", ["198.51.100.1"], "10.0.0.0/8", "198.51.100.1"),
        ("10.0.0.5", ["6.6.6.6, 198.51.100.1, 10.0.0.7"], "10.0.0.0/8", "198.51.100.1"),
        ("10.0.0.5", ["6.6.6.6", "198.51.100.1"], "10.0.0.0/8", "198.51.100.1"),
        ("10.0.0.5", ["10.0.0.9"], "10.0.0.0/8", "10.0.0.9"),
        ("10.0.0.5", [], "10.0.0.0/8", "10.0.0.5"),
        ("10.0.0.5", ["not-an-address"], "10.0.0.0/8", "not-an-address"),
        ("::1", ["2001:db8::1"], "::1", "2001:db8::1"),
    ],
)
def test_the_client_address(peer: str, forwarded: list[str], trusted: str, expected: str) -> None:
    headers = [(b"x-forwarded-for", value.encode()) for value in forwarded]
    scope = {"type": "http", "client": (peer, 1), "headers": headers}
    assert client_address(scope, trusted_networks(trusted)) == expected


def test_an_unusable_proxy_list_is_refused_naming_the_setting() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="trusted_proxies"):
        Settings(trusted_proxies="10.0.0.5, example.org")
    assert Settings(trusted_proxies=" 10.0.0.5 , 10.0.1.0/24 ").trusted_proxies == "10.0.0.5 , 10.0.1.0/24"


def test_a_busy_sqlite_database_lets_the_request_through_uncounted(tmp_path: Path) -> None:
    """An import holding SQLite's write lock must not stall every search behind it: the count is skipped."""
    url = f"sqlite:///{tmp_path / 'busy.sqlite3'}"
    prepare_database(url, load_bundled=False)
    counter = counter_for(url)
    assert counter.hit("search", "c" * 64, 60) == 1
    holder = sqlite3.connect(tmp_path / "busy.sqlite3")
    try:
        holder.execute("BEGIN IMMEDIATE")
        assert counter.hit("search", "c" * 64, 60) is None
    finally:
        holder.rollback()
        holder.close()
    assert counter.hit("search", "c" * 64, 60) == 2
    forget_counters()
