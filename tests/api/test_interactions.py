"""``/api/v1/interactions``: GET a comma list, POST a JSON list, 404 with suggestions, 422 naming the field."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


def test_get_baclofen_alcohol_is_major_with_a_source(client: TestClient) -> None:
    response = client.get("/api/v1/interactions", params={"substances": "baclofen,alcohol"})
    assert response.status_code == 200
    body = response.json()
    assert {"substances", "findings", "highest_severity", "references", "urgent"} <= set(body)
    assert body["highest_severity"] == "major" and body["urgent"] is True
    assert [s["id"] for s in body["substances"]] == ["alcohol", "baclofen"]
    finding = body["findings"][0]
    assert finding["substances"] == ["alcohol", "baclofen"]
    assert "CNS" in finding["mechanism"]
    assert finding["sources"][0]["n"] == 1 and finding["sources"][0]["link"].startswith("https://")


@pytest.mark.parametrize(
    "body", [["oxycodone", "xanax"], {"substances": ["oxycodone", "xanax"]}], ids=["list", "object"]
)
def test_post_cites_the_2016_boxed_warning(client: TestClient, body: object) -> None:
    response = client.post("/api/v1/interactions", json=body)
    assert response.status_code == 200
    sources = {s["id"] for f in response.json()["findings"] for s in f["sources"]}
    assert "fda-dsc-2016-08-31-opioid-benzodiazepine" in sources


def test_get_and_post_agree(client: TestClient) -> None:
    got = client.get("/api/v1/interactions", params={"substances": "tramadol, sertraline"}).json()
    posted = client.post("/api/v1/interactions", json=["sertraline", "tramadol"]).json()
    assert got == posted
    assert "serotonin syndrome" in got["findings"][0]["mechanism"]


def test_unknown_name_is_404_with_suggestions_naming_the_field(client: TestClient) -> None:
    response = client.get("/api/v1/interactions", params={"substances": "baclofen,xanaxx,qqqzzz"})
    assert response.status_code == 404
    detail = response.json()["detail"]
    assert detail["field"] == "substances"
    assert [u["value"] for u in detail["unknown"]] == ["qqqzzz"] or "qqqzzz" in [u["value"] for u in detail["unknown"]]


def test_unknown_name_in_post_is_404_with_suggestions(client: TestClient) -> None:
    response = client.post("/api/v1/interactions", json=["baclofen", "alprazolum"])
    if response.status_code == 200:  # a close typo may be corrected instead
        assert any(s["corrected"] for s in response.json()["substances"])
    else:
        assert response.status_code == 404
        assert response.json()["detail"]["suggestions"]


@pytest.mark.parametrize("value", ["baclofen", "baclofen,,", " , "])
def test_fewer_than_two_names_is_422_naming_the_parameter(client: TestClient, value: str) -> None:
    response = client.get("/api/v1/interactions", params={"substances": value})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "substances"]


def test_missing_parameter_is_422(client: TestClient) -> None:
    response = client.get("/api/v1/interactions")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "substances"]


@pytest.mark.parametrize("body", [["baclofen"], [], ["x" * 101, "alcohol"], {"names": ["a", "b"]}, "baclofen"])
def test_bad_post_body_is_422(client: TestClient, body: object) -> None:
    assert client.post("/api/v1/interactions", json=body).status_code == 422


def test_openapi_lists_both_routes(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/interactions"])
