"""``/callback``: the "call me back" form works without JavaScript, is linked from the result pages, and answers
with the reference; errors name the field without repeating what was typed."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from recoverynav.app import create_app
from recoverynav.backoffice import parse_reference

FORM = {"stage": "send", "nickname": "Tamsin", "phone": "(215) 555-0188", "consent": "yes"}


@pytest.fixture()
def browser() -> Iterator[TestClient]:
    with TestClient(create_app(), client=("192.0.2.71", 40000)) as client:
        yield client


def test_the_form_is_plain_html(browser: TestClient) -> None:
    page = browser.get("/callback")
    assert page.status_code == 200
    assert '<form method="post" action="/callback"' in page.text and 'name="consent"' in page.text
    assert "<script" not in page.text.split("<main", 1)[-1].split("</main>", 1)[0]


def test_sending_gives_a_reference(browser: TestClient) -> None:
    page = browser.post("/callback", data=FORM)
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    found = re.search(r'id="callback-reference">([^<]+)<', page.text)
    assert found and parse_reference(found.group(1)) == found.group(1)
    assert "555-0188" not in page.text and "Tamsin" not in page.text


@pytest.mark.parametrize(("change", "fix"), [({"consent": ""}, "consent"), ({"phone": "12"}, "phone (phone)")])
def test_errors_name_the_field(browser: TestClient, change: dict[str, str], fix: str) -> None:
    page = browser.post("/callback", data=FORM | change)
    assert page.status_code == 422 and fix in page.text.lower()
    assert 'role="alert"' in page.text


def test_a_cross_site_post_is_refused(browser: TestClient) -> None:
    assert browser.post("/callback", data=FORM, headers={"origin": "https://evil.example"}).status_code == 403


def test_the_screening_result_takes_its_answers_along(browser: TestClient) -> None:
    result = browser.post("/screening/audit-c", data={"q1": "4", "q2": "3", "q3": "2", "sex": "female"})
    form = result.text.split('class="inline-form callback-ask"', 1)[1].split("</form>", 1)[0]
    fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', form))
    assert fields["screening_instrument"] == "audit-c" and fields["screening_answers"] == "4,3,2"
    start = browser.post("/callback", data=fields)
    assert start.status_code == 200 and "your screening result" in start.text
    sent = browser.post("/callback", data={**fields, **FORM})
    assert sent.status_code == 200 and "your screening result" in sent.text


def test_the_treatment_suggestion_and_search_link_to_the_form(browser: TestClient) -> None:
    suggestion = browser.post("/treatment/assess", data={"substances": "alcohol", "daily_use": "yes"})
    assert 'name="facts"' in suggestion.text and 'action="/callback"' in suggestion.text
    search = browser.get("/find?near=22902")
    assert 'action="/callback"' in search.text and 'name="near" value="22902"' in search.text


def test_the_form_errors_and_confirmation_are_spanish(browser: TestClient) -> None:
    browser.cookies.set("lang", "es")
    try:
        form = browser.get("/callback")
        refused = browser.post("/callback", data=FORM | {"consent": ""})
        result = browser.post("/screening/audit-c", data={"q1": "4", "q2": "3", "q3": "2", "sex": "female"})
        ask = result.text.split('class="inline-form callback-ask"', 1)[1].split("</form>", 1)[0]
        fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', ask))
        sent = browser.post("/callback", data={**fields, **FORM})
    finally:
        browser.cookies.delete("lang")
    assert '<html lang="es"' in form.text and "Pida a la línea de ayuda que le llame" in form.text
    assert "Línea Nacional de Ayuda de SAMHSA" in form.text and "Acepto que la línea de ayuda" in form.text
    assert (
        refused.status_code == 422 and "Consentimiento (consent)" in refused.text and "tick the box" not in refused.text
    )
    assert "Pida a la línea de ayuda que le llame" in ask
    assert sent.status_code == 200 and "Le llamaremos" in sent.text and "el resultado de su evaluación" in sent.text
    assert re.search(r'id="callback-reference">[^<]+<', sent.text)
