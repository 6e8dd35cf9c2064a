"""``/substances/{name}``: any name a monograph lists leads to that monograph's one address; any other name is a
404 that offers similar names as links, never opening one in its place (#11)."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from recoverynav.knowledge import load_catalog
from tests.names import listed_as, unlisted_typo

CATALOG = load_catalog()
# Every name a monograph lists, as written, except those holding "/": a URL reads that as a path separator (such
# a name is found with ?q= instead).
LISTED = sorted({(s.id, n) for s in CATALOG.substances.values() for n in (s.id, *s.names.all()) if "/" not in n})


@pytest.mark.parametrize(("sid", "name"), LISTED)
def test_a_listed_name_leads_to_its_monograph(client: TestClient, sid: str, name: str) -> None:
    response = client.get(f"/substances/{quote(name, safe='')}", follow_redirects=False)
    if name == sid:
        assert response.status_code == 200
    else:
        assert response.status_code == 303 and response.headers["location"] == f"/substances/{quote(sid, safe='')}"


@pytest.mark.parametrize("sid", sorted(CATALOG.substances)[:: max(1, len(CATALOG.substances) // 6)])
def test_case_and_spacing_of_an_id_lead_to_it(client: TestClient, sid: str) -> None:
    response = client.get(f"/substances/{quote(sid.upper(), safe='')}")
    assert response.status_code == 200 and str(response.url).endswith(f"/substances/{sid}")


@pytest.mark.parametrize(
    "generic", sorted(s.names.generic for s in CATALOG.substances.values() if len(s.names.generic) >= 7)
)
def test_an_unlisted_typo_is_404_with_links(client: TestClient, generic: str) -> None:
    typo = unlisted_typo(generic)
    assert not listed_as(typo)
    response = client.get(f"/substances/{quote(typo, safe='')}", follow_redirects=False)
    assert response.status_code == 404
    assert f'<a href="/substances?q={quote(generic)}">{generic}</a>' in response.text


@pytest.mark.parametrize(
    ("sid", "name"), sorted({(s.id, n) for s in CATALOG.substances.values() for n in s.names.all() if "/" in n})
)
def test_a_listed_name_with_a_slash_is_found_with_the_search_box(client: TestClient, sid: str, name: str) -> None:
    response = client.get("/substances", params={"q": name})
    assert response.status_code == 200 and str(response.url).endswith(f"/substances/{sid}")
