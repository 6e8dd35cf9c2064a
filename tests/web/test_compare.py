"""Compare, the signs-of-quality method page and questions to ask: web pages and API, on one fresh database."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from recoverynav.api.deps import facility_repository as repository
from recoverynav.app import create_app
from recoverynav.directory import Facility
from recoverynav.directory.compare import CompareError, checked_frids, compare_facilities
from recoverynav.directory.quality import quality_table
from recoverynav.directory.questions import load_questions, questions_for
from recoverynav.directory.repository import FacilityRepository, ImportRun
from recoverynav.references import get_reference
from recoverynav.storage import prepare_database
from recoverynav.web.deps import facility_repository
from recoverynav.web.static_files import static_url
from tests.seeded import seed_sqlite

HOSTILE = '<script>alert("x")</script> Clinic'


def _site(frid: str, name: str, codes: list[str], lat: float) -> Facility:
    return Facility(
        frid=frid,
        name=name,
        city="Charlottesville",
        state="VA",
        zip="22902",
        latitude=lat,
        longitude=-78.48,
        codes=codes,
        source="Test listing",
        dataset="test-compare",
        snapshot_year=2024,
    )


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> FacilityRepository:
    path: Path = tmp_path_factory.mktemp("compare") / "compare.sqlite3"
    repository_ = prepare_database(f"sqlite:///{seed_sqlite(path)}")
    sites = [
        _site("cmp-a", "Alpha Recovery", ["SA", "OP", "BU", "BUM", "MD", "SP", "JC", "HIVT"], 38.03),
        _site("cmp-b", "Beta House", ["SA", "RES", "DB", "BU", "PI", "STAG", "DAUT"], 38.05),
        _site("cmp-c", HOSTILE, [], 38.07),
    ]
    repository_.upsert(sites, ImportRun(dataset="test-compare", source_name="test", sha256="1" * 64, rows=3))
    return repository_


@pytest.fixture(scope="module")
def client(repo: FacilityRepository) -> Iterator[TestClient]:
    app = create_app()
    app.dependency_overrides[facility_repository] = lambda: repo
    app.dependency_overrides[repository] = lambda: repo
    with TestClient(app) as test_client:
        yield test_client


@pytest.mark.parametrize(
    ("frids", "message"),
    [
        ([], "give two or three"),
        (["a"], "give two or three .*; 1 was given"),
        (["a", "b", "c", "d"], "at most 3"),
        (["a", "a"], "'a' is given more than once"),
        (["a", "b", " a "], "'a' is given more than once"),
        (["  ", "b"], "not a facility id"),
        (["x" * 81, "b"], "not a facility id"),
        (["a\x00b", "b"], "not a facility id"),
    ],
)
def test_bad_lists_name_the_frid_field(frids: list[str], message: str) -> None:
    with pytest.raises(CompareError, match=message) as caught:
        checked_frids(frids)
    assert caught.value.field == "frid"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "c", "d", " a", "b ", "x" * 81, "", "e\x01"]), max_size=5))
def test_a_list_is_compared_only_when_it_names_two_or_three_different_ids(frids: list[str]) -> None:
    stripped = [f.strip() for f in frids]
    valid = all(0 < len(f) <= 80 and f.isprintable() for f in stripped)
    expected_ok = valid and len(set(stripped)) == len(stripped) and 2 <= len(stripped) <= 3
    try:
        assert checked_frids(frids) == stripped and expected_ok
    except CompareError as exc:
        assert not expected_ok and exc.field == "frid"


def test_comparison_rows_follow_each_facility(repo: FacilityRepository) -> None:
    comparison = compare_facilities(["cmp-a", "cmp-b"], repo, near="22902")
    rows = {row.id: row.values for row in comparison.rows}
    assert [h.frid for h in comparison.facilities] == ["cmp-a", "cmp-b"]
    assert rows["medications"] == [["Buprenorphine"], ["Buprenorphine"]]
    # Beta House uses buprenorphine only for detox: the row shows it, and the medication sign is a "No".
    assert rows["opioid_treatment"] == [["Buprenorphine maintenance"], ["Buprenorphine detoxification"]]
    assert rows["languages"] == [["Spanish"], []]
    assert rows["sign:moud"][0][0].startswith("Yes (buprenorphine)") and rows["sign:moud"][1][0].startswith("No")
    assert rows["sign:accredited"][0][0].startswith("Yes") and rows["sign:licensed"][1][0].startswith("Yes")
    assert all(cell and cell[0].endswith("miles") for cell in rows["distance"])
    assert rows["sources"] == [["Test listing, 2024"], ["Test listing, 2024"]]
    assert "distance" not in {row.id for row in compare_facilities(["cmp-a", "cmp-b"], repo).rows}


def test_compare_page_sets_facilities_side_by_side_escaped(client: TestClient) -> None:
    response = client.get("/facilities/compare", params=[("frid", "cmp-a"), ("frid", "cmp-c"), ("near", "22902")])
    html = response.text
    assert response.status_code == 200
    assert "Alpha Recovery" in html and "&lt;script&gt;" in html and "<script>alert" not in html
    assert 'id="row-sign-moud"' in html and 'id="row-distance"' in html
    assert f'href="{static_url("print.css")}" media="print"' in html


@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ("", 422, "frid: give two or three"),
        ("?frid=cmp-a", 422, "frid: give two or three facility ids (frid) to compare; 1 was given"),
        ("?frid=cmp-a&frid=cmp-b&frid=cmp-c&frid=x", 422, "frid: compare at most 3"),
        ("?frid=cmp-a&frid=cmp-a", 422, "frid: 'cmp-a' is given more than once"),
        ("?frid=cmp-a&frid=%20", 422, "frid: ' ' is not a facility id"),
        ("?frid=cmp-a&frid=nope", 404, "frid: No facility with frid"),
        ("?frid=cmp-a&frid=cmp-b&near=nowhere-at-all", 422, "near: Unknown place"),
    ],
)
def test_compare_page_bad_input_names_the_field(client: TestClient, query: str, status: int, message: str) -> None:
    response = client.get("/facilities/compare" + query)
    assert response.status_code == status
    assert message in response.text.replace("&#39;", "'")


def test_results_carry_add_to_compare_boxes_in_a_get_form(client: TestClient) -> None:
    html = client.get("/find", params={"near": "22902", "radius": "5"}).text
    form = re.search(r'<form method="get" action="/facilities/compare".*?</form>', html, re.S)
    assert form is not None
    boxes = re.findall(r'<input type="checkbox" name="frid" value="([^"]+)" id="compare-\1">', form.group(0))
    cards = re.findall(r'<h3><a href="/facilities/([^"]+)"', form.group(0))
    assert boxes == cards and boxes
    assert '<input type="hidden" name="near" value="22902">' in form.group(0)


def test_facility_page_shows_signs_and_links_questions_and_compare(client: TestClient) -> None:
    html = client.get("/facilities/cmp-a").text
    assert "<caption>Signs of quality" in html
    assert re.search(
        r'href="/facilities/quality#sign-moud">Medication for opioid use disorder on site</a></th>'
        r"\s*<td>Yes: buprenorphine",
        html,
    )
    assert 'href="/facilities/cmp-a/questions"' in html
    assert 'href="/find?near=22902&amp;compare=cmp-a#results-heading">Compare with others</a>' in html
    empty = client.get("/facilities/cmp-c").text
    assert empty.count("Not reported") == len(quality_table().signs)


def test_compare_with_others_searches_near_the_facility_with_it_ticked(client: TestClient) -> None:
    """Every facility page's "Compare with others" lands on results where that facility is already chosen; every
    facility page also links its questions and carries the report form."""
    for frid in ("cmp-a", "cmp-b", "cmp-c"):
        html = client.get("/facilities/" + frid).text
        assert f'href="/facilities/{frid}/questions"' in html and f'action="/facilities/{frid}/report"' in html
        link = re.search(r'href="(/find\?[^"]+)">Compare with others</a>', html)
        assert link is not None
        page = client.get(link.group(1).replace("&amp;", "&"))
        assert page.status_code == 200
        checked = re.findall(r'<input type="checkbox" name="frid" value="([^"]+)"[^>]* checked>', page.text)
        assert checked == [frid]
        # The ticked facility and one more box send a valid comparison.
        other = next(f for f in ("cmp-a", "cmp-b", "cmp-c") if f != frid)
        assert client.get("/facilities/compare", params=[("frid", frid), ("frid", other)]).status_code == 200
    # Outside the results shown, it still comes ticked at the top of the form, and a new search keeps it.
    far = client.get("/find", params={"near": "90210", "radius": "5", "compare": "cmp-a"}).text
    assert re.search(r'<input type="checkbox" name="frid" value="cmp-a" id="compare-with" checked>', far)
    assert '<input type="hidden" name="compare" value="cmp-a">' in far
    unknown = client.get("/find", params={"near": "22902", "compare": "nope"})
    assert unknown.status_code == 422 and "compare: " in unknown.text


def test_method_page_explains_every_sign_and_cites_rti_and_niaaa(client: TestClient) -> None:
    html = client.get("/facilities/quality").text
    for rule in quality_table().signs:
        assert f'id="sign-{rule.id}"' in html
    for source in ("rti-mark-2020-signs-of-higher-quality", "niaaa-navigator-choose-quality-care"):
        assert get_reference(source).link in html
    assert "Not reported" in html


@pytest.mark.parametrize(("care", "medication"), [("", ""), ("DT", ""), ("RES", "METH"), ("op", "bu"), ("", "NU")])
def test_questions_page_lists_the_tailored_questions_with_sources(
    client: TestClient, care: str, medication: str
) -> None:
    html = client.get("/questions", params={"care": care, "medication": medication}).text
    expected = questions_for(care, medication).questions
    assert re.findall(r'<li id="q-([a-z_]+)">', html) == [q.id for q in expected]
    for q in expected:
        for source in q.cites:
            assert get_reference(source).link in html


def test_tailoring_adds_only_the_questions_for_that_choice() -> None:
    general = {q.id for q in questions_for().questions}
    for q in load_questions().questions:
        chosen = {x.id for x in questions_for(care=(q.care or [""])[0], medication=(q.medication or [""])[0]).questions}
        assert general <= chosen and q.id in chosen


def test_facility_questions_page_names_the_facility(client: TestClient) -> None:
    response = client.get("/facilities/cmp-c/questions", params={"care": "DT"})
    assert response.status_code == 200
    assert "&lt;script&gt;" in response.text and 'id="q-detox_next"' in response.text
    assert client.get("/facilities/nope/questions").status_code == 404


@pytest.mark.parametrize(("params", "field"), [({"care": "XX"}, "care"), ({"medication": "<b>"}, "medication")])
def test_questions_bad_choice_is_422_naming_the_field(client: TestClient, params: dict[str, str], field: str) -> None:
    page = client.get("/questions", params=params)
    assert page.status_code == 422 and f"{field}: " in page.text and "<b>" not in page.text
    api = client.get("/api/v1/questions", params=params)
    assert api.status_code == 422 and api.json()["detail"][0]["loc"] == ["query", field]


def test_api_compare_is_typed_and_carries_signs(client: TestClient) -> None:
    body = client.get("/api/v1/facilities/compare", params=[("frid", "cmp-a"), ("frid", "cmp-b")]).json()
    assert [f["frid"] for f in body["facilities"]] == ["cmp-a", "cmp-b"]
    sign = body["facilities"][0]["quality_signs"][0]
    assert set(sign) >= {"id", "label", "status", "source", "year"} and sign["status"] == "yes"
    assert body["rows"][0]["id"] == "care" and body["origin"] is None


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ([], 422),
        ([("frid", "cmp-a")], 422),
        ([("frid", f"f{i}") for i in range(4)], 422),
        ([("frid", "cmp-a"), ("frid", "cmp-a")], 422),
        ([("frid", "cmp-a"), ("frid", "x" * 200)], 422),
        ([("frid", "cmp-a"), ("frid", "nope")], 404),
        ([("frid", "cmp-a"), ("frid", "cmp-b"), ("near", "nowhere-at-all")], 422),
    ],
)
def test_api_compare_bad_input_names_the_field(client: TestClient, params: list[tuple[str, str]], status: int) -> None:
    response = client.get("/api/v1/facilities/compare", params=tuple(params))
    assert response.status_code == status
    detail = response.json()["detail"]
    # A list parameter's item is located as ("query", "frid", 0): the field is the last name in the location.
    field = detail["field"] if isinstance(detail, dict) else [p for p in detail[0]["loc"] if isinstance(p, str)][-1]
    assert field == ("near" if any(k == "near" for k, _ in params) else "frid")


def test_api_facility_results_and_detail_carry_quality_signs(client: TestClient) -> None:
    detail = client.get("/api/v1/facilities/cmp-b").json()
    assert {s["id"]: s["status"] for s in detail["quality_signs"]}["moud"] == "no"
    found = client.get("/api/v1/facilities", params={"near": "22902", "radius_miles": 5}).json()["results"]
    assert all(len(hit["quality_signs"]) == len(quality_table().signs) for hit in found)
    assert client.get("/api/v1/facilities/quality").json()["signs"][0]["id"] == "moud"


# --- Spanish ------------------------------------------------------------------------------------------------------


def _main(client: TestClient, url: str) -> str:
    page = client.get(url).text
    return page[page.index('<main id="main">') :]


def test_the_facility_page_in_spanish_names_the_signs_in_spanish_and_marks_the_service_names(
    client: TestClient,
) -> None:
    main = _main(client, "/facilities/cmp-a?lang=es")
    assert "Señales de calidad" in main and "Medicamentos para el trastorno por consumo de opioides" in main
    assert "Medication for opioid use disorder on site" not in main
    assert ">Servicios</h2>" in main and "¿Hay algún error en este registro?" in main
    assert 'value="wrong_phone" required> El número de teléfono es incorrecto' in main
    # The locator's service names are Spanish (codes.yaml names_es, test_service_names_in_spanish below); the sign's
    # own detail stays English, marked so.
    assert '<ul lang="en"><li>' not in main and 'Sí: <span lang="en">buprenorphine</span>' in main


def test_compare_questions_and_method_in_spanish(client: TestClient) -> None:
    compare = _main(client, "/facilities/compare?frid=cmp-a&frid=cmp-b&lang=es")
    assert "<h1>Comparar centros</h1>" in compare and "2 centros comparados" in compare
    assert '<th scope="row">Tipo de atención</th>' in compare and "Type of care" not in compare
    questions = _main(client, "/facilities/cmp-a/questions?care=DT&lang=es")
    assert "¿La abstinencia tiene supervisión médica" in questions and "Antes de llamar" in questions
    assert '<option value="DT" selected>Desintoxicación (abstinencia supervisada)</option>' in questions
    # Each question keeps its sources in Spanish as in English.
    assert questions.count('class="cite"') == _main(client, "/facilities/cmp-a/questions?care=DT").count('class="cite"')
    method = _main(client, "/facilities/quality?lang=es")
    assert "Telesalud" in method and "Códigos de la encuesta: CT, TELE" in method
    bad = client.get("/questions?care=nope&lang=es")
    assert bad.status_code == 422 and "no es una opción" in bad.text


def _escaped(text: str) -> str:
    from html import escape

    return escape(text, quote=False)


@pytest.mark.parametrize("frid", ["cmp-a", "cmp-b"])
def test_service_names_in_spanish_on_the_facility_page(client: TestClient, repo: FacilityRepository, frid: str) -> None:
    """#19: every category heading and service name is the catalogue's Spanish; a proper name stays English, marked."""
    from recoverynav.directory import group_by_category

    facility = repo.get(frid)
    assert facility is not None
    spanish, english = _main(client, f"/facilities/{frid}?lang=es"), _main(client, f"/facilities/{frid}?lang=en")
    groups = group_by_category(facility.codes)
    assert groups
    for category, services in groups:
        assert f"<h3>{_escaped(category.label_es)}</h3>" in spanish
        assert f"<h3>{_escaped(category.label)}</h3>" in english
        for service in services:
            assert f"<li>{_escaped(service.plain)}</li>" in english
            if service.plain_es:
                assert f"<li>{_escaped(service.plain_es)}</li>" in spanish
                assert f"<li>{_escaped(service.plain)}</li>" not in spanish or service.plain == service.plain_es
            else:
                assert f'<li><span lang="en">{_escaped(service.plain)}</span></li>' in spanish


def test_service_names_in_spanish_on_compare_and_the_finders_cards(
    client: TestClient, repo: FacilityRepository
) -> None:
    from recoverynav.directory import catalogue
    from recoverynav.directory.codes import headline_services, spanish_names
    from recoverynav.directory.compare import SERVICE_ROWS

    known = catalogue()
    compare = _main(client, "/facilities/compare?frid=cmp-a&frid=cmp-b&lang=es")
    shown = [known[c] for frid in ("cmp-a", "cmp-b") for c in repo.get(frid).codes]  # type: ignore[union-attr]
    service_rows = {category for _, _, categories in SERVICE_ROWS for category in categories}
    for code in (c for c in shown if c.category in service_rows):
        assert _escaped(code.plain_in("es")) in compare, code.code
    results = _main(client, "/find?near=22902&lang=es")
    for frid in ("cmp-a", "cmp-b"):
        for name in headline_services(repo.get(frid).codes):  # type: ignore[union-attr]
            assert _escaped(spanish_names()[name]) in results, name
    assert '<p class="services" lang="en">' not in results
