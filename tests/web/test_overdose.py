"""``/overdose`` renders without JavaScript: number first, steps, a GET checklist; monographs reuse the engine."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_overdose_page_puts_the_number_first(client: TestClient) -> None:
    html = client.get("/overdose").text
    main = html[html.index('<main id="main">') :]
    assert main.index('href="tel:911"') < main.index("<ol")
    assert 'method="get"' in html and 'name="sign"' in html
    assert "<script" not in html


def test_checklist_refines_the_steps(client: TestClient) -> None:
    response = client.get("/overdose", params=[("sign", "unresponsive"), ("sign", "not_breathing")])
    assert response.status_code == 200
    html = response.text
    assert html.index('id="call_emergency"') < html.index('id="cpr"')
    assert 'value="not_breathing" checked' in html


def test_bad_sign_is_422_with_message(client: TestClient) -> None:
    response = client.get("/overdose", params={"sign": "sleepy"})
    assert response.status_code == 422
    assert "&#39;sleepy&#39;" in response.text and "tel:911" in response.text


def test_monograph_shows_overdose_steps_from_the_engine(client: TestClient) -> None:
    html = client.get("/substances/baclofen").text
    section = html[html.index('id="overdose"') :]
    assert "Baclofen: no antidote, hospital needed" in section
    assert "Turn them on their side" in section
