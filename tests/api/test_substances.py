"""``/api/v1/substances``: search, read, 404 with suggestions, OpenAPI."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_search_by_brand(client: TestClient) -> None:
    response = client.get("/api/v1/substances", params={"q": "lioresal"})
    assert response.status_code == 200
    assert response.json()["results"][0]["id"] == "baclofen"


def test_read_monograph(client: TestClient) -> None:
    body = client.get("/api/v1/substances/baclofen").json()
    assert body["id"] == "baclofen"
    assert body["references"][0]["n"] == 1
    assert body["sections"]["overdose"]["effects"]


def test_unknown_id_is_404_with_suggestions(client: TestClient) -> None:
    response = client.get("/api/v1/substances/baclofn")
    assert response.status_code == 404
    detail = response.json()["detail"]
    assert detail["field"] == "substance_id"
    assert "baclofen" in detail["suggestions"]


def test_query_too_long_is_422_naming_the_parameter(client: TestClient) -> None:
    response = client.get("/api/v1/substances", params={"q": "x" * 101})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "q"]


def test_openapi_lists_the_routes(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert "/api/v1/substances" in paths and "/api/v1/substances/{substance_id}" in paths


def test_healthz(client: TestClient) -> None:
    assert client.get("/healthz").json()["status"] == "ok"
