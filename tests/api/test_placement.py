"""``POST /api/v1/placement`` and ``GET /api/v1/placement/options``."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


def test_done_when_example_through_the_api(client: TestClient) -> None:
    body = {
        "substances": ["baclofen", "alcohol"],
        "daily_use": True,
        "daily_dose_mg": 300,
        "history_withdrawal_seizures_or_dts": True,
        "near": "22902",
    }
    response = client.post("/api/v1/placement", json=body)
    assert response.status_code == 200
    rec = response.json()
    assert rec["withdrawal_management"] in {"3.7-WM", "4-WM"} and rec["option"] == "detox"
    assert rec["disclaimer"].startswith("ASAM-informed suggestion, not an ASAM Criteria assessment")
    assert rec["finder_url"] == "/find?code=DT&code=HI&near=22902"
    assert len(rec["dimension_ratings"]) == 6 and rec["sources"][0]["link"].startswith("http")


def test_mild_stable_is_outpatient(client: TestClient) -> None:
    body = {
        "substances": ["alcohol"],
        "daily_use": False,
        "withdrawal_symptoms": "none",
        "home": "stable",
        "responsibilities": ["work"],
        "readiness": "ready",
        "support_people": True,
    }
    rec = client.post("/api/v1/placement", json=body).json()
    assert rec["option"] == "outpatient" and rec["urgent"] is None


def test_active_plan_is_urgent(client: TestClient) -> None:
    rec = client.post("/api/v1/placement", json={"substances": ["alcohol"], "suicidal_thoughts": "active_plan"}).json()
    assert [c["number"] for c in rec["urgent"]["contacts"]] == ["911", "988"]


def test_screening_result_from_the_screening_capability_is_accepted(client: TestClient) -> None:
    body = {"substances": ["cocaine"], "screening": {"instrument": "dast-10", "band": "substantial", "score": 7}}
    assert client.post("/api/v1/placement", json=body).json()["level"] == "2.1"


@pytest.mark.parametrize(
    ("body", "loc"),
    [
        ({}, ["body", "substances"]),
        ({"substances": []}, ["body", "substances"]),
        ({"substances": ["alcohol"], "daily_use": "often"}, ["body", "daily_use"]),
        ({"substances": ["alcohol"], "withdrawal_symptoms": "terrible"}, ["body", "withdrawal_symptoms"]),
        ({"substances": ["alcohol"], "ciwa_ar": 99}, ["body", "ciwa_ar"]),
        ({"substances": ["alcohol"], "home": "castle"}, ["body", "home"]),
        ({"substances": ["alcohol"], "responsibilities": ["golf"]}, ["body", "responsibilities", 0]),
        ({"substances": ["alcohol"], "favourite_colour": "blue"}, ["body", "favourite_colour"]),
    ],
)
def test_bad_fields_are_422_naming_the_field(client: TestClient, body: dict[str, object], loc: list[object]) -> None:
    response = client.post("/api/v1/placement", json=body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == loc


def test_options_guide(client: TestClient) -> None:
    guide = client.get("/api/v1/placement/options").json()
    assert {o["id"] for o in guide["options"]} == {
        "detox",
        "inpatient",
        "residential",
        "outpatient",
        "support_groups",
        "aftercare",
    }
    detox = next(o for o in guide["options"] if o["id"] == "detox")
    assert "DT" in detox["facility_codes"]


def test_intrathecal_pump_is_a_fact_and_leads_the_answer(client: TestClient) -> None:
    """#11: facts gain intrathecal_pump; a pump user is never sent to detox, and the JSON carries the headline."""
    body = {"substances": ["baclofen"], "daily_use": True, "withdrawal_symptoms": "mild", "intrathecal_pump": True}
    rec = client.post("/api/v1/placement", json=body).json()
    assert rec["option"] != "detox" and rec["withdrawal_management"] is None
    assert rec["headline"]["kind"] == "crisis" and rec["urgent"] is not None
    schema = client.get("/openapi.json").json()["components"]["schemas"]
    assert "intrathecal_pump" in schema["Facts"]["properties"] and "headline" in schema["Recommendation"]["properties"]


def test_intrathecal_pump_must_be_a_boolean(client: TestClient) -> None:
    response = client.post("/api/v1/placement", json={"substances": ["baclofen"], "intrathecal_pump": "maybe"})
    assert response.status_code == 422 and "intrathecal_pump" in response.text
