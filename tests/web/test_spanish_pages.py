"""Every public page in Spanish, results included, has no English left outside what is marked ``lang="en"`` (#19).

A page drawn with ``?lang=es`` is parsed; what is marked as English (``lang="en"`` on the element or an ancestor),
scripts, styles and the document title are left out, and so are URLs, e-mail addresses and phone numbers. The rest
(text and the attributes a reader meets: ``aria-label``, ``title``, ``alt``, ``placeholder``) is searched for English
function words that have no Spanish look-alike ("the", "and", "with", "your", "you", "of", "for", "to", "is", "not",
"or", as whole words). The detector is conservative: a single English word in a Spanish sentence ("software") is
not found, a leaked English sentence almost always is. A hit is either a string to translate (``_()`` and the
Spanish catalogue; a data file's ``es:`` block) or English data to mark with ``en()`` from ``templates/_lang.html``.

The pages: every HTML route of ``tests/pages.py`` outside the staff screens (English only, ``NOT_YET_TRANSLATED``)
and ``/api/docs`` (English only, says so), its query variants, and the results reached by a form or a filled-in
query: combination checks (known pair, unknown name, a pair only TripSit rates), treatment suggestions (crisis,
pump, pregnancy...), searches, a facility and its questions, compare, overdose with every sign ticked, every
screening questionnaire and a result of each, the call-back form sent and refused, meetings and a meeting, the plan,
and every drug page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from typing import ClassVar
from urllib.parse import parse_qsl, urlsplit

import pytest
from fastapi.testclient import TestClient

from recoverynav.app import create_app
from recoverynav.emergency import SIGN_IDS
from recoverynav.knowledge import load_catalog
from recoverynav.screening import list_instruments
from tests.pages import FACILITY_SEARCH, every_page, fill, first_facility
from tests.web.test_treatment import SPANISH_CASES

# English function words with no Spanish homograph, as whole words.
ENGLISH = re.compile(r"\b(the|and|with|your|you|of|for|to|is|not|or)\b", re.IGNORECASE)
# What is the same in every language and may hold those words: addresses, e-mail, phone numbers, file names.
NEUTRAL = re.compile(
    r"https?://\S+|www\.\S+|\b[\w.-]+@[\w-]+\.[\w.]+|\b[\w-]+(\.[\w-]+)*\.(gov|org|com|net|edu|us|pdf|json|ics)\b\S*"
    r"|\+?1?[\s(-]*\d{3}[\s)-]*\d{3}[\s-]*\d{4}"
)
# Proper names that stay English in a Spanish sentence, each a name (WCAG 3.1.2 exempts proper names). Keep this
# short: English data is marked with en(), and names from the data (facilities, meetings) with proper_name().
PROPER_NAMES = re.compile(
    "|".join(
        [
            r"The Joint Commission",  # an accrediting body (directory/codes.yaml english_names)
            r"Code for Recovery",  # the Meeting Guide format's authors, credited on the meetings pages
            r"Women for Sobriety",  # mutual-help groups named in the treatment guide
            r"Secular Organizations for Sobriety",
            r"Fagerström Test for Nicotine Dependence",  # an instrument named on /screening as not offered
        ]
    )
)
SKIPPED = {"script", "style", "title", "template"}
VOID = {"meta", "link", "input", "br", "img", "hr", "source", "area", "col", "embed", "wbr", "track", "base"}


class SpanishText(HTMLParser):
    """The pieces of text a reader of the Spanish page meets, without what is marked as English (``lang``) or as a
    name from the data (``translate="no"``); those names are kept aside, since an attribute may repeat one."""

    SHOWN_ATTRIBUTES: ClassVar[tuple[str, ...]] = ("aria-label", "title", "alt", "placeholder")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, hidden from this check)
        self.pieces: list[str] = []
        self.names: list[str] = []
        self.naming = 0  # how many open elements say translate="no"
        self.named: list[bool] = []  # beside stack: whether each said it

    def _hidden(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        # lang="" is data whose language is unknown (a meeting's notes): neither the page's language nor English.
        lang = (values["lang"] or "").lower() if "lang" in values else None
        named = (values.get("translate") or "").lower() == "no"
        hidden = self._hidden() or named or tag in SKIPPED or (lang is not None and not lang.startswith("es"))
        if not hidden:
            self.pieces += [v for name in self.SHOWN_ATTRIBUTES if (v := values.get(name))]
        if tag not in VOID:
            self.stack.append((tag, hidden))
            self.naming += named
            self.named.append(named)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if any(t == tag for t, _ in self.stack):
            while self.stack:
                self.naming -= self.named.pop()
                if self.stack.pop()[0] == tag:
                    break

    def handle_data(self, data: str) -> None:
        if data.strip() and self.naming:
            self.names.append(" ".join(data.split()))
        elif data.strip() and not self._hidden():
            self.pieces.append(" ".join(data.split()))


def english_left(html: str, typed: tuple[str, ...] = ()) -> list[str]:
    """The pieces of a Spanish page that read as English and are not marked so; what the person ``typed`` (quoted
    back, e.g. in an error) is theirs, not the page's."""
    parser = SpanishText()
    parser.feed(html)
    parser.close()
    found = []
    names = sorted(set(parser.names), key=len, reverse=True)
    for piece in parser.pieces:
        text = PROPER_NAMES.sub(" ", NEUTRAL.sub(" ", piece))
        for name in [*names, *typed]:
            text = text.replace(name, " ")
        if ENGLISH.search(text):
            found.append(piece)
    return found


