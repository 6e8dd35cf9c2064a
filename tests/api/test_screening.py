"""``/api/v1/screening``: list, definition, score (422 naming the item), FHIR bundle, 404 with suggestions."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from fhir.resources.R4B.bundle import Bundle


def test_list(client: TestClient) -> None:
    instruments = client.get("/api/v1/screening").json()["instruments"]
    ids = [i["id"] for i in instruments]
    assert set(ids) == {"audit", "audit-c", "dast-10", "cage-aid", "taps", "s2bi", "dsm5-sud", "ciwa-ar", "cows"}
    assert ids.index("ciwa-ar") > ids.index("audit")  # staff scales come after self-screening
    assert next(i for i in instruments if i["id"] == "audit")["loinc_total"] == "75624-7"


def test_definition_has_items_points_terms_and_references(client: TestClient) -> None:
    body = client.get("/api/v1/screening/dast-10").json()
    assert body["max_score"] == 10 and len(body["items"]) == 10
    assert body["items"][2]["reverse_scored"] is True
    assert [o["points"] for o in body["items"][2]["options"]] == [1, 0]
    assert "Skinner" in body["permission"]["terms"]
    assert any(r["id"] == "camcops-dast-permission" for r in body["references"])


@pytest.mark.parametrize(
    ("instrument", "payload", "score", "band"),
    [
        ("audit-c", {"answers": [1, 1, 1], "sex": "female"}, 3, "positive"),
        ("audit-c", {"answers": [1, 1, 1], "sex": "male"}, 3, "negative"),
        ("audit-c", {"answers": {"q1": 2, "q2": 1, "q3": 1}, "sex": "male"}, 4, "positive"),
        ("dast-10", {"answers": [0] * 10}, 1, "low"),
        ("s2bi", {"answers": {"tobacco": 0, "alcohol": 2, "marijuana": 0, "prescription": 0, "illegal": 0,
                              "inhalants": 0, "herbs-synthetics": 0}, "age": 15}, 2, "moderate-risk"),
    ],
)  # fmt: skip
def test_score(client: TestClient, instrument: str, payload: dict[str, object], score: int, band: str) -> None:
    response = client.post(f"/api/v1/screening/{instrument}", json=payload)
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["instrument"], body["score"], body["band"]) == (instrument, score, band)


@pytest.mark.parametrize(
    ("instrument", "payload", "field"),
    [
        ("audit", {"answers": [0, 0, 0]}, "q4"),
        ("audit", {"answers": [0] * 8 + [3, 0]}, "q9"),
        ("cows", {"answers": {"resting-pulse": 9}}, "resting-pulse"),
        ("audit-c", {"answers": {"q1": 0, "q2": 0}}, "q3"),
    ],
)
def test_bad_answers_are_422_naming_the_item(
    client: TestClient, instrument: str, payload: dict[str, object], field: str
) -> None:
    response = client.post(f"/api/v1/screening/{instrument}", json=payload)
    assert response.status_code == 422
    assert response.json()["detail"]["field"] == field


def test_bad_sex_is_422(client: TestClient) -> None:
    response = client.post("/api/v1/screening/audit-c", json={"answers": [0, 0, 0], "sex": "x"})
    assert response.status_code == 422
    assert "sex" in response.text


def test_unknown_instrument_is_404_with_suggestions(client: TestClient) -> None:
    response = client.get("/api/v1/screening/audti")
    assert response.status_code == 404
    detail = response.json()["detail"]
    assert detail["field"] == "instrument_id" and "audit" in detail["suggestions"]


def test_fhir_bundle(client: TestClient) -> None:
    response = client.post("/api/v1/screening/dast-10/fhir", json={"answers": [1] * 10})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/fhir+json")
    bundle = Bundle.model_validate_json(response.text)
    assert bundle.entry is not None and len(bundle.entry) == 3
    assert '"82667-7"' in response.text
