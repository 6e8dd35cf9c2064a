"""Accessibility shown, not claimed: axe-core on every public page in English and Spanish, at 320 px and 1280 px,
with the ``target-size`` rule (WCAG 2.2 2.5.8) switched on; and a keyboard-only walk of the overdose guide.

At 1280 px axe runs every rule; at 320 px the rules whose outcome depends on the width (``WIDTH_RULES``: target
size, the viewport tag, scrolling regions, contrast) plus the reflow check, since the markup the other rules read
is the same at both widths (this halves the suite's slowest file).

The pages come from the application's routes (``tests/pages.py``), so a page added later is checked at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import WIDTH_RULES, serious_axe_violations
from tests.pages import FACILITY_SEARCH, every_page, fill, first_facility

pytestmark = pytest.mark.browser

WIDTHS = (320, 1280)
LANGS = ("en", "es")


@pytest.fixture(scope="module")
def facility(live_server: str, browser: Browser) -> str:
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server + FACILITY_SEARCH)
    frid = first_facility(page.content())
    context.close()
    return frid


@pytest.fixture(params=[(w, lang) for w in WIDTHS for lang in LANGS], ids=lambda p: f"{p[0]}px-{p[1]}")
def sized(request: pytest.FixtureRequest, browser: Browser) -> Iterator[tuple[Page, str]]:
    width, lang = request.param
    # The language comes the way a browser set to Spanish sends it, so links followed stay in that language.
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="es-US" if lang == "es" else "en-US")
    context.set_extra_http_headers({"Accept-Language": "es-US,es;q=0.9" if lang == "es" else "en-US,en;q=0.9"})
    yield context.new_page(), lang
    context.close()


def _summary(violations: list[dict[str, Any]]) -> list[str]:
    return [f"{v['id']}: {[n['target'] for n in v['nodes']][:4]}" for v in violations]


# Known failures found by this test and not fixed yet, each with what fails; a fixed one shows as XPASS.
KNOWN = {
    "/api/docs": "vendored Swagger UI: its own CSS fails color-contrast and target-size, its markup nested-interactive",
    "/facilities/{frid}": "at 320 px the facility page's Leaflet map can widen the document to ~344 px",
}


@pytest.mark.parametrize(
    "target",
    [
        pytest.param(t, marks=pytest.mark.xfail(reason=KNOWN[t], strict=False)) if t in KNOWN else t
        for t in every_page()
    ],
)
def test_axe_finds_nothing_serious(sized: tuple[Page, str], live_server: str, facility: str, target: str) -> None:
    page, lang = sized
    response = page.goto(live_server + fill(target, lambda: facility))
    assert response is not None and response.status < 500, target
    if response.headers.get("content-language") == lang:
        assert page.get_attribute("html", "lang") == lang
    width = page.viewport_size["width"] if page.viewport_size else 0
    # 1.4.10 Reflow: nothing scrolls sideways, down to 320 px.
    assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{target} scrolls sideways"
    violations = serious_axe_violations(page, only=WIDTH_RULES if width < max(WIDTHS) else ())
    assert violations == [], f"{target} ({lang}, {width} px): {_summary(violations)}"


# --- keyboard only ------------------------------------------------------------------------------------------------

FOCUSED = """() => {
  const el = document.activeElement;
  const r = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  const all = Array.from(document.querySelectorAll('*'));
  return {
    index: all.indexOf(el),
    tag: el.tagName.toLowerCase(),
    text: (el.textContent || el.value || '').trim().slice(0, 60),
    href: el.getAttribute('href'),
    inMain: Boolean(el.closest('main')),
    visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth,
    ring: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none',
  };
}"""


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", WIDTHS)
def test_keyboard_walk_of_the_overdose_guide(browser: Browser, live_server: str, lang: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 700})
    page = context.new_page()
    page.goto(f"{live_server}/overdose?lang={lang}")
    page.keyboard.press("Tab")
    skip = page.evaluate(FOCUSED)
    # 2.4.1: the first stop is the skip link, shown when focused.
    assert skip["href"] == "#main" and skip["visible"] and skip["ring"]
    assert skip["text"] == {"en": "Skip to content", "es": "Saltar al contenido"}[lang]
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["href"] == "tel:911"  # then the emergency call
    # Following the skip link puts the next stop on the guide's own call button.
    page.goto(f"{live_server}/overdose?lang={lang}")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    first = page.evaluate(FOCUSED)
    assert first["inMain"] and first["href"] == "tel:911", first
    # Walk the whole page: every stop is on screen with a visible focus ring (2.4.7, 2.4.11), in document order
    # (2.4.3: no positive tabindex reorders it), and every sign checkbox and the submit button are reached (2.1.1).
    page.goto(f"{live_server}/overdose?lang={lang}")
    stops: list[dict[str, Any]] = []
    for _ in range(200):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        if stop["tag"] == "body" or (stops and stop["index"] <= stops[-1]["index"]):
            break
        stops.append(stop)
    assert all(s["visible"] for s in stops), [s for s in stops if not s["visible"]]
    assert all(s["ring"] for s in stops), [s for s in stops if not s["ring"]]
    assert [s["index"] for s in stops] == sorted({s["index"] for s in stops})
    checkboxes = page.locator("form.signs input[type=checkbox]").count()
    assert sum(1 for s in stops if s["tag"] == "input") >= checkboxes + 1  # the signs and the substance box
    assert any(s["tag"] == "button" for s in stops)
    assert (
        page.evaluate('document.querySelectorAll(\'[tabindex]:not([tabindex="-1"]):not([tabindex="0"])\').length') == 0
    )
    # Ticking a sign and sending the form by keyboard alone gives the steps for it.
    page.goto(f"{live_server}/overdose?lang={lang}")
    page.locator("input[value=not_breathing]").focus()
    page.keyboard.press("Space")
    page.locator("form.signs button[type=submit]").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/overdose?**sign=not_breathing**")
    assert page.locator("#cpr").count() == 1
    context.close()


# --- a meeting with notes -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_a_meeting_with_notes_in_an_unknown_language_passes_axe(browser: Browser, live_server: str, lang: str) -> None:
    """Meeting notes are marked lang="" (unknown language): axe's valid-lang must accept that on a real meeting page."""
    import re
    import urllib.request

    found = ""
    for near in ("19103", "94110", "98101", "64105"):
        with urllib.request.urlopen(f"{live_server}/meetings?near={near}") as answer:
            ids = list(dict.fromkeys(re.findall(r'href="(/meetings/\d+)"', answer.read().decode())))
        for path in ids[:40]:
            with urllib.request.urlopen(live_server + path) as answer:
                if 'lang=""' in answer.read().decode():
                    found = path
                    break
        if found:
            break
    assert found, "no meeting with notes near the sample places: are the bundled feeds loaded?"
    context = browser.new_context(locale="es-US" if lang == "es" else "en-US")
    context.set_extra_http_headers({"Accept-Language": "es-US,es;q=0.9" if lang == "es" else "en-US,en;q=0.9"})
    page = context.new_page()
    try:
        page.goto(live_server + found)
        violations = serious_axe_violations(page)
        assert violations == [], f"{found} ({lang}): {_summary(violations)}"
    finally:
        context.close()
