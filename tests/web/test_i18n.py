"""The page's language: ``?lang=``, then the cookie it sets, then ``Accept-Language``; said in headers and markup.

And the overdose guide in Spanish: every word of it Spanish (outside the cited English sources), the call first,
small enough for a slow phone, for every combination of signs the protocol can be asked about.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import ClassVar

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from recoverynav.app import create_app
from recoverynav.emergency import SIGN_IDS, first_aid_steps, load_protocol
from recoverynav.i18n import LANGUAGES, negotiate, parse_accept_language, supported
from tests.pages import FACILITY_SEARCH, every_page, fill, first_facility


@pytest.fixture(scope="module")
def app_client() -> Iterator[TestClient]:
    # Its own client: a ?lang= answer sets a cookie, which must not follow the shared client into other tests.
    with TestClient(create_app()) as test_client:
        yield test_client


@pytest.fixture()
def fresh(app_client: TestClient) -> TestClient:
    app_client.cookies.clear()
    return app_client


class PageText(HTMLParser):
    """The text a reader meets, in pieces, leaving out what is marked as another language (``lang="en"``)."""

    SKIP: ClassVar[set[str]] = {"script", "style", "title"}

    def __init__(self, page_lang: str) -> None:
        super().__init__()
        self.stack: list[tuple[str, str]] = []
        self.pieces: list[str] = []
        self.page_lang = page_lang
        self.html_lang = ""

    def _lang(self) -> str:
        return self.stack[-1][1] if self.stack else self.page_lang

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.html_lang = values.get("lang") or ""
        if tag in {"meta", "link", "input", "br", "img", "hr"}:
            if tag == "input" and values.get("placeholder") and self._lang() == self.page_lang:
                self.pieces.append(values["placeholder"] or "")
            return
        self.stack.append((tag, values.get("lang") or self._lang()))
        for name in ("aria-label", "title", "alt"):
            if values.get(name) and self._lang() == self.page_lang:
                self.pieces.append(values[name] or "")

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if data.strip() and self._lang() == self.page_lang and not (self.stack and self.stack[-1][0] in self.SKIP):
            self.pieces.append(data.strip())


def _pieces(html: str, lang: str) -> PageText:
    parser = PageText(lang)
    parser.feed(html)
    return parser


# What reads the same in both languages: numbers, the project's name, acronyms, brand names, punctuation.
NEUTRAL = re.compile(r"^([\d\s\-–—·.,:;()\[\]+/“”\"'?¿!¡]|recoverynav|API|OpenAPI|RCP|DEA|Narcan|%)*$")


def _english_left(english: str, spanish: str) -> list[str]:
    en = {p for p in _pieces(english, "en").pieces if not NEUTRAL.match(p)}
    return sorted(p for p in _pieces(spanish, "es").pieces if p in en)


# --- choosing the language ----------------------------------------------------------------------------------------


def test_accept_language_is_ordered_by_quality_and_q0_is_refused() -> None:
    assert parse_accept_language("fr, es;q=0.5, en;q=0.8") == ["fr", "en", "es"]
    assert parse_accept_language("es;q=0, en") == ["en"]
    assert negotiate(parse_accept_language("fr-CH, es-MX;q=0.9")) == "es"
    assert negotiate(parse_accept_language("de, fr")) == "en"
    assert negotiate([None, "", "xx"]) == "en"
    assert supported("es_US.UTF-8") == supported("ES-mx") == "es" and supported("e") is None


@given(st.text(max_size=200))
def test_any_accept_language_header_gives_a_supported_language(header: str) -> None:
    assert negotiate(parse_accept_language(header)) in LANGUAGES


def test_query_beats_cookie_beats_header(fresh: TestClient) -> None:
    def lang(**kwargs: object) -> str:
        response = fresh.get("/overdose", **kwargs)  # type: ignore[arg-type]
        assert response.headers["content-language"] in LANGUAGES
        return response.headers["content-language"]

    assert lang() == "en"
    assert lang(headers={"Accept-Language": "es-MX,es;q=0.9,en;q=0.5"}) == "es"
    fresh.cookies.set("lang", "en")
    assert lang(headers={"Accept-Language": "es"}) == "en"
    assert lang(params={"lang": "es"}) == "es"


def test_the_switch_sets_a_cookie_that_later_pages_follow(fresh: TestClient) -> None:
    first = fresh.get("/", params={"lang": "es"})
    cookie = first.headers["set-cookie"].lower()
    assert cookie.startswith("lang=es;") and "samesite=lax" in cookie and "httponly" in cookie
    later = fresh.get("/find")
    assert later.headers["content-language"] == "es" and '<html lang="es">' in later.text
    assert "set-cookie" not in later.headers  # already remembered
    # An unsupported choice changes nothing and is not remembered.
    odd = fresh.get("/find", params={"lang": "fr"})
    assert odd.headers["content-language"] == "es" and "set-cookie" not in odd.headers


def test_switch_link_keeps_the_page_and_its_query(fresh: TestClient) -> None:
    html = fresh.get("/overdose", params=[("sign", "seizure"), ("substance", "baclofen")]).text
    links = re.findall(r'<a href="([^"]+)" hreflang="es" lang="es">Español</a>', html)
    assert links == ["/overdose?sign=seizure&amp;substance=baclofen&amp;lang=es"]
    spanish = fresh.get("/overdose?sign=seizure&substance=baclofen&lang=es").text
    assert 'hreflang="en" lang="en">English</a>' in spanish


@pytest.fixture(scope="module")
def facility(app_client: TestClient) -> str:
    app_client.cookies.clear()
    return first_facility(app_client.get(FACILITY_SEARCH).text)


# Pages that exist in English only, and say so: Swagger UI has no Spanish.
ENGLISH_ONLY = {"/api/docs"}


@pytest.mark.parametrize("target", sorted(ENGLISH_ONLY))
def test_english_only_pages_say_they_are_english(fresh: TestClient, target: str) -> None:
    response = fresh.get(target, headers={"Accept-Language": "es"})
    assert response.headers["content-language"] == "en" and '<html lang="en">' in response.text


@pytest.mark.parametrize("target", [t for t in every_page() if t not in ENGLISH_ONLY])
def test_every_page_names_its_language_and_links_the_other(fresh: TestClient, facility: str, target: str) -> None:
    url = fill(target, lambda: facility)
    for lang in LANGUAGES:
        fresh.cookies.clear()
        response = fresh.get(url, headers={"Accept-Language": lang, "accept": "text/html"})
        if not response.headers.get("content-type", "").startswith("text/html"):
            continue  # an unknown path outside the site may answer JSON
        assert response.headers["content-language"] == lang, target
        vary = {v.strip().lower() for v in response.headers["vary"].split(",")}
        assert {"accept-language", "cookie"} <= vary, target
        assert f'<html lang="{lang}">' in response.text, target
        alternates = dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', response.text))
        assert set(alternates) == {*LANGUAGES, "x-default"}, target
        for other in LANGUAGES:
            assert alternates[other].endswith(f"lang={other}"), target
        assert _pieces(response.text, lang).html_lang == lang


# --- the overdose guide in Spanish ------------------------------------------------------------------------------


def test_every_protocol_text_has_its_own_spanish() -> None:
    protocol = load_protocol()
    for sign in protocol.signs:
        assert sign.es.label and sign.es.label != sign.label, sign.id
    for action in protocol.actions:
        assert action.es.title != action.title and action.es.text != action.text, action.id
    for note in protocol.substance_notes:
        assert note.es.title != note.title and note.es.text != note.text


situations = st.tuples(
    st.lists(st.sampled_from(SIGN_IDS), max_size=5, unique=True),
    st.lists(st.sampled_from(["baclofen", "acetaminophen", "fentanyl", "xanax", "cocaine", "zzqx"]), max_size=2),
)


@given(situations)
@settings(max_examples=40, deadline=None)
def test_spanish_steps_are_the_english_steps_translated(situation: tuple[list[str], list[str]]) -> None:
    signs, substances = situation
    english = first_aid_steps(signs, substances, "US", lang="en")
    spanish = first_aid_steps(signs, substances, "US", lang="es")
    # Same steps, same order, same sources: only the words change, and the numbers to call never do.
    assert [(s.action, s.sources) for s in spanish.steps] == [(s.action, s.sources) for s in english.steps]
    for en, es in zip(english.steps, spanish.steps, strict=True):
        assert es.text != en.text
        assert re.findall(r"[\d-]{3,}", es.text) == re.findall(r"[\d-]{3,}", en.text)


@given(situations)
@settings(max_examples=25, deadline=None)
def test_spanish_overdose_page_is_entirely_spanish(situation: tuple[list[str], list[str]]) -> None:
    signs, substances = situation
    with TestClient(create_app()) as client:
        query: list[tuple[str, str | int | float | bool | None]] = [("sign", s) for s in signs]
        query.append(("substance", ", ".join(substances)))
        english = client.get("/overdose", params=query)
        spanish = client.get("/overdose", params=[*query, ("lang", "es")])
    assert spanish.status_code == english.status_code == 200
    assert _english_left(english.text, spanish.text) == []


@pytest.mark.parametrize("how", ["query", "header"])
def test_spanish_overdose_page_calls_first_and_stays_small(fresh: TestClient, how: str) -> None:
    if how == "query":
        response = fresh.get("/overdose", params={"lang": "es"})
    else:
        response = fresh.get("/overdose", headers={"Accept-Language": "es-US,es;q=0.9"})
    english = TestClient(create_app()).get("/overdose")
    assert response.headers["content-language"] == "es"
    assert len(response.content) < 30_000
    assert _english_left(english.text, response.text) == []
    main = response.text.split('<main id="main">', 1)[1]
    # The first thing in the page's own content is the big call button; then everything else.
    assert re.search(r"<a [^>]*href=\"(tel:[^\"]+)\"[^>]*>", main)[0].startswith('<a class="call-now" href="tel:911"')  # type: ignore[index]
    assert ">Llame al 911<" in main


def test_the_emergency_box_is_spanish_on_every_spanish_page(fresh: TestClient) -> None:
    for path in ("/", "/find", "/check", "/substances"):
        html = fresh.get(path, params={"lang": "es"}).text
        box = html.split('<aside class="emergency"', 1)[1].split("</aside>", 1)[0]
        assert 'aria-label="Ayuda en una emergencia"' in box
        assert "¿Emergencia? Llame al" in box and "Línea Nacional de Ayuda de SAMHSA" in box
        assert "Línea de ayuda por envenenamiento" in box and "1-800-222-1222" in box and "1-800-662-4357" in box
