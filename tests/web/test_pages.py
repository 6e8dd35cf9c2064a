"""Server-rendered pages: every page carries the emergency box, the helpline and the footer."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from recoverynav.settings import get_settings
from recoverynav.web.navigation import CAPABILITIES


@pytest.mark.parametrize("path", ["/", "/substances", "/substances/baclofen", "/substances/no-such-thing"])
def test_every_page_has_emergency_box_helpline_and_footer(client: TestClient, path: str) -> None:
    html = client.get(path).text
    assert 'aria-label="Emergency help"' in html
    assert 'href="tel:911"' in html
    assert 'href="/overdose"' in html
    assert "SAMHSA National Helpline" in html and "1-800-662-4357" in html
    assert "not medical advice" in html


def test_home_links_every_capability(client: TestClient) -> None:
    html = client.get("/").text
    for cap in CAPABILITIES:
        assert f'href="{cap.path}"' in html


def test_article_has_contents_citations_and_reference_list(client: TestClient) -> None:
    html = client.get("/substances/baclofen").text
    assert 'aria-label="On this page"' in html
    assert 'href="#ref-1"' in html and 'id="ref-1"' in html
    assert 'href="#overdose"' in html


def test_search_redirects_exact_names_and_lists_typos(client: TestClient) -> None:
    response = client.get("/substances", params={"q": "Lioresal"}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/substances/baclofen"
    response = client.get("/substances", params={"q": "bacloffenn"})
    assert response.status_code == 200 and "/substances/baclofen" in response.text


def test_operator_helpline_comes_from_settings(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECOVERYNAV_HELPLINE_NAME", "Valley Crisis Line")
    monkeypatch.setenv("RECOVERYNAV_HELPLINE_NUMBER", "1-555-0100")
    get_settings.cache_clear()
    try:
        html = client.get("/").text
        assert "Valley Crisis Line" in html and 'href="tel:15550100"' in html
    finally:
        get_settings.cache_clear()


def test_reference_list_ends_each_part_once_and_links_to_check(client: TestClient) -> None:
    page = client.get("/substances/cocaine")
    assert page.status_code == 200
    assert "n.d.." not in page.text and "?</a>." not in page.text
    assert 'href="/check"' in page.text


@pytest.mark.parametrize(("typed", "meant"), [("baclophen", "baclofen"), ("baclofen high", "baclofen")])
def test_search_says_which_drug_a_typo_meant(client: TestClient, typed: str, meant: str) -> None:
    html = client.get("/substances", params={"q": typed}).text
    assert f'did you mean <a href="/substances/{meant}">{meant}</a>?' in html


def test_substance_page_shows_the_withdrawal_table_row(client: TestClient) -> None:
    """#11: one table for placement and monographs: methamphetamine's page says stopping is rarely dangerous."""
    html = client.get("/substances/methamphetamine").text
    section = html[html.index('id="stopping"') :]
    assert "rarely life-threatening" in section[:1500] and 'href="#ref-' in section[:1500]
    assert 'href="#stopping"' in html