# --- the detector itself -------------------------------------------------------------------------------------------


def test_the_detector_finds_english_and_leaves_marked_english_names_and_numbers_alone() -> None:
    page = (
        '<html lang="es"><body><p>Llame al <a href="tel:18006624357">1-800-662-4357</a> ahora.</p>'
        '<p lang="en">Call the <b>helpline</b> for you.</p><p>Fuente: <cite lang="en">Guide to the <i>heart</i></cite>'
        " en https://www.samhsa.gov/find-help/to-the-site.</p><script>var the = 1;</script>"
        '<p>Texto <span>Talk to your doctor</span> y más.</p><input placeholder="Search for a name">'
        '<p aria-label="Close the menu">x</p><p>¿Qué es esto? Sí, no o tal vez.</p>'
        '<h1 translate="no">House of Hope <b>and Care</b></h1><p aria-label="Mapa de House of Hope and Care">m</p>'
        "<p>Acreditado por The Joint Commission.</p><p>Which <br>one is it?</p>"
        '<dd lang="">Dial in and press # twice</dd></body></html>'
    )
    assert english_left(page) == ["Talk to your doctor", "Search for a name", "Close the menu", "one is it?"]


# --- the pages -----------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def spanish() -> Iterator[TestClient]:
    # Its own client, with the lang cookie kept: every request of this module is Spanish.
    with TestClient(create_app(), client=("192.0.2.91", 40000)) as test_client:
        test_client.cookies.set("lang", "es")
        yield test_client


@pytest.fixture(scope="module")
def facilities(spanish: TestClient) -> list[str]:
    """The first two facilities of a search, and the first whose name has an English word ("University of ...")."""
    html = spanish.get(FACILITY_SEARCH).text
    cards = re.findall(r'<h3><a href="/facilities/([^"/?]+)"[^>]*>([^<]+)</a>', html)
    assert len(cards) >= 2, "the search found too few facilities: is the bundled data loaded?"
    assert cards[0][0] == first_facility(html)
    named = [frid for frid, name in cards[2:] if ENGLISH.search(name)]
    return [frid for frid, _ in cards[:2]] + named[:1]


def _public(path: str) -> bool:
    return not path.startswith(("/staff", "/api/"))


CHECKS = [
    "/check?substances=baclofen,alcohol",
    "/check?substances=baclofen,zzqxy",
    "/check?substances=cocaine,mdma",
    "/check?substances=fentanyl,xanax,alcohol",
    "/check?substances=lsd,cannabis",
    "/check?substances=tramadol,sertraline",
]
TREATMENT = [
    *SPANISH_CASES,
    {"substances": "Lioresal", "daily_use": "yes", "withdrawal_symptoms": "moderate", "intrathecal_pump": "yes"},
    {"substances": "baclofen", "daily_use": "yes", "daily_dose_mg": "600", "intrathecal_pump": "yes"},
    {"substances": "alcohol", "suicidal_thoughts": "active_plan"},
    {"substances": "kratom, methamphetamine", "daily_use": "yes", "withdrawal_symptoms": "severe"},
    {"substances": "alcohol", "daily_dose_mg": "lots"},  # refused: the error names the field
]
OTHER_GETS = [
    "/find?near=22902&radius=5&type=HI&payment=military&language=F81",  # nothing found
    "/find?near=19103&radius=25&code=MM&payment=medicaid",
    "/questions?care=DT&medication=BU",
    "/overdose?" + "&".join(f"sign={s}" for s in SIGN_IDS) + "&substance=fentanyl,baclofen",
    "/overdose?sign=seizure&substance=zzqx",
    "/coverage?payment=private&state=CA",
    "/coverage?payment=medicare&state=NY",
    *(f"/coverage?payment={p}&state={st}" for p, st in [("none", "PR"), ("ihs", "AK"), ("va", "WI"), ("state", "MO")]),
    "/coverage?payment=cash&state=VA",  # refused: the error names the field
    "/meetings?near=19103",
    "/meetings?near=22902&day=2&type=O",
    "/treatment",
    "/safer?substance=fentanyl",
]


