"""``/api/v1/facilities``: search near a place, one facility, 422 naming the parameter, 404 for unknown ids."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from recoverynav.app import create_app


@pytest.fixture()
def api(bundled_database: str) -> Iterator[TestClient]:
    with TestClient(create_app()) as client:
        yield client


def test_search_near_a_zip_with_codes(api: TestClient) -> None:
    response = api.get("/api/v1/facilities", params={"near": "22902", "radius_miles": 10, "codes": "MD,SA"})
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 5 and body["page"] == 1 and body["origin"]["label"] == "22902 (Charlottesville, VA)"
    distances = [r["distance_miles"] for r in body["results"]]
    assert distances == sorted(distances)
    first = body["results"][0]
    assert {"MD", "SA"} <= set(first["codes"])
    assert first["source"] and "confirm" in first["notice"]
    # One card per site: the 2019 listing is one of the site's sources, each with its year.
    assert any(source["year"] == 2019 for source in first["sources"])
    assert first["snapshot_year"] == max(source["year"] for source in first["sources"])


def test_one_facility_and_unknown_ones(api: TestClient) -> None:
    frid = "811a908f82269778a2fe2a8bc603afa08df868f3e2fa56aa62e214d03997dea1"
    found = api.get(f"/api/v1/facilities/{frid}")
    assert found.status_code == 200 and found.json()["name"] == "Region Ten Community Services Board"
    missing = api.get("/api/v1/facilities/nope")
    assert missing.status_code == 404 and missing.json()["detail"]["field"] == "frid"


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"near": "22902", "radius_miles": "0"}, "radius_miles"),
        ({"near": "22902", "radius_miles": "far"}, "radius_miles"),
        ({"near": "22902", "page_size": "1000"}, "page_size"),
        ({"near": "22902", "codes": "D T"}, "codes"),
        ({"near": "22902", "codes": "DT,XX"}, "codes"),
        ({"near": "22902", "facility_type": "rehab"}, "facility_type"),
        ({"nearest": "4"}, "near"),
        ({"near": "Charlotesville, VA"}, "near"),
    ],
)
def test_bad_parameters_are_422_naming_the_parameter(api: TestClient, params: dict[str, str], parameter: str) -> None:
    response = api.get("/api/v1/facilities", params=params)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == parameter


def test_unknown_place_suggests(api: TestClient) -> None:
    response = api.get("/api/v1/facilities", params={"near": "Charlotesville, VA"})
    assert "Charlottesville, VA" in response.json()["detail"][0]["suggestions"]
