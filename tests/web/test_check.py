"""/check rendered server-side: empty form, results, the call-now alert only for major risks, bad input codes."""

from __future__ import annotations

import html
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from tests.names import nonsense, unlisted_typo, urgent_pair


def test_empty_form_has_a_labelled_field(client: TestClient) -> None:
    page = client.get("/check")
    assert page.status_code == 200
    assert '<label for="substances">' in page.text and 'method="get"' in page.text
    assert "check-urgent" not in page.text


def test_major_result_shows_the_call_now_alert_and_numbered_sources(client: TestClient) -> None:
    page = client.get("/check", params={"substances": "baclofen, alcohol"})
    assert page.status_code == 200
    assert "check-urgent" in page.text and 'href="tel:911"' in page.text
    assert 'id="ref-1"' in page.text and 'href="#ref-1"' in page.text


def test_moderate_result_has_no_call_now_alert(client: TestClient) -> None:
    page = client.get("/check", params={"substances": "methamphetamine\nalcohol"})
    assert page.status_code == 200
    assert "Moderate" in page.text and "check-urgent" not in page.text


def test_none_known_says_absence_is_not_proof_of_safety(client: TestClient) -> None:
    page = client.get("/check", params={"substances": "nicotine, sertraline"})
    assert "not proof of safety" in page.text


@pytest.mark.parametrize(("value", "status"), [("baclofen", 422), ("alcohol, qqqzzzx", 404)])
def test_bad_input_keeps_the_form_and_says_why(client: TestClient, value: str, status: int) -> None:
    page = client.get("/check", params={"substances": value})
    assert page.status_code == status
    assert 'role="alert"' in page.text and '<textarea id="substances"' in page.text


def test_sources_end_each_part_once(client: TestClient) -> None:
    page = client.get("/check", params={"substances": "coke, beer"})
    assert "Cocaethylene" in page.text or "cocaethylene" in page.text
    assert "n.d.." not in page.text and "?</a>." not in page.text


def test_start_fills_in_the_first_name_without_an_error(client: TestClient) -> None:
    page = client.get("/check", params={"start": "baclofen"})
    assert page.status_code == 200 and 'role="alert"' not in page.text
    assert "autofocus>baclofen\n</textarea>" in page.text
    article = client.get("/substances/baclofen").text
    assert 'href="/check?start=baclofen"' in article


def test_urgent_alert_links_the_overdose_steps_for_what_was_taken(client: TestClient) -> None:
    page = client.get("/check", params={"substances": "baclofen, alcohol, Xanax"})
    assert 'href="/overdose?substance=alcohol%2C%20alprazolam%2C%20baclofen"' in page.text
    steps = client.get("/overdose", params={"substance": "alcohol, alprazolam, baclofen"})
    assert steps.status_code == 200 and "Baclofen: no antidote" in steps.text


def _box(text: str) -> str:
    start = text.index('class="unknown-names"')
    return text[start : text.index("</div>", start)]


def test_an_unknown_name_shows_the_known_result_and_the_unknown_box(client: TestClient) -> None:
    """ "baclofen, alcohol, tranq" used to show only a suggestion (#11)."""
    first, second = urgent_pair()
    typo = unlisted_typo(second)
    page = client.get("/check", params={"substances": f"{first}\n{typo}\n{second}\n{nonsense()}"})
    assert page.status_code == 200
    text = page.text
    assert "check-urgent" in text and 'href="tel:911"' in text
    assert text.index("check-urgent") < text.index('class="unknown-names"') < text.index("Highest risk")
    box = _box(text)
    assert f"“{typo}”" in box and f"“{nonsense()}”" in box and "not the same as safe" in box
    confirmed = f"{first}, {second}, {second}, {nonsense()}"
    assert f'href="/check?substances={quote(confirmed)}#h-result">{second}</a>' in box


def test_following_a_did_you_mean_link_checks_the_confirmed_name(client: TestClient) -> None:
    first, second = urgent_pair()
    typo = unlisted_typo(second)
    page = client.get("/check", params={"substances": f"{first}, {typo}"})
    assert page.status_code == 404 and 'role="alert"' in page.text and f"Known so far: {first}." in page.text
    box = _box(page.text)
    link = box[box.index('href="/check?substances=') + 6 : box.index(f'#h-result">{second}</a>')]
    rerun = client.get(html.unescape(link))
    assert rerun.status_code == 200
    assert "unknown-names" not in rerun.text and "check-urgent" in rerun.text


def test_known_names_only_have_no_unknown_box(client: TestClient) -> None:
    first, second = urgent_pair()
    assert "unknown-names" not in client.get("/check", params={"substances": f"{first}, {second}"}).text


def test_the_spanish_result_says_the_urgent_part_in_spanish_and_marks_the_english_facts(client: TestClient) -> None:
    page = client.get("/check", params={"substances": "baclofen, alcohol", "lang": "es"}).text
    main = page[page.index('<main id="main">') :]
    assert "Esta combinación puede poner en peligro la vida." in main
    assert "Si alguien está muy somnoliento" in main and "If anyone is very drowsy" not in main
    assert 'href="tel:911"' in main and "Riesgo más alto:" in main and "Qué puede pasar" in main
    assert "What may happen" not in main and "Check the combination" not in main
    # Each finding's facts are English data: marked so for screen readers (WCAG 3.1.2).
    assert '<ul lang="en"><li>' in main


def test_the_spanish_error_names_the_limit_in_spanish(client: TestClient) -> None:
    page = client.get("/check", params={"substances": "baclofen", "lang": "es"})
    assert page.status_code == 422 and "Escriba al menos dos nombres (como máximo 40)" in page.text
