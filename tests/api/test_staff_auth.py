"""The staff token: e-mail + password + code give a bearer token; every /api/v1/staff route refuses without one."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from recoverynav.storage.backoffice.audit import stored_events
from recoverynav.wiring import back_office_engine
from tests.staff_accounts import make_staff


def _staff_operations(client: TestClient) -> list[tuple[str, str]]:
    spec = client.get("/openapi.json").json()
    return [
        (method.upper(), path)
        for path, operations in spec["paths"].items()
        if path.startswith("/api/v1/staff/")
        for method in operations
        if path != "/api/v1/staff/token"
    ]


def _concrete(path: str) -> str:
    # Any value for path parameters: without a token the answer must be 401 before the value is looked at.
    import re

    return re.sub(r"\{[^}]+\}", "1", path)


def test_the_token_flow(client: TestClient) -> None:
    staff = make_staff()
    answer = client.post(
        "/api/v1/staff/token", json={"email": staff.email.upper(), "password": staff.password, "otp": staff.code()}
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["token_type"] == "bearer" and body["expires_in"] == 900 and len(body["access_token"]) >= 40
    assert answer.headers["cache-control"] == "no-store"
    me = client.get("/api/v1/staff/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.json() == {"id": staff.id, "role": "consultant"}
    actions = [(e.event.action, e.event.record_id) for e in stored_events(back_office_engine())]
    assert ("login.success", staff.id) in actions


@pytest.mark.parametrize("change", ["password", "otp", "email"])
def test_a_wrong_part_is_one_answer(client: TestClient, change: str) -> None:
    staff = make_staff()
    body = {"email": staff.email, "password": staff.password, "otp": staff.code()}
    body[change] = {"password": "not the password", "otp": "000000", "email": "nobody@example.org"}[change]
    answer = client.post("/api/v1/staff/token", json=body)
    assert answer.status_code == 401
    assert answer.json()["detail"] == "the e-mail, password or code is not right, or the account cannot sign in now"
    assert staff.email not in answer.text


def test_every_staff_route_refuses_without_a_token(client: TestClient) -> None:
    operations = _staff_operations(client)
    assert ("GET", "/api/v1/staff/me") in operations
    for method, path in operations:
        for headers in ({}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic eDp5"}):
            answer = client.request(method, _concrete(path), headers=headers, json={})
            assert answer.status_code == 401, (method, path, headers, answer.status_code)
            assert answer.headers.get("www-authenticate") == "Bearer"


def test_every_staff_route_declares_401_in_openapi(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for method, path in _staff_operations(client):
        assert "401" in spec["paths"][path][method.lower()]["responses"], (method, path)


def test_a_token_of_a_web_session_is_not_an_api_token(client: TestClient) -> None:
    from datetime import UTC, datetime

    from recoverynav.storage.unit_of_work import UnitOfWork

    staff = make_staff()
    with UnitOfWork(back_office_engine()) as uow:
        web = uow.staff.start_session(staff.id, kind="web", stage="active", now=datetime.now(UTC))
        uow.commit()
    assert client.get("/api/v1/staff/me", headers={"Authorization": f"Bearer {web}"}).status_code == 401


def test_logout_ends_the_token_at_once_and_is_audited(client: TestClient) -> None:
    staff = make_staff()
    body = {"email": staff.email, "password": staff.password, "otp": staff.code()}
    token = client.post("/api/v1/staff/token", json=body).json()["access_token"]
    from datetime import UTC, datetime

    from recoverynav.storage.unit_of_work import UnitOfWork

    with UnitOfWork(back_office_engine()) as uow:  # a second session (a code is good for one sign-in only)
        other = uow.staff.start_session(staff.id, kind="api", stage="active", now=datetime.now(UTC))
        uow.commit()
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/staff/me", headers=headers).status_code == 200
    answer = client.post("/api/v1/staff/logout", headers=headers)
    assert answer.status_code == 204 and answer.content == b""
    assert client.get("/api/v1/staff/me", headers=headers).status_code == 401
    assert client.post("/api/v1/staff/logout", headers=headers).status_code == 401
    # Only that token ended: the same person's other session still works.
    assert client.get("/api/v1/staff/me", headers={"Authorization": f"Bearer {other}"}).status_code == 200
    actions = [(e.event.action, e.event.record_id) for e in stored_events(back_office_engine())]
    assert ("logout", staff.id) in actions
