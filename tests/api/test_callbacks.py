"""``POST /api/v1/callback-requests``: a reference back, a new case in the queue, nothing typed echoed or logged."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from recoverynav.app import create_app
from recoverynav.backoffice import Actor, list_cases, parse_reference, read_case
from recoverynav.settings import get_settings
from recoverynav.storage import UnitOfWork, engine_for

PHONE = "267-555-0161"
BODY: dict[str, Any] = {
    "nickname": "Wrenfield",
    "phone": PHONE,
    "best_time": "after the night shift",
    "language": "Tagalog",
    "consent_to_call": True,
    "screening": [{"instrument": "audit-c", "answers": [4, 4, 3], "sex": "male"}],
    "placement": {"substances": ["alcohol"], "daily_use": True},
    "search": {"near": "22902", "radius_miles": 10, "codes": ["DT"]},
}
ANA = Actor(id="u-ana", role="consultant")


def _client(address: str) -> Iterator[TestClient]:
    with TestClient(create_app(), client=(address, 40000)) as client:
        yield client


@pytest.fixture()
def caller() -> Iterator[TestClient]:
    yield from _client("192.0.2.61")


def _unit() -> UnitOfWork:
    return UnitOfWork(engine_for(get_settings().resolved_database_url))


def test_a_request_becomes_a_new_case_with_its_attachments(caller: TestClient) -> None:
    response = caller.post("/api/v1/callback-requests", json=BODY)
    assert response.status_code == 201, response.text
    assert response.headers["cache-control"] == "no-store"
    reference = response.json()["reference"]
    assert parse_reference(reference) == reference and set(response.json()) == {"reference"}
    with _unit() as uow:
        summary = next(s for s in list_cases(uow, ANA, status="new") if s.reference == reference)
    with _unit() as uow:
        case = read_case(uow, ANA, summary.id)
    assert case.caller.nickname == "Wrenfield" and case.caller.phone == "+12675550161" and case.owner is None
    assert case.screening[0].instrument == "audit-c" and case.placement is not None and case.search is not None
    assert case.callback is not None and case.callback.best_time == "after the night shift"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"consent_to_call": False}, "consent_to_call"),
        ({"phone": "555-01 secret"}, "phone"),
        ({"phone": ""}, "phone"),
        ({"nickname": "x" * 101}, "nickname"),
        ({"screening": [{"instrument": "audit-c", "answers": [9, 9, 9]}]}, "screening"),
        ({"screening": [{"instrument": "no-such", "answers": [1]}]}, "screening"),
        ({"unexpected": "secret"}, "unexpected"),
    ],
)
def test_bad_fields_are_named_and_never_echoed(caller: TestClient, change: dict[str, Any], field: str) -> None:
    response = caller.post("/api/v1/callback-requests", json=BODY | change)
    assert response.status_code == 422
    assert field in response.text and "secret" not in response.text and PHONE not in response.text
    assert response.headers["cache-control"] == "no-store"


def test_the_rate_limit_answers_429_with_retry_after(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECOVERYNAV_CALLBACK_LIMIT_PER_CLIENT", "2")
    get_settings.cache_clear()
    try:
        for client in _client("192.0.2.62"):
            answers = [client.post("/api/v1/callback-requests", json=BODY).status_code for _ in range(3)]
            limited = client.post("/api/v1/callback-requests", json=BODY)
    finally:
        get_settings.cache_clear()
    assert answers == [201, 201, 429]
    assert int(limited.headers["retry-after"]) > 0 and PHONE not in limited.text


def test_nothing_typed_reaches_the_logs(caller: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        assert caller.post("/api/v1/callback-requests", json=BODY).status_code == 201
        caller.post("/api/v1/callback-requests", json=BODY | {"phone": "not a phone"})
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for value in (PHONE, "2675550161", "Wrenfield", "night shift", "Tagalog"):
        assert value not in logged
