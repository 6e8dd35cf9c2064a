"""Staff case routes: closed to everyone until sign-in exists (the placeholder actor refuses), and with a
consultant actor they open, find, read, edit and move cases, answering 409 for stale versions and bad moves."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from recoverynav.api.deps import current_actor
from recoverynav.app import create_app, route_entries
from recoverynav.backoffice import Actor


@pytest.fixture()
def consultant() -> Iterator[TestClient]:
    app = create_app()
    app.dependency_overrides[current_actor] = lambda: Actor(id="u-ana", role="consultant")
    with TestClient(app) as client:
        yield client


def test_every_staff_route_refuses_without_sign_in(client: TestClient) -> None:
    # Every staff route but the sign-in itself (which answers a bad credential with 401 and a bad body with 422).
    staff = [e for e in route_entries() if e.path.startswith("/api/v1/staff/") and e.path != "/api/v1/staff/token"]
    assert sum(len(e.methods) for e in staff) >= 5
    for entry in staff:
        for method in entry.methods:
            path = entry.path.replace("{case_id}", "0" * 32)
            response = client.request(method, path, json={"to": "screened", "version": 1})
            assert response.status_code == 401, (method, path, response.status_code)
            assert response.headers.get("www-authenticate") == "Bearer"


def test_a_wrong_role_is_refused_with_403() -> None:
    app = create_app()
    app.dependency_overrides[current_actor] = lambda: Actor(id="u-root", role="admin")
    with TestClient(app) as client:
        assert client.get("/api/v1/staff/cases").status_code == 403


def test_open_find_read_edit_and_move(consultant: TestClient) -> None:
    opened = consultant.post(
        "/api/v1/staff/cases", json={"caller": {"nickname": "Sam", "phone": "215-555-0131"}, "substances": ["alcohol"]}
    )
    assert opened.status_code == 201, opened.text
    case_id, reference = opened.json()["id"], opened.json()["reference"]
    assert opened.json()["status"] == "new"
    for q in (reference, "(215) 555-0131"):
        found = consultant.get("/api/v1/staff/cases", params={"q": q})
        assert [c["id"] for c in found.json()] == [case_id], q
    assert "Sam" not in consultant.get("/api/v1/staff/cases").text  # lists carry no personal field
    case = consultant.get(f"/api/v1/staff/cases/{case_id}").json()
    assert case["caller"]["phone"] == "+12155550131" and case["version"] == 1
    edited = consultant.patch(f"/api/v1/staff/cases/{case_id}", json={"version": 1, "notes": "called back"})
    assert edited.status_code == 200 and edited.json()["version"] == 2
    stale = consultant.patch(f"/api/v1/staff/cases/{case_id}", json={"version": 1, "notes": "lost"})
    assert stale.status_code == 409 and stale.json()["detail"]["field"] == "version"
    wrong = consultant.post(f"/api/v1/staff/cases/{case_id}/transitions", json={"to": "admitted"})
    assert wrong.status_code == 409
    assert wrong.json()["detail"]["allowed"] == ["screened", "level_suggested", "closed"]
    no_reason = consultant.post(f"/api/v1/staff/cases/{case_id}/transitions", json={"to": "closed"})
    assert no_reason.status_code == 422 and "reason" in no_reason.text
    moved = consultant.post(f"/api/v1/staff/cases/{case_id}/transitions", json={"to": "screened"})
    assert moved.status_code == 200 and moved.json()["status"] == "screened"
    assert consultant.get(f"/api/v1/staff/cases/{'f' * 32}").status_code == 404


@pytest.mark.parametrize("answers", [[0, 0, 0], [4, 4, 4], [2, 1, 0], [1, 3, 2]])
def test_an_edit_adds_screenings_and_a_suggestion_scored_on_the_server(
    consultant: TestClient, answers: list[int]
) -> None:
    from recoverynav.placement import Facts, recommend_level
    from recoverynav.screening import get_instrument, score_instrument

    opened = consultant.post("/api/v1/staff/cases", json={"caller": {"nickname": "Lee", "phone": "215-555-0177"}})
    case_id = opened.json()["id"]
    facts = {"substances": ["alcohol"], "daily_use": True}
    body = {"version": 1, "add_screening": [{"instrument": "audit-c", "answers": answers}], "placement": facts}
    edited = consultant.patch(f"/api/v1/staff/cases/{case_id}", json=body)
    assert edited.status_code == 200, edited.text
    items = get_instrument("audit-c").item_ids
    expected = score_instrument("audit-c", dict(zip(items, answers, strict=True)))
    stored = edited.json()
    assert stored["screening"][-1]["score"] == expected.score and stored["screening"][-1]["band"] == expected.band
    assert stored["placement"]["level"] == recommend_level(Facts.model_validate(facts)).level
    # A finished result is not accepted as input: the server scores, the client never sends a score.
    forged = {"version": 2, "add_screening": [stored["screening"][-1]]}
    assert consultant.patch(f"/api/v1/staff/cases/{case_id}", json=forged).status_code == 422
    unknown = {"version": 2, "add_screening": [{"instrument": "nope", "answers": [0]}]}
    assert consultant.patch(f"/api/v1/staff/cases/{case_id}", json=unknown).status_code == 422
