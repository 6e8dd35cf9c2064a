"""``facilities sync``: pages from a local server replaying recorded locator pages; retries; resume."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from recoverynav.directory.importers import SyncError, SyncRequest
from recoverynav.gateways.samhsa_locator import sync_from_locator
from recoverynav.storage import SqlFacilityRepository
from tests.directory.locator_server import Locator


def _request(url: str) -> SyncRequest:
    return SyncRequest(url=url, s_addr="38.0266, -78.4805", limit_type=2, limit_value=40233.6, s_type="SA",
                       s_codes=("MD", "OP"), page_size=10)  # fmt: skip


def test_sync_pages_through_with_the_api_parameters(
    locator: tuple[Locator, str], facility_repo: SqlFacilityRepository, tmp_path: Path
) -> None:
    replay, url = locator
    replay.failures = {2: [503, 429]}
    delays: list[float] = []
    report = sync_from_locator(
        facility_repo, _request(url), tmp_path / "state", backoff_seconds=0.5, sleep=delays.append
    )
    # 30 listings of 22 sites (one card per site: most are listed once as SA and once as MH).
    assert (report.rows, report.facilities, report.counts.inserted) == (30, 30, 22)
    assert facility_repo.count() == 22
    assert delays == [0.5, 1.0]  # exponential backoff before each retry
    assert replay.requests[0] == {
        "sAddr": "38.0266, -78.4805",
        "limitType": "2",
        "limitValue": "40233.6",
        "sType": "SA",
        "sCodes": "MD,OP",
        "pageSize": "10",
        "page": "1",
    }
    assert [r["page"] for r in replay.requests] == ["1", "2", "2", "2", "3"]
    assert not (tmp_path / "state").exists()


def test_an_interrupted_sync_resumes_and_writes_nothing_until_complete(
    locator: tuple[Locator, str], facility_repo: SqlFacilityRepository, tmp_path: Path
) -> None:
    replay, url = locator
    replay.failures = {3: [500, 500]}
    with pytest.raises(SyncError, match="page 3: gave up after 2 attempts"):
        sync_from_locator(facility_repo, _request(url), tmp_path / "state", retries=1, sleep=lambda _: None)
    assert facility_repo.count() == 0
    assert sorted(p.name for p in (tmp_path / "state").glob("page-*.json")) == ["page-00001.json", "page-00002.json"]
    replay.requests.clear()
    report = sync_from_locator(facility_repo, _request(url), tmp_path / "state", sleep=lambda _: None)
    assert [r["page"] for r in replay.requests] == ["3"]
    assert report.facilities == 30 and facility_repo.count() == 22


def test_a_client_error_is_not_retried(
    locator: tuple[Locator, str], facility_repo: SqlFacilityRepository, tmp_path: Path
) -> None:
    replay, url = locator
    replay.failures = {1: [404]}
    with pytest.raises(SyncError, match="HTTP 404"):
        sync_from_locator(facility_repo, _request(url), tmp_path / "state", sleep=lambda _: None)
    assert len(replay.requests) == 1


def test_an_unreachable_locator_gives_up_cleanly(facility_repo: SqlFacilityRepository, tmp_path: Path) -> None:
    request = SyncRequest(url="http://127.0.0.1:9/nothing")
    with pytest.raises(SyncError, match="gave up"):
        sync_from_locator(facility_repo, request, tmp_path / "state", retries=1, sleep=lambda _: None,
                     client=httpx.Client(timeout=2))  # fmt: skip


def test_a_changed_request_starts_over(
    locator: tuple[Locator, str], facility_repo: SqlFacilityRepository, tmp_path: Path
) -> None:
    _, url = locator
    state = tmp_path / "state"
    state.mkdir()
    (state / "request.json").write_text(json.dumps({"url": "elsewhere"}), encoding="utf-8")
    (state / "page-00001.json").write_text('{"rows": [], "totalPages": 1}', encoding="utf-8")
    assert sync_from_locator(facility_repo, _request(url), state, sleep=lambda _: None).facilities == 30


@pytest.mark.parametrize(
    "url", ["", "notaurl", "ftp://example.org/", "http:///x", "http://h:99999/", "http://[::1", "http://h/\nx"]
)
def test_a_locator_address_that_cannot_be_fetched_is_refused_naming_it(url: str) -> None:
    from recoverynav.errors import InputRejected

    with pytest.raises(InputRejected, match=r"locator URL .*http:// or https://"):
        SyncRequest(url=url)


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:9/", "HTTPS://findtreatment.gov/locator/x?a=b c", "http://[::1]:80/"]
)
def test_an_http_locator_address_is_taken(url: str) -> None:
    assert SyncRequest(url=url).url == url