def _screening_answers(instrument_id: str, pick: Callable[[int], int]) -> dict[str, str]:
    instrument = next(i for i in list_instruments() if i.id == instrument_id)
    answers = {item.id: str(pick(len(item.options))) for item in instrument.items}
    return answers | {"sex": "female", "age": "34"}


def _pages(client: TestClient, facilities: list[str]) -> Iterator[tuple[str, str]]:
    """(what, html) for every public page and result, drawn in Spanish."""
    gets = [fill(p, lambda: facilities[0]) for p in every_page() if _public(p)]
    gets += CHECKS + OTHER_GETS
    gets += [f"/facilities/{f}" for f in facilities] + [f"/facilities/{f}/questions" for f in facilities]
    gets += ["/facilities/compare?" + "&".join(f"frid={f}" for f in facilities) + "&near=22902"]
    gets += [f"/screening/{i.id}" for i in list_instruments()]
    gets += [f"/substances/{s}" for s in load_catalog().substances]
    meetings = client.get("/meetings?near=19103").text
    gets += list(dict.fromkeys(re.findall(r'href="(/meetings/\d+)"', meetings)))[:2]
    for path in gets:
        yield path, client.get(path).text
    for form in TREATMENT:
        yield f"POST /treatment/assess {form}", client.post("/treatment/assess", data=form).text
    for instrument in list_instruments():
        for name, pick in (("low", lambda n: 0), ("high", lambda n: n - 1)):
            answers = _screening_answers(instrument.id, pick)
            yield (
                f"POST /screening/{instrument.id} ({name})",
                client.post(f"/screening/{instrument.id}", data=answers).text,
            )
    yield "POST /screening/audit-c (missing answer)", client.post("/screening/audit-c", data={"q1": "1"}).text
    sent = {"stage": "send", "nickname": "Tamsin", "phone": "(215) 555-0188", "consent": "yes"}
    yield "POST /callback (sent)", client.post("/callback", data=sent).text
    yield "POST /callback (no consent)", client.post("/callback", data=sent | {"consent": ""}).text
    yield "POST /callback (bad phone)", client.post("/callback", data=sent | {"phone": "12"}).text
    with_screening = {"screening_instrument": "audit-c", "screening_answers": "4,3,2"}
    yield "POST /callback (from a screening)", client.post("/callback", data=with_screening).text
    yield "POST /plan", client.post("/plan", data={"reasons_health": "dormir", "people_name": "Sam"}).text
    report = {"reason": "wrong_phone"}
    yield "POST report", client.post(f"/facilities/{facilities[0]}/report", data=report).text
    yield "POST report (no reason)", client.post(f"/facilities/{facilities[0]}/report", data={}).text


def test_every_public_spanish_page_has_no_unmarked_english(spanish: TestClient, facilities: list[str]) -> None:
    leaks: dict[str, list[str]] = {}
    for what, html in _pages(spanish, facilities):
        assert '<html lang="es">' in html, what
        typed = tuple(v for _, v in parse_qsl(urlsplit(what).query)) if what.startswith("/") else ()
        if found := english_left(html, typed):
            leaks[what] = found
    report = "\n".join(f"{what}:\n" + "\n".join(f"    {p!r}" for p in found) for what, found in leaks.items())
    assert not leaks, (
        'English on a Spanish page, not marked lang="en". Translate it (_() and the .po, or the data\'s es: block) '
        "or, if it is English data by design, mark it with en() from templates/_lang.html:\n" + report
    )
