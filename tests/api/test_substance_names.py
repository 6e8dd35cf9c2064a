"""``GET /api/v1/substances/{name}``: any name a monograph lists answers that monograph, with its canonical id in
the body and ``Content-Location``; any other name is a 404 with suggestions (#11)."""

from __future__ import annotations

from urllib.parse import quote

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recoverynav.knowledge import load_catalog
from tests.names import unlisted_typo

CATALOG = load_catalog()
# Every name a monograph lists, as written, except those holding "/": a URL reads that as a path separator (such
# a name is found with ?q= instead).
LISTED = sorted({(s.id, n) for s in CATALOG.substances.values() for n in (s.id, *s.names.all()) if "/" not in n})
LONG_GENERICS = sorted(s.names.generic for s in CATALOG.substances.values() if len(s.names.generic) >= 7)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(listed=st.sampled_from(LISTED))
def test_a_listed_name_answers_its_monograph(client: TestClient, listed: tuple[str, str]) -> None:
    sid, name = listed
    response = client.get(f"/api/v1/substances/{quote(name, safe='')}", follow_redirects=False)
    assert response.status_code == 200
    assert response.json()["id"] == sid
    assert response.headers["content-location"] == f"/api/v1/substances/{quote(sid, safe='')}"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(generic=st.sampled_from(LONG_GENERICS))
def test_an_unlisted_typo_is_404_with_the_name_to_confirm(client: TestClient, generic: str) -> None:
    response = client.get(f"/api/v1/substances/{quote(unlisted_typo(generic), safe='')}")
    assert response.status_code == 404
    assert generic in response.json()["detail"]["suggestions"]


def test_openapi_documents_the_canonical_id(client: TestClient) -> None:
    route = client.get("/openapi.json").json()["paths"]["/api/v1/substances/{substance_id}"]["get"]
    assert "Content-Location" in route["responses"]["200"]["headers"] and "404" in route["responses"]
