"""``POST /api/v1/overdose``: unknown names come back in ``unknown`` with suggestions; the schema says so (#11)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from recoverynav.api.overdose import OverdoseResponse
from recoverynav.knowledge import load_catalog
from tests.names import nonsense, unlisted_typo

CATALOG = load_catalog()
GENERICS = sorted(s.names.generic for s in CATALOG.substances.values() if len(s.names.generic) >= 7)


@pytest.mark.parametrize("generic", GENERICS)
def test_a_typo_is_unknown_with_suggestions(client: TestClient, generic: str) -> None:
    typo = unlisted_typo(generic)
    body = {"signs": ["not_breathing"], "substances": [generic, typo]}
    data = client.post("/api/v1/overdose", json=body).json()
    OverdoseResponse.model_validate(data)
    known, unknown = data["substances"]
    assert known["known"] and known["suggestions"] == []
    assert not unknown["known"] and unknown["id"] is None and generic in unknown["suggestions"]
    assert data["unknown"] == [{"name": typo, "suggestions": unknown["suggestions"]}]
    baseline = client.post("/api/v1/overdose", json={**body, "substances": [generic, nonsense()]}).json()
    assert data["steps"] == baseline["steps"]


def test_the_answer_matches_its_documented_model(client: TestClient) -> None:
    for body in ({}, {"signs": ["unresponsive"], "substances": ["baclofen", nonsense()]}, {"country": "GB"}):
        data = client.post("/api/v1/overdose", json=body).json()
        OverdoseResponse.model_validate(data)
        # Only a substance's own hospital step carries ``substance``, as in the CLI's JSON.
        assert all(step.get("substance", "x") for step in data["steps"])


def test_openapi_documents_unknown(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    ok = spec["paths"]["/api/v1/overdose"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
    model = spec["components"]["schemas"][ok["$ref"].rsplit("/", 1)[1]]
    assert "unknown" in model["required"] and "did you mean" in str(spec["components"]["schemas"]).lower()
