"""``facilities sync`` against a hostile or broken locator: bounded size and time, honest pages, no stale state."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recoverynav.directory.importers import ImportRejected, SyncError, SyncLimits, SyncRequest
from recoverynav.errors import InputRejected
from recoverynav.gateways.samhsa_locator import retry_after, sync_from_locator
from recoverynav.storage import SqlFacilityRepository, prepare_database
from tests.directory.locator_server import PAGES, Answer, Locator
from tests.facility_databases import empty_database

# Small bounds so the misbehaving server trips them in about a second.
# The Charlottesville sample: 30 listings of 22 sites (one card per site).
SITES = 22
FAST = SyncLimits(max_page_bytes=64 * 1024, page_deadline_seconds=1.0, read_timeout_seconds=0.5)
# For checks of what an answer says (not how fast it comes): a busy CI machine can take over a second to serve one.
PATIENT = SyncLimits(max_page_bytes=64 * 1024, page_deadline_seconds=30.0, read_timeout_seconds=10.0)


@pytest.fixture()
def sqlite_repo(tmp_path: Path) -> SqlFacilityRepository:
    """For faults that stop a sync before anything is stored (so one backend is enough)."""
    return prepare_database(empty_database("sqlite", tmp_path), load_bundled=False)


def _sync(repo: SqlFacilityRepository, url: str, state: Path, **options: object) -> object:
    values: dict[str, object] = {"retries": 0, "sleep": lambda _: None, "limits": FAST} | options
    return sync_from_locator(repo, SyncRequest(url=url, page_size=10), state, **values)  # type: ignore[arg-type]


def _page(number: int, **changes: object) -> bytes:
    page = json.loads(PAGES[number])
    page.update(changes)
    return json.dumps(page).encode()


def _kept(state: Path) -> list[str]:
    return sorted(p.name for p in state.glob("page-*.json"))


@pytest.mark.parametrize(
    "answer",
    [
        Answer(endless=True),
        Answer(body=b'{"rows": [' + b'{"name1": "x"}, ' * 10_000 + b"{}]}"),
        Answer(headers={"Content-Length": str(10**12)}, body=b"{}"),
    ],
    ids=["never-ends", "too-large", "declares-too-large"],
)
def test_an_answer_past_the_size_cap_is_abandoned(
    answer: Answer, locator: tuple[Locator, str], sqlite_repo: SqlFacilityRepository, tmp_path: Path
) -> None:
    replay, url = locator
    replay.answers = {1: [answer]}
    with pytest.raises(SyncError, match="larger than 64 KB"):
        _sync(sqlite_repo, url, tmp_path / "state")
    assert sqlite_repo.count() == 0 and _kept(tmp_path / "state") == []


@pytest.mark.parametrize(
    ("slow_headers", "close_delimited"),
    [(False, False), (True, False), (False, True)],
    ids=["trickling-body", "trickling-headers", "trickling-body-without-length"],
)
def test_a_trickling_server_trips_the_overall_deadline(
    slow_headers: bool,
    close_delimited: bool,
    locator: tuple[Locator, str],
    sqlite_repo: SqlFacilityRepository,
    tmp_path: Path,
) -> None:
    # A byte every 0.2 s never trips the 0.5 s read timeout; only a deadline for the whole answer stops it. A body
    # without a length, cut by the deadline, must not read as a (truncated) answer.
    replay, url = locator
    replay.answers = {1: [Answer(trickle_seconds=0.2, slow_headers=slow_headers, close_delimited=close_delimited)]}
    with pytest.raises(SyncError, match="no complete answer within 1 s"):
        _sync(sqlite_repo, url, tmp_path / "state")
    assert sqlite_repo.count() == 0 and _kept(tmp_path / "state") == []


@pytest.mark.parametrize("total", ['"abc"', "2.5", "10000000", "0", "-3", "true", '"3"', "[3]"])
def test_a_total_pages_that_is_not_a_sane_whole_number_is_refused(
    total: str, locator: tuple[Locator, str], sqlite_repo: SqlFacilityRepository, tmp_path: Path
) -> None:
    replay, url = locator
    page = json.loads(PAGES[1])
    replay.answers = {1: [Answer(body=json.dumps(page).replace('"totalPages": 3', f'"totalPages": {total}').encode())]}
    with pytest.raises(SyncError, match=r"totalPages .* is not a whole number from 1 to 5000"):
        _sync(sqlite_repo, url, tmp_path / "state", limits=PATIENT)
    assert len(replay.requests) == 1 and _kept(tmp_path / "state") == []


@pytest.mark.parametrize(
    "changes",
    [{"totalPages": None}, {"totalPages": 1}, {"totalPages": 2}],
    ids=["null", "one", "too-few"],
)
def test_pages_too_few_for_the_announced_records_are_refused(
    changes: dict[str, object], locator: tuple[Locator, str], sqlite_repo: SqlFacilityRepository, tmp_path: Path
) -> None:
    # Page 1 says 30 records in pages of 10: fewer than 3 pages would end the sync early (and a full refresh would
    # close the listings it never read).
    replay, url = locator
    replay.answers = {1: [Answer(body=_page(1, **changes))]}
    with pytest.raises(SyncError, match="recordCount 30 does not fit"):
        _sync(sqlite_repo, url, tmp_path / "state", limits=PATIENT, full_refresh=True)
    assert len(replay.requests) == 1 and sqlite_repo.count() == 0 and _kept(tmp_path / "state") == []


def test_retry_after_seconds_is_honoured(
    locator: tuple[Locator, str], facility_repo: SqlFacilityRepository, tmp_path: Path
) -> None:
    replay, url = locator
    replay.answers = {2: [Answer(status=429, body=b"{}", headers={"Retry-After": "7"})]}
    waits: list[float] = []
    _sync(facility_repo, url, tmp_path / "state", retries=2, backoff_seconds=0.5, sleep=waits.append)
    assert waits == [7.0] and facility_repo.count() == SITES


def test_retry_after_beyond_the_bound_stops_with_a_clear_message(
    locator: tuple[Locator, str], facility_repo: SqlFacilityRepository, tmp_path: Path
) -> None:
    replay, url = locator
    replay.answers = {2: [Answer(status=503, body=b"{}", headers={"Retry-After": "86400"})]}
    waits: list[float] = []
    with pytest.raises(SyncError, match=r"asks to wait 86400 s .*run sync again later"):
        _sync(facility_repo, url, tmp_path / "state", retries=3, sleep=waits.append)
    assert waits == [] and _kept(tmp_path / "state") == ["page-00001.json"]


@given(st.integers(min_value=0, max_value=10**6))
def test_retry_after_reads_seconds_and_http_dates_alike(seconds: int) -> None:
    now = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
    assert retry_after(str(seconds), now) == seconds
    assert retry_after(format_datetime(now + timedelta(seconds=seconds), usegmt=True), now) == seconds


@pytest.mark.parametrize("header", [None, "", "soon", "-5", "1.5e3", "Mon, 99 Foo 2026 25:61:00 GMT", "\u00b2"])
def test_an_unreadable_retry_after_falls_back_to_the_backoff(header: str | None) -> None:
    assert retry_after(header) is None or retry_after(header) == 0.0


def test_a_page_whose_rows_fail_is_not_kept_and_the_rerun_asks_for_it_again(
    locator: tuple[Locator, str], facility_repo: SqlFacilityRepository, tmp_path: Path
) -> None:
    replay, url = locator
    bad = json.loads(PAGES[2])
    bad["rows"][3]["phone"] = "434-555-0100 ext " + "1234567890" * 18
    bad["rows"][5]["state"] = "Atlantis"
    replay.pages[2] = json.dumps(bad).encode()
    with pytest.raises(ImportRejected) as caught:
        _sync(facility_repo, url, tmp_path / "state")
    assert {(e.page, e.row, e.field) for e in caught.value.errors} == {(2, 4, "phone"), (2, 6, "state")}
    assert "page 2, row 4, phone: 197 characters; the database holds at most 60" in str(caught.value)
    assert _kept(tmp_path / "state") == ["page-00001.json", "page-00003.json"]
    assert facility_repo.count() == 0
    replay.pages[2] = PAGES[2]  # the upstream fix
    replay.requests.clear()
    report = _sync(facility_repo, url, tmp_path / "state")
    assert [r["page"] for r in replay.requests] == ["2"]
    assert facility_repo.count() == SITES and report is not None


def test_restart_discards_kept_pages(
    locator: tuple[Locator, str], facility_repo: SqlFacilityRepository, tmp_path: Path
) -> None:
    replay, url = locator
    replay.failures = {3: [500]}
    with pytest.raises(SyncError):
        _sync(facility_repo, url, tmp_path / "state")
    assert _kept(tmp_path / "state") == ["page-00001.json", "page-00002.json"]
    replay.requests.clear()
    _sync(facility_repo, url, tmp_path / "state", restart=True)
    assert [r["page"] for r in replay.requests] == ["1", "2", "3"]


@pytest.mark.parametrize("body", [b"[" * 60_000, b'{"rows": [], "x": ' + b"9" * 5000 + b"}", b"\xff\xfe", b""])
def test_an_answer_that_is_not_usable_json_is_a_sync_error(
    body: bytes, locator: tuple[Locator, str], sqlite_repo: SqlFacilityRepository, tmp_path: Path
) -> None:
    replay, url = locator
    replay.answers = {1: [Answer(body=body)]}
    with pytest.raises(SyncError, match="page 1: the answer is"):
        _sync(sqlite_repo, url, tmp_path / "state")
    assert _kept(tmp_path / "state") == []


@pytest.mark.parametrize("url", ["", "notaurl", "ftp://example.org/x", "http://", "file:///etc/passwd", "http://\x00/"])
def test_a_bad_url_is_refused_before_any_request(url: str) -> None:
    with pytest.raises(InputRejected, match="http:// or https://"):
        SyncRequest(url=url)


def test_a_finished_sync_removes_only_its_own_files(
    locator: tuple[Locator, str], facility_repo: SqlFacilityRepository, tmp_path: Path
) -> None:
    # --state-dir may name a folder that holds other things (even "."): they survive a sync and a --restart.
    _, url = locator
    state = tmp_path / "mine"
    state.mkdir()
    (state / "notes.txt").write_text("keep me", encoding="utf-8")
    (state / "request.json").write_text("{}", encoding="utf-8")
    _sync(facility_repo, url, state, restart=True)
    assert facility_repo.count() == SITES
    assert sorted(p.name for p in state.iterdir()) == ["notes.txt"]
