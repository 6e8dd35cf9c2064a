"""``/safer`` cites every statement, leads with the emergency number, links /check and /overdose; monograph panel."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from recoverynav.knowledge import load_catalog
from recoverynav.plans import harm_reduction_panel, load_harm_reduction


def test_every_statement_is_cited_and_numbered(client: TestClient) -> None:
    response = client.get("/safer")
    html = response.text
    assert response.status_code == 200 and "<script" not in html
    content = load_harm_reduction()
    items = re.findall(r'<li id="([a-z_]+)">(.*?)</li>', html, flags=re.S)
    ids = [s.id for section in content.sections for s in section.statements]
    assert [i for i, _ in items] == ids
    references = re.findall(r'<li id="ref-(\d+)">', html)
    for _, body in items:
        cited = re.findall(r'href="#ref-(\d+)"', body)
        assert cited and set(cited) <= set(references)


def test_emergency_number_first_and_links(client: TestClient) -> None:
    html = client.get("/safer").text
    main = html[html.index('<main id="main">') :]
    assert main.index('href="tel:911"') < main.index("<h2")
    assert 'href="/check"' in main and 'href="/overdose"' in main and 'href="/plan"' in main


def test_no_unverified_hotline_number_is_printed(client: TestClient) -> None:
    # The Never Use Alone number was not seen on its official site: the page links the site and prints no number.
    html = client.get("/safer").text
    section = html[html.index('id="never_alone"') : html.index('id="naloxone"')]
    assert "https://neverusealone.com/" in section
    assert not re.search(r"\d{3}[-. )]+\d{3}[-. ]\d{4}", section)


@pytest.mark.parametrize(
    ("substance", "shown"),
    [
        ("fentanyl", True),
        ("heroin", True),
        ("alprazolam", True),
        ("zolpidem", True),
        ("baclofen", True),
        ("sertraline", False),
        ("ibuprofen", False),
    ],
)
def test_panel_on_monographs_by_class(client: TestClient, substance: str, shown: bool) -> None:
    html = client.get(f"/substances/{substance}").text
    assert ('id="safer-now"' in html) is shown
    if shown:
        panel = html[html.index('id="safer-now"') :]
        assert 'href="/safer#' in panel and 'href="tel:911"' in panel


def test_panel_rule_holds_for_every_monograph() -> None:
    panel_classes = {c for p in load_harm_reduction().panels for c in p.classes}
    for substance in load_catalog().substances.values():
        assert bool(harm_reduction_panel(substance.classes)) == bool(panel_classes & set(substance.classes))


def test_the_page_is_spanish_with_the_same_citations(client: TestClient) -> None:
    english, spanish = client.get("/safer").text, client.get("/safer?lang=es").text
    assert '<html lang="es"' in spanish
    content = load_harm_reduction()
    for section in content.sections:
        assert section.title_in("es") in spanish and section.title not in spanish
        for statement in section.statements:
            assert statement.text_in("es") in spanish, statement.id
            assert statement.text not in spanish, statement.id
    # The same statements cite the same sources in the same order.
    marks = [re.findall(r'href="#ref-(\d+)"', page) for page in (english, spanish)]
    assert marks[0] == marks[1] and marks[0]
    for word in ("If someone may be overdosing", "Not everyone is ready", "Make a recovery plan"):
        assert word not in spanish


def test_a_spanish_statement_keeps_every_number_of_the_english() -> None:
    # Phone numbers, doses, years and times never change in translation.
    for section in load_harm_reduction().sections:
        for statement in section.statements:
            digits = [re.findall(r"\d+", text) for text in (statement.text, statement.text_in("es"))]
            assert sorted(digits[0]) == sorted(digits[1]), statement.id


def test_the_monograph_panel_follows_the_language(client: TestClient) -> None:
    page = client.get("/substances/fentanyl?lang=es").text
    panel = page[page.index('id="safer-now"') :]
    assert "Si consume: consuma con menos riesgo" in panel
    assert harm_reduction_panel(["opioid"])[0].text_in("es") in panel
