"""``/api/v1/facilities``: parsed phones beside the listed ones, and an ``empty`` explanation for no match."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from recoverynav.app import create_app
from recoverynav.directory.phones import TEL_PATTERN


@pytest.fixture()
def api(bundled_database: str) -> Iterator[TestClient]:
    with TestClient(create_app()) as client:
        yield client


def test_results_keep_the_listed_phone_and_add_parsed_phones(api: TestClient) -> None:
    body = api.get("/api/v1/facilities", params={"near": "Hemet, CA", "radius_miles": 100, "page_size": 100}).json()
    assert body["empty"] is None and body["radius_miles"] == 100
    listed = [r for r in body["results"] if " x" in r["phone"]]
    assert listed
    for result in listed:
        main = result["phones"][0]
        assert main["kind"] == "main" and TEL_PATTERN.fullmatch(main["tel"]) and main["ext"]
        assert main["tel"].endswith(f";ext={main['ext']}") and result["phone"].endswith(main["ext"])


def test_no_match_carries_the_explanation(api: TestClient) -> None:
    body = api.get("/api/v1/facilities", params={"near": "22902", "radius_miles": 10, "codes": "DT"}).json()
    assert body["total"] == 0
    empty = body["empty"]
    assert empty["reason"] == "listings_lack_requested_data" and empty["listings_in_range"] > 0
    assert empty["searched"].endswith("within 10 miles of 22902 (Charlottesville, VA)")
    assert empty["helpline"] == {
        "name": "SAMHSA National Helpline",
        "number": "1-800-662-4357",
        "tel": "tel:+18006624357",
        "hours": "free, confidential, 24 hours a day, 7 days a week, in English and Spanish",
        "source": "samhsa-national-helpline",
    }
    assert [link["medication"] for link in empty["medication_links"]] == ["BU", "METH"]
    # The directory says what to search; the API face adds the web finder's address for it (#14).
    for link in empty["medication_links"]:
        query = link["query"]
        assert query["medication"] == link["medication"] and query["radius_miles"] == link["radius_miles"]
        assert (
            link["url"] == f"/find?medication={query['medication']}&near={query['near']}&radius={query['radius_miles']}"
        )


def test_the_schema_documents_phones_and_empty(api: TestClient) -> None:
    schemas = api.get("/openapi.json").json()["components"]["schemas"]
    assert "phones" in schemas["FacilityHit"]["properties"]
    assert "empty" in schemas["SearchResult"]["properties"] and "EmptyResult" in schemas
