"""``/overdose`` renders without JavaScript: number first, steps, a GET checklist; monographs reuse the engine."""

from __future__ import annotations

from urllib.parse import urlencode

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


def test_the_call_step_is_a_tel_link_where_the_steps_open(client: TestClient) -> None:
    params = [("sign", "unresponsive"), ("sign", "slow_or_shallow_breathing"), ("substance", "baclofen")]
    html = client.get("/overdose?" + urlencode(params)).text
    steps = html[html.index('id="steps"') :]
    assert steps.index('<a href="tel:911">Call 911 now</a>') < steps.index('id="recovery_position"')
    article = client.get("/substances/baclofen").text
    assert '<a href="tel:911">Call 911 now</a>' in article[article.index('id="overdose"') :]


def test_baclofen_note_never_contradicts_the_naloxone_step(client: TestClient) -> None:
    params = [("sign", "unresponsive"), ("sign", "slow_or_shallow_breathing"), ("substance", "baclofen")]
    html = client.get("/overdose?" + urlencode(params)).text
    assert 'id="naloxone"' in html and "even if they say they took other drugs" in html
    note = html[html.index('id="hospital_care"') :]
    assert "only if opioids" not in note
    assert "Naloxone does not reverse baclofen itself, but it is safe" in note


def _before_steps(html: str) -> str:
    main = html[html.index('<main id="main">') :]
    return main[: main.index('<ol class="steps"')]


def test_the_checklist_is_one_tap_from_the_call_button(client: TestClient) -> None:
    for params in ([], [("sign", "unresponsive"), ("sign", "seizure")]):
        html = client.get("/overdose?" + urlencode(params)).text
        top = _before_steps(html)
        # Right under the call button, before any step: a link to the checklist, which has that id.
        assert top.index('class="call-now"') < top.index('href="#signs"')
        assert 'id="signs"' in html[html.index('<ol class="steps"') :]


def test_plain_page_mentions_naloxone_before_any_sign(client: TestClient) -> None:
    html = client.get("/overdose").text
    assert 'id="check_response"' in html and 'id="naloxone"' in html
    assert html.index('id="check_response"') < html.index('id="naloxone"')


def test_poison_help_stays_but_never_as_an_alternative_to_calling(client: TestClient) -> None:
    calm = _before_steps(client.get("/overdose", params={"sign": "vomiting"}).text)
    assert "Not an emergency?" in calm and "1-800-222-1222" in calm
    for params in (
        [("sign", "seizure")],
        [("sign", "awake_and_talking"), ("substance", "baclofen")],
    ):
        top = _before_steps(client.get("/overdose?" + urlencode(params)).text)
        assert "1-800-222-1222" in top and "does not replace" in top, params
        assert "Not an emergency?" not in top, params


def test_baclofen_awake_gets_one_message_hospital(client: TestClient) -> None:
    params = [("sign", "awake_and_talking"), ("substance", "baclofen")]
    html = client.get("/overdose?" + urlencode(params)).text
    assert 'id="go_to_hospital"' in html and 'id="call_poison_centre"' not in html
    assert html.index('id="go_to_hospital"') < html.index('id="hospital_care"')
