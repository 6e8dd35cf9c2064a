"""GET /api/v1/coverage/guide (#17): a typed, cited answer with the finder's payment codes; bad input is a 422."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from recoverynav.coverage import PAYMENT_TYPES, guide_for, guide_states

URL = "/api/v1/coverage/guide"


def test_the_answer_holds_codes_citations_and_finder_addresses(client: TestClient) -> None:
    response = client.get(URL, params={"payment": "none", "state": "TX"})
    assert response.status_code == 200
    body = response.json()
    assert body["codes"] == ["NP", "SS", "PA", "SF"] == list(guide_for("none", "TX").codes)
    assert [s["url"] for s in body["searches"]] == ["/find?payment=none&near=TX", "/find?payment=state&near=TX"]
    assert body["all_programs_url"] == "/find?near=TX"
    assert body["medicaid"]["status"] == "not_adopted" and body["medicaid"]["as_of"] == "2026-01-14"
    numbers = {c["id"]: c["n"] for c in body["citations"]}
    for statement in body["covers"] + body["route"] + body["apply"]:
        assert statement["marks"] == sorted({numbers[i] for i in statement["sources"]})
    assert body["questions"] == []  # no plan to ask


def test_a_plan_answer_has_the_questions_and_the_expansion_date(client: TestClient) -> None:
    body = client.get(URL, params={"payment": "private", "state": "nc"}).json()
    assert body["state"] == "NC" and body["medicaid"]["implemented"] == "2023-12-01"
    assert len(body["questions"]) == 5 and body["codes"] == ["PI"]


@pytest.mark.parametrize("state", ["ZZ", "XX", "Q1", "", "Virginia", "V"])
def test_an_unknown_state_is_a_422_naming_the_field(client: TestClient, state: str) -> None:
    response = client.get(URL, params={"payment": "medicaid", "state": state})
    assert response.status_code == 422
    detail = response.json()["detail"]
    named = detail["field"] if isinstance(detail, dict) else detail[0]["loc"][-1]
    assert named == "state"


def test_an_unknown_payment_or_a_missing_field_is_a_422_naming_it(client: TestClient) -> None:
    bad = client.get(URL, params={"payment": "cash", "state": "VA"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["query", "payment"]
    missing = client.get(URL, params={"payment": "va"})
    assert missing.status_code == 422 and missing.json()["detail"][0]["loc"] == ["query", "state"]


def test_openapi_states_every_rule(client: TestClient) -> None:
    params = {p["name"]: p["schema"] for p in client.get("/openapi.json").json()["paths"][URL]["get"]["parameters"]}
    assert params["payment"]["enum"] == list(PAYMENT_TYPES)
    assert params["state"]["enum"] == list(guide_states())
    assert (params["state"]["minLength"], params["state"]["maxLength"]) == (2, 2)
