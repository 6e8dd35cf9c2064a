"""/find and /facilities/{frid} with TestClient, on a fresh SQLite database holding the bundled SAMHSA files."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from recoverynav.app import create_app
from recoverynav.directory import Facility, FacilityQuery, search_facilities
from recoverynav.directory.repository import FacilityRepository, ImportRun
from recoverynav.settings import get_settings
from recoverynav.storage import prepare_database
from recoverynav.web.deps import facility_repository
from recoverynav.web.static_files import static_url
from tests.seeded import seed_sqlite


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> FacilityRepository:
    path: Path = tmp_path_factory.mktemp("find") / "find.sqlite3"
    repository = prepare_database(f"sqlite:///{seed_sqlite(path)}")
    demo = Facility(
        frid="demo-find-1",
        name="Demo Recovery House",
        city="Charlottesville",
        state="VA",
        zip="22902",
        latitude=38.03,
        longitude=-78.48,
        codes=["SA", "RES", "MD"],
        source="recoverynav synthetic demo data",
        dataset="demo",
        snapshot_year=2026,
        synthetic=True,
    )
    repository.upsert([demo], ImportRun(dataset="demo", source_name="test", sha256="0" * 64, rows=1))
    return repository


@pytest.fixture(scope="module")
def find_client(repo: FacilityRepository) -> Iterator[TestClient]:
    app = create_app()
    app.dependency_overrides[facility_repository] = lambda: repo
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture()
def demo_on(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("RECOVERYNAV_SHOW_DEMO_DATA", "true")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def _frids(html: str) -> list[str]:
    return re.findall(r'<h3><a href="/facilities/([^"]+)"', html)


def _map_data(html: str) -> dict[str, object]:
    match = re.search(r'<script type="application/json" id="find-map-data">(.*?)</script>', html, re.S)
    assert match is not None
    data: dict[str, object] = json.loads(match.group(1))
    return data


def test_form_without_a_place_asks_for_one_and_labels_every_field(find_client: TestClient) -> None:
    html = find_client.get("/find").text
    for field in ("near", "radius", "type", "medication", "language", "age"):
        assert f'<label for="{field}">' in html and f'id="{field}"' in html
    assert "<legend>How will you pay?</legend>" in html
    assert "Enter a ZIP code or a city" in html and 'id="find-map"' not in html


def test_results_show_distance_phone_source_notice_credit_and_map(find_client: TestClient) -> None:
    response = find_client.get("/find", params={"near": "22902", "radius": "10"})
    html = response.text
    assert response.status_code == 200
    assert "within 10 miles of 22902" in html
    assert re.search(r'class="distance">\d+\.\d miles<', html)
    assert re.search(r'href="tel:\+1\d{10}"', html)
    assert "Call to confirm services and openings" in html
    assert "2019" in html and "Source: SAMHSA, FindTreatment.gov" in html
    assert 'id="find-map"' in html and static_url("vendor/leaflet/leaflet.js") in html
    points = _map_data(html)["points"]
    assert isinstance(points, list) and len(points) == len(_frids(html))


def test_results_are_nearest_first(find_client: TestClient) -> None:
    html = find_client.get("/find", params={"near": "22902", "radius": "25"}).text
    miles = [float(m) for m in re.findall(r'class="distance">([\d.]+) miles<', html)]
    assert miles == sorted(miles) and miles


@pytest.mark.parametrize(
    ("params", "groups"),
    [
        ({"payment": "medicaid"}, [["MD"]]),
        ({"payment": "none"}, [["NP", "SS", "PA", "SF"]]),
        ({"payment": "none", "type": "OP"}, [["NP", "SS", "PA", "SF"], ["OP", "ORT", "OIT", "ODT", "OMB"]]),
        ({"language": "SP"}, [["SP"]]),
        ({"age": "CHLD"}, [["CHLD", "AD"]]),
        ({"code": ["MD", "SA"]}, [["MD"], ["SA"]]),
    ],
)
def test_filters_keep_only_facilities_with_a_code_of_every_group(
    find_client: TestClient, repo: FacilityRepository, params: dict[str, str | list[str]], groups: list[list[str]]
) -> None:
    html = find_client.get("/find", params={"near": "22902", "radius": "50", **params}).text
    shown = _frids(html)
    everything = search_facilities(FacilityQuery(near="22902", radius_miles=50, page_size=100), repo).results
    expected = [h.frid for h in everything if all(set(h.codes) & set(g) for g in groups)]
    assert shown == expected[:20]
    assert f">{len(expected)} facilit" in html


def test_placement_link_with_repeated_codes_prefills_the_form(find_client: TestClient) -> None:
    html = find_client.get("/find?code=DT&code=HI&near=22902").text
    assert 'name="code" value="DT" checked' in html and 'name="code" value="HI" checked' in html
    assert "Detox (supervised withdrawal)" in html


def test_pagination_links_keep_the_filters(find_client: TestClient) -> None:
    html = find_client.get("/find", params={"near": "94110", "radius": "25", "medication": "BU"}).text
    assert "Page 1 of" in html
    next_url = re.search(r'<a href="([^"]+)" rel="next">', html)
    assert next_url is not None
    target = next_url.group(1).replace("&amp;", "&")
    assert "medication=BU" in target and "page=2" in target
    second = find_client.get(target).text
    assert 'rel="prev"' in second and set(_frids(second)).isdisjoint(_frids(html))


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"near": "22902", "radius": "far"}, "radius: &#39;far&#39; is not a number"),
        ({"near": "22902", "radius": "0"}, "radius: must be between"),
        ({"near": "22902", "code": "ZZZ"}, "code: ZZZ is not a SAMHSA service code"),
        ({"near": "22902", "payment": "gold"}, "payment: &#39;gold&#39; is not an option"),
        ({"near": "22902", "type": "spa"}, "type: &#39;spa&#39; is not an option"),
        ({"near": "22902", "page": "0"}, "page: must be between"),
        ({"near": "Washingtn, VA"}, "near: "),
    ],
)
def test_bad_input_names_the_field(find_client: TestClient, params: dict[str, str], message: str) -> None:
    response = find_client.get("/find", params=params)
    assert response.status_code == 422
    assert 'role="alert"' in response.text and message in response.text


def test_unknown_place_suggests_places(find_client: TestClient) -> None:
    html = find_client.get("/find", params={"near": "Washingtn, VA"}).text
    assert 'href="/find?near=Washington%2C%20VA"' in html


def test_detail_page_lists_services_in_plain_words_by_category(find_client: TestClient) -> None:
    html = find_client.get("/find", params={"near": "22902", "radius": "10", "payment": "none"}).text
    frid = _frids(html)[0]
    page = find_client.get(f"/facilities/{frid}")
    assert page.status_code == 200
    assert "<h2>Services</h2>" in page.text and "<h3>Payment Accepted</h3>" in page.text
    assert "Call to confirm services and openings" in page.text and "Listed by: " in page.text
    assert "SAMHSA FindTreatment.gov locator API, 2019" in page.text
    assert "Source: SAMHSA, FindTreatment.gov" in page.text
    assert len(_map_data(page.text)["points"]) == 1  # type: ignore[arg-type]


def test_unknown_facility_is_404(find_client: TestClient) -> None:
    response = find_client.get("/facilities/no-such-frid")
    assert response.status_code == 404 and "no-such-frid" in response.text


def test_demo_data_is_hidden_unless_switched_on(find_client: TestClient) -> None:
    html = find_client.get("/find", params={"near": "22902", "radius": "5"}).text
    assert "demo-find-1" not in html and "Demo data" not in html
    assert find_client.get("/facilities/demo-find-1").status_code == 404


@pytest.mark.usefixtures("demo_on")
def test_demo_data_when_switched_on_is_marked_on_every_page(find_client: TestClient) -> None:
    html = find_client.get("/find", params={"near": "22902", "radius": "5"}).text
    assert "demo-find-1" in html and "Demo data is switched on" in html
    assert "Demo data — not a real facility" in html
    detail = find_client.get("/facilities/demo-find-1").text
    assert "Demo data is switched on" in detail and "Demo data — not a real facility" in detail
    assert "Demo data is switched on" in find_client.get("/find").text


def test_find_is_in_the_navigation(find_client: TestClient) -> None:
    assert 'href="/find"' in find_client.get("/").text


def test_a_radius_outside_the_menu_stays_selected(find_client: TestClient) -> None:
    html = find_client.get("/find", params={"near": "22902", "radius": "15"}).text
    assert '<option value="15" selected>15 miles</option>' in html and "within 15 miles" in html


def test_no_match_says_how_many_are_listed_without_the_answers(find_client: TestClient) -> None:
    # New York's bundled listings (the MOUD provider list) record no payment or language.
    page = find_client.get("/find", params={"near": "10001", "payment": "medicaid", "language": "SP"})
    assert page.status_code == 200 and _frids(page.text) == []
    shown = re.search(r"(\d+) listings are within 25 miles", page.text)
    assert shown is not None and int(shown.group(1)) > 0
    assert 'href="/find?near=10001&amp;radius=25">Show the ' in page.text
    assert "record no payment information" in page.text


def test_cards_show_every_source_and_the_state_licence_with_its_cc_by_credit(find_client: TestClient) -> None:
    html = find_client.get("/find", params={"near": "Sacramento, CA", "radius": "5"}).text
    cards = html.count('<article class="facility"')
    assert cards and html.count("Listed by: ") == cards
    licensed = html.count("State licence (CA): ")
    assert licensed and html.count("data.ca.gov, CC BY 4.0") == licensed
    assert 'href="https://creativecommons.org/licenses/by/4.0/"' in html


def test_a_2020_only_listing_says_so_and_one_gone_from_2025_warns(
    find_client: TestClient, repo: FacilityRepository
) -> None:
    from recoverynav.directory.models import FLOOR_DATASET, FLOOR_NOTICE, sources_of

    sites = repo.sites_in({"MA"})
    floor_only = next(f for f in sites if {s.dataset for s in sources_of(f)} == {FLOOR_DATASET})
    page = find_client.get(f"/facilities/{floor_only.frid}").text
    assert FLOOR_NOTICE in page
    # Massachusetts has a complete 2025 download, so a 2020 listing missing from it is flagged.
    assert floor_only.still_listed_2025 is False and "Not in SAMHSA's 2025 directory download for MA" in page
