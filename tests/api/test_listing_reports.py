"""``POST /api/v1/facilities/{frid}/reports`` on SQLite and PostgreSQL: 201, 404, 422 without echo, 429, no leaks."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from recoverynav.app import create_app
from recoverynav.settings import get_settings
from recoverynav.storage.engine import engine_for
from recoverynav.storage.listing_reports import listing_reports
from tests.report_helpers import listed, serve_without_bundled

CONTACT = "reporter-7f3a@example.org"


@pytest.fixture()
def api(configured_database: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setenv("RECOVERYNAV_REPORT_LIMIT_PER_CLIENT", "3")
    get_settings.cache_clear()
    serve_without_bundled(configured_database, listed("a"), listed("b"))
    with TestClient(create_app()) as client:
        yield client
    get_settings.cache_clear()


def test_a_report_is_created_and_stored_encrypted(api: TestClient, configured_database: str) -> None:
    response = api.post(
        "/api/v1/facilities/a/reports", json={"reason": "closed", "details": "Sign on door", "contact": CONTACT}
    )
    assert response.status_code == 201
    body = response.json()
    assert body["frid"] == "a" and body["reason"] == "closed" and body["status"] == "open" and body["id"] >= 1
    with engine_for(configured_database).connect() as conn:
        row = conn.execute(select(listing_reports).where(listing_reports.c.id == body["id"])).one()._mapping
    assert row["details"] == "Sign on door" and row["contact_encrypted"].startswith("v1:")
    assert CONTACT not in row["contact_encrypted"] and "testclient" not in row["client_hash"]


def test_unknown_listing_is_404_naming_frid(api: TestClient) -> None:
    response = api.post("/api/v1/facilities/nope/reports", json={"reason": "closed"})
    assert response.status_code == 404 and response.json()["detail"]["field"] == "frid"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"reason": "gone"}, "reason"),
        ({"details": "no reason"}, "reason"),
        ({"reason": "other", "details": "x" * 1001}, "details"),
        ({"reason": "other", "contact": CONTACT * 10}, "contact"),
        ({"reason": "other", "contact": CONTACT, "extra": 1}, "extra"),
    ],
)
def test_bad_bodies_are_422_naming_the_field_without_echoing_it(
    api: TestClient, body: dict[str, object], field: str
) -> None:
    response = api.post("/api/v1/facilities/a/reports", json=body)
    assert response.status_code == 422
    assert [e["loc"][-1] for e in response.json()["detail"]] == [field]
    assert CONTACT not in response.text and "x" * 1001 not in response.text


def test_rate_limit_answers_429_with_retry_after(api: TestClient) -> None:
    for frid in ("a", "b", "a"):
        assert api.post(f"/api/v1/facilities/{frid}/reports", json={"reason": "other"}).status_code == 201
    limited = api.post("/api/v1/facilities/b/reports", json={"reason": "other", "contact": CONTACT})
    assert limited.status_code == 429
    assert 3000 < int(limited.headers["retry-after"]) <= 3601
    assert limited.json()["detail"]["retry_after"] == int(limited.headers["retry-after"])
    assert CONTACT not in limited.text


def test_contact_never_reaches_a_log(api: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    api.post("/api/v1/facilities/a/reports", json={"reason": "other", "contact": CONTACT})
    api.post("/api/v1/facilities/a/reports", json={"reason": "other", "contact": CONTACT * 20})
    api.post("/facilities/a/report", data={"reason": "other", "contact": CONTACT})
    assert any("/facilities/a/report" in r.getMessage() for r in caplog.records)  # the access log did run
    assert CONTACT not in caplog.text


def test_route_is_in_openapi_with_its_answers() -> None:
    operation = create_app().openapi()["paths"]["/api/v1/facilities/{frid}/reports"]["post"]
    assert {"201", "404", "422", "429"} <= set(operation["responses"])
