"""``POST /api/v1/overdose`` and ``GET /api/v1/emergency-numbers/{country}``."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


def test_overdose_returns_ordered_cited_steps(client: TestClient) -> None:
    body = {"signs": ["unresponsive", "not_breathing"], "substances": ["baclofen"], "country": "US"}
    response = client.post("/api/v1/overdose", json=body)
    assert response.status_code == 200
    data = response.json()
    assert data["emergency_number"] == "911" and data["is_emergency"] is True
    actions = [s["action"] for s in data["steps"]]
    assert actions[:2] == ["call_emergency", "cpr"]
    assert all(s["text"] and s["sources"] for s in data["steps"])
    assert data["poison_centre"]["number"] == "1-800-222-1222"


def test_unknown_substance_is_reported(client: TestClient) -> None:
    response = client.post("/api/v1/overdose", json={"signs": ["pinpoint_pupils"], "substances": ["zzqx"]})
    assert response.status_code == 200
    assert response.json()["substances"][0]["known"] is False


def test_bad_sign_is_422_naming_it(client: TestClient) -> None:
    response = client.post("/api/v1/overdose", json={"signs": ["unresponsive", "sleepy"]})
    assert response.status_code == 422
    errors = response.json()["detail"]
    assert any(e["input"] == "sleepy" and "not_breathing" in e["msg"] for e in errors)


def test_unknown_country_is_422_listing_codes(client: TestClient) -> None:
    response = client.post("/api/v1/overdose", json={"signs": [], "country": "ZZ"})
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail["field"] == "country" and "US" in detail["valid"]


@pytest.mark.parametrize(("code", "number"), [("us", "911"), ("GB", "999"), ("FR", "112")])
def test_emergency_numbers(client: TestClient, code: str, number: str) -> None:
    response = client.get(f"/api/v1/emergency-numbers/{code}")
    assert response.status_code == 200
    assert response.json()["emergency_number"] == number


def test_emergency_numbers_unknown_country_is_404(client: TestClient) -> None:
    response = client.get("/api/v1/emergency-numbers/ZZ")
    assert response.status_code == 404
    assert "two-letter ISO 3166" in response.json()["detail"]["message"]


@pytest.mark.parametrize("substance", ["xanax", "ghb", "alcohol", "zzqx-tranq"])
def test_naloxone_for_a_person_not_breathing_whatever_was_named(client: TestClient, substance: str) -> None:
    body = {"signs": ["not_breathing"], "substances": [substance]}
    data = client.post("/api/v1/overdose", json=body).json()
    actions = [s["action"] for s in data["steps"]]
    assert actions[:3] == ["call_emergency", "cpr", "rescue_breathing"] and "naloxone" in actions
    assert data["is_emergency"] is True and data["hospital_needed"] is True


def test_hospital_needed_without_red_flags_for_a_late_acting_substance(client: TestClient) -> None:
    body = {"signs": ["awake_and_talking"], "substances": ["baclofen"]}
    data = client.post("/api/v1/overdose", json=body).json()
    assert data["is_emergency"] is False and data["hospital_needed"] is True
    assert data["steps"][0]["action"] == "go_to_hospital"
