"""/check rendered server-side: empty form, results, the call-now alert only for major risks, bad input codes."""

from __future__ import annotations

import html
import re
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

from recoverynav.interactions import check_combination
from recoverynav.interactions.rulebook import load_words
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


def _findings(page: str) -> list[dict[str, list[str]]]:
    """Each finding on a result page: its mechanism line and its effect and advice items (text, unescaped)."""
    found = []
    for article in page.split('<article class="finding')[1:]:
        body = article[: article.index("</article>")]
        lists = re.findall(r"<ul>(.*?)</ul>", body, re.S)
        items = [
            [html.unescape(re.sub(r"<[^>]+>", "", li)) for li in re.findall(r"<li[^>]*>(.*?)</li>", u, re.S)]
            for u in lists
        ]
        line = re.search(r"<p>(.*?)</p>", body, re.S)
        assert line is not None
        mechanism = html.unescape(re.sub(r"<[^>]+>|\[\d+(?:, ?\d+)*\]", "", line[1]))
        found.append({"mechanism": [mechanism.strip()], "effects": items[0], "advice": items[1]})
    return found


@pytest.mark.parametrize(
    "names",
    [
        ["baclofen", "alcohol"],
        ["oxycodone", "xanax", "gabapentin"],
        ["coke", "beer"],
        ["sertraline", "tramadol"],
        ["xanax", "alprazolam"],
        ["methamphetamine", "alcohol"],
        ["tylenol", "percocet"],
    ],
    ids="+".join,
)
def test_every_spanish_finding_says_the_rules_spanish(client: TestClient, names: list[str]) -> None:
    page = client.get("/check", params={"substances": ", ".join(names), "lang": "es"}).text
    report = check_combination(names, "es")
    shown = _findings(page)
    assert len(shown) == len(report.findings) > 0
    words = load_words("es")
    for finding, on_page in zip(report.findings, shown, strict=True):
        assert on_page["advice"] == list(finding.advice) and on_page["effects"] == list(finding.effects)
        assert set(finding.advice) <= set(words.text.values())
        assert on_page["mechanism"][0].lower() == finding.mechanism.lower()
    assert 'lang="en"><li>' not in page
    for note in report.notes:
        assert html.escape(note, quote=False) in page or note in html.unescape(page)


def test_a_note_beside_overlapping_names_is_spanish(client: TestClient) -> None:
    page = html.unescape(client.get("/check", params={"substances": "benzos, xanax", "lang": "es"}).text)
    for note in check_combination(["benzos", "xanax"], "es").notes:
        assert f'<p class="note">{note}</p>' in page
    assert "overlap (one includes the other)" not in page


def test_the_spanish_error_names_the_limit_in_spanish(client: TestClient) -> None:
    page = client.get("/check", params={"substances": "baclofen", "lang": "es"})
    assert page.status_code == 422 and "Escriba al menos dos nombres (como máximo 40)" in page.text


def test_tripsits_own_note_stays_english_and_is_marked_so(client: TestClient) -> None:
    from recoverynav.interactions import load_engine

    engine = load_engine()
    pair = next(
        (a, b)
        for (a, b), f in sorted(engine.pairs.items())
        if a != b
        and not f.mechanisms
        and f.tripsit
        and f.tripsit.note
        and "class"
        not in {
            engine.catalog.substances[a].kind,
            engine.catalog.substances[b].kind,
        }
    )
    page = client.get("/check", params={"substances": ", ".join(pair), "lang": "es"}).text
    note = engine.pair(*pair).tripsit.note  # type: ignore[union-attr]
    assert f'<li lang="en">{escape(note)}</li>' in page
