"""Substance pages show names as the monographs write them, and never open a drug for a name it does not list."""

from __future__ import annotations

import html

import pytest
from fastapi.testclient import TestClient

from recoverynav.knowledge import load_catalog
from recoverynav.knowledge.names import heading_case
from tests.names import unlisted_typo

CATALOG = load_catalog()
LONG_GENERICS = sorted(s.names.generic for s in CATALOG.substances.values() if len(s.names.generic) >= 7)


@pytest.mark.parametrize("sid", sorted(CATALOG.substances))
def test_article_heading_classes_and_members_read_as_written(client: TestClient, sid: str) -> None:
    """ "MAOIs", not "Maois"; class labels and members' own names, never ids such as "ssris" (#11)."""
    substance = CATALOG.substances[sid]
    page = html.unescape(client.get(f"/substances/{sid}").text)
    assert f"<h1>{heading_case(substance.names.generic)}</h1>" in page
    assert f"<title>{heading_case(substance.names.generic)}" in page
    assert ", ".join(CATALOG.classes[c].label for c in substance.classes) in page
    for member in substance.members:
        shown = CATALOG.substances[member].names.generic
        assert f'<a href="/substances/{member}">{shown}</a>' in page


def test_index_lists_names_with_their_capitals(client: TestClient) -> None:
    page = html.unescape(client.get("/substances").text)
    for substance in CATALOG.substances.values():
        assert f'<a href="/substances/{substance.id}">{heading_case(substance.names.generic)}</a>' in page


def test_there_are_names_whose_capitals_matter() -> None:
    # The two tests above are only meaningful if some name carries capitals after its first letter.
    assert any(s.names.generic[1:] != s.names.generic[1:].lower() for s in CATALOG.substances.values())


@pytest.mark.parametrize(
    "generic", sorted(s.names.generic for s in CATALOG.substances.values() if len(s.names.generic) >= 7)
)
def test_an_unlisted_typo_is_searched_never_opened(client: TestClient, generic: str) -> None:
    typo = unlisted_typo(generic)
    page = client.get("/substances", params={"q": typo}, follow_redirects=False)
    assert page.status_code == 200
    assert html.unescape(page.text).count(generic) >= 1


def test_an_unlisted_id_suggests_without_opening(client: TestClient) -> None:
    page = client.get(f"/substances/{unlisted_typo('baclofen')}")
    assert page.status_code == 404 and '<a href="/substances?q=baclofen">baclofen</a>' in page.text
