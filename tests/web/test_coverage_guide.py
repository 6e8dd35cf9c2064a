"""/coverage (#17): the form without JavaScript, the cited answer, and finder links that find programs.

The finder links are followed through the app on a fresh database holding the bundled SAMHSA files (SQLite, and
PostgreSQL when configured): the real search a person's click runs.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from recoverynav.app import create_app
from recoverynav.coverage import PAYMENT_TYPES, guide_for, guide_states, payment_types

# States whose bundled listings record payment (the 2019 Charlottesville sample, the 2025 Massachusetts download,
# the California exports) and states across the country whose listings are names and places only.
PAYMENT_RECORDED = ("VA", "MA", "CA")
ELSEWHERE = ("AL", "AK", "TX", "NY", "WY", "DC", "HI", "ND", "FL", "WA", "PR")


@pytest.fixture()
def site(bundled_database: str) -> Iterator[TestClient]:
    with TestClient(create_app()) as client:
        yield client


def _links(page: str) -> list[str]:
    searches = re.search(r'<ul class="coverage-searches">(.*?)</ul>', page, re.S)
    assert searches, "the answer has its search list"
    return [html.unescape(h) for h in re.findall(r'<a href="([^"]+)"', searches.group(1))]


def _found(site: TestClient, link: str) -> int:
    response = site.get(link)
    assert response.status_code == 200, link
    heading = re.search(r'<h2 id="results-heading">(\d+) facilit', response.text)
    assert heading, link
    return int(heading.group(1))


def test_the_form_offers_every_payment_type_and_state(client: TestClient) -> None:
    page = client.get("/coverage")
    assert page.status_code == 200
    assert re.findall(r'name="payment" value="([^"]+)"', page.text) == list(PAYMENT_TYPES)
    assert re.findall(r'<option value="([A-Z]{2})"', page.text) == list(guide_states())
    assert 'method="get"' in page.text and "coverage-searches" not in page.text
    assert all(html.escape(label) in page.text for label in payment_types().values())


def test_the_answer_cites_each_statement_and_lists_its_sources(client: TestClient) -> None:
    page = client.get("/coverage", params={"payment": "medicare", "state": "VA"}).text
    answer = page[page.index('id="answer-heading"') :]
    marks = set(re.findall(r'href="#ref-(\d+)"', answer))
    listed = set(re.findall(r'<li id="ref-(\d+)"', answer))
    assert marks and marks == listed
    assert "January 1, 2020" in answer and "Medicaid expansion in Virginia" in answer
    assert "January 1, 2019" in answer and "2026-01-14" in answer
    assert _links(page)[0] == "/find?payment=medicare&near=VA"


@pytest.mark.parametrize("state", PAYMENT_RECORDED)
def test_the_guide_links_find_programs_where_payment_is_recorded(site: TestClient, state: str) -> None:
    found = {}
    for payment in PAYMENT_TYPES:
        page = site.get("/coverage", params={"payment": payment, "state": state}).text
        links = _links(page)
        found[payment] = _found(site, links[0])
        assert links[-1] == f"/find?near={state}" and _found(site, links[-1]) >= found[payment]
    # Every state with payment data has programs for the common ways of paying.
    assert all(found[p] > 0 for p in ("medicaid", "medicare", "private", "military", "state", "none")), found


def test_every_payment_link_finds_programs_somewhere(site: TestClient) -> None:
    for payment in PAYMENT_TYPES:
        counts = [
            _found(site, _links(site.get("/coverage", params={"payment": payment, "state": s}).text)[0])
            for s in PAYMENT_RECORDED
        ]
        assert max(counts) > 0, payment


@pytest.mark.parametrize("state", ELSEWHERE)
def test_the_every_program_link_finds_programs_in_each_state(site: TestClient, state: str) -> None:
    links = _links(site.get("/coverage", params={"payment": "none", "state": state}).text)
    assert _found(site, links[-1]) > 0
    # Where listings record no payment, the payment search says so instead of a bare "0".
    payment_search = site.get(links[0])
    assert payment_search.status_code == 200


def test_a_state_alone_is_preselected_and_asks_for_the_rest(client: TestClient) -> None:
    page = client.get("/coverage", params={"state": "ma"})
    assert page.status_code == 200 and 'id="coverage-prompt"' in page.text
    assert '<option value="MA" selected>' in page.text


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"payment": "medicaid", "state": "ZZ"}, "state"),
        ({"payment": "medicaid"}, "state"),
        ({"payment": "cash", "state": "VA"}, "payment"),
        ({"payment": "<b>x</b>", "state": "<i>"}, "payment"),
    ],
)
def test_bad_choices_are_a_422_naming_the_field(client: TestClient, params: dict[str, str], field: str) -> None:
    page = client.get("/coverage", params=params)
    assert page.status_code == 422
    errors = page.text[page.text.index('id="coverage-errors"') :]
    assert f"{field}: " in errors
    assert "<b>x</b>" not in page.text and "<i>" not in page.text


def test_the_finder_and_a_facility_link_to_the_guide(site: TestClient) -> None:
    assert 'href="/coverage"' in site.get("/find").text
    result = site.get("/find", params={"near": "22902", "radius": "10", "payment": "medicaid"}).text
    frid = re.search(r'href="/facilities/([^"]+)"', result)
    assert frid
    assert '/coverage?state=VA"' in site.get(f"/facilities/{frid.group(1)}").text


def _esc(text: str) -> str:
    return str(escape(text))  # as Jinja escapes it


@pytest.mark.parametrize("payment", PAYMENT_TYPES)
def test_the_spanish_page_says_the_guide_in_spanish(client: TestClient, payment: str) -> None:
    page = client.get("/coverage", params={"payment": payment, "state": "NY", "lang": "es"})
    assert page.headers["content-language"] == "es"
    assert "<h1>¿Dónde puedo pagar el tratamiento?</h1>" in page.text
    spanish = guide_for(payment, "NY", lang="es")
    answer = page.text[page.text.index('id="answer-heading"') : page.text.index('class="references"')]
    assert "Ampliación de Medicaid en Nueva York" in answer
    # Every statement, the label, the Medicaid row and the search labels are the guide's Spanish, unmarked.
    for text in [s.text for s in (*spanish.covers, *spanish.route, *spanish.questions, *spanish.apply)]:
        assert str(escape(text)) in answer, text
    assert _esc(spanish.medicaid.text) in answer and _esc(spanish.payment_label) in answer
    assert all(_esc(s.label) in answer for s in spanish.searches)
    assert 'lang="en"' not in answer
    choices = page.text[page.text.index("<fieldset") : page.text.index("</fieldset>")]
    assert 'lang="en"' not in choices and all(_esc(v) in choices for v in payment_types("es").values())
    english = client.get("/coverage", params={"payment": payment, "state": "NY", "lang": "en"}).text
    english = english[english.index('id="answer-heading"') : english.index('class="references"')]
    assert 'lang="en"' not in english and all(_esc(s.text) in english for s in guide_for(payment, "NY").covers)


def test_a_bad_choice_is_said_in_spanish(client: TestClient) -> None:
    page = client.get("/coverage", params={"payment": "cash", "state": "VA", "lang": "es"})
    assert page.status_code == 422
    errors = page.text[page.text.index('id="coverage-errors"') :]
    assert "forma de pago: elija una de las opciones de la lista" in errors and 'lang="en"' not in errors
    alone = client.get("/coverage", params={"payment": "va", "lang": "es"}).text
    assert "estado: elija su estado." in alone
