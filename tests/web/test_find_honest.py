"""/find on the bundled data: every tel: link dials (E.164), and no search ends on an empty page that says nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from recoverynav.app import create_app
from recoverynav.directory.phones import TEL_PATTERN
from recoverynav.directory.repository import FacilityRepository
from recoverynav.emergency import contacts_for
from recoverynav.placement import Facts, recommend_level
from recoverynav.storage import prepare_database
from recoverynav.web.deps import facility_repository
from recoverynav.web.finder_links import finder_href
from tests.seeded import seed_sqlite

# Places across the country, big and small, with and without bundled listings nearby.
PLACES = ["22902", "Los Angeles, CA", "Stockton, CA", "Indianapolis, IN", "Birmingham, AL", "Des Moines, IA",
          "Austin TX", "NYC", "Vermont", "Bismarck, ND", "Anchorage, AK", "Honolulu, HI", "Worcester, MA"]  # fmt: skip
# tel: targets other than listings: the emergency and crisis short codes (911, 988).
SHORT_CODE = re.compile(r"^tel:\d{3}$")
# The emergency box's numbers come from emergency/numbers.yaml (another area, dialled as digits); not listings.
EMERGENCY_LINES = {
    f"tel:{line.tel}" for c in [contacts_for("US")] for line in [*c.crisis_lines, c.poison_centre] if line
}


@pytest.fixture(scope="module")
def honest_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    path: Path = tmp_path_factory.mktemp("honest") / "find.sqlite3"
    repo: FacilityRepository = prepare_database(f"sqlite:///{seed_sqlite(path)}")
    app = create_app()
    app.dependency_overrides[facility_repository] = lambda: repo
    with TestClient(app) as client:
        yield client


def _tel_links(html: str) -> list[str]:
    return re.findall(r'href="(tel:[^"]*)"', html)


def _cards(html: str) -> list[str]:
    return re.findall(r'<h3><a href="(/facilities/[^"]+)"', html)


@pytest.mark.parametrize("near", PLACES)
def test_every_tel_link_on_results_and_facility_pages_dials(honest_client: TestClient, near: str) -> None:
    page = honest_client.get("/find", params={"near": near, "radius": "100"})
    assert page.status_code == 200
    pages = [page.text] + [honest_client.get(url).text for url in _cards(page.text)[:5]]
    for html in pages:
        for tel in set(_tel_links(html)) - EMERGENCY_LINES:
            assert TEL_PATTERN.fullmatch(tel) or SHORT_CODE.fullmatch(tel), tel


def test_an_extension_is_dialled_and_shown(honest_client: TestClient) -> None:
    # California's licensing list gives numbers such as "(213) 744-8186 X202"; one card per site means such a
    # listing may sit on any page of the results, so read pages until one shows an extension.
    extensions: list[tuple[str, str]] = []
    for number in range(1, 31):
        params = {"near": "Los Angeles, CA", "radius": "10", "page": str(number)}
        page = honest_client.get("/find", params=params).text
        extensions += re.findall(r'href="tel:\+1\d{10};ext=(\d+)">[^<]* ext\. (\d+)</a>', page)
        if extensions or not _cards(page):
            break
    assert extensions and all(dialled == shown for dialled, shown in extensions)


def _says_why_when_empty(client: TestClient, url: str) -> str:
    html = client.get(url).text
    if _cards(html):
        return "results"
    assert 'id="empty-result"' in html, url
    assert "Nothing found: " in html and 'href="tel:+18006624357"' in html
    wider = re.search(r'<a href="([^"]+)">Search within (\d+) miles</a>', html)
    if wider:
        assert _cards(client.get(wider.group(1).replace("&amp;", "&")).text), "the offered radius finds nothing"
    return "explained"


@pytest.mark.parametrize("near", PLACES)
def test_the_treatment_suggestions_finder_links_never_end_on_a_silent_empty_page(
    honest_client: TestClient, near: str
) -> None:
    for facts in (
        Facts(substances=["oxycodone"], daily_use=True, withdrawal_symptoms="moderate", near=near),
        Facts(substances=["alcohol"], daily_use=True, withdrawal_symptoms="severe", near=near),
    ):
        rec = recommend_level(facts)
        for query in [rec.finder_query, *(link.query for link in rec.medication_finder_links)]:
            _says_why_when_empty(honest_client, finder_href(query))


@pytest.mark.parametrize(
    "params",
    [
        {"near": "22902", "radius": "10", "type": "DT"},
        {"near": "Austin TX", "payment": "none"},
        {"near": "Bismarck, ND", "radius": "5", "medication": "METH"},
        {"near": "Honolulu, HI", "radius": "5"},
    ],
)
def test_zero_results_say_what_why_and_what_next(honest_client: TestClient, params: dict[str, str]) -> None:
    assert _says_why_when_empty(honest_client, "/find?" + "&".join(f"{k}={v}" for k, v in params.items()))
