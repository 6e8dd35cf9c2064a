"""Spanish pages that test_accessibility cannot reach from the routes (posted forms, filled-in queries), in Chromium
at 320 and 1280 px: lang="es", no sideways scrolling, axe finds nothing serious (every rule at 1280 px, the
width-dependent ones at 320 px, as test_accessibility splits them). The English ones are in test_site and the
pages' own walks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import WIDTH_RULES, serious_axe_violations
from tests.pages import FACILITY_SEARCH

pytestmark = pytest.mark.browser

WIDTHS = (320, 1280)


def _facilities(page: Page, base: str) -> list[str]:
    page.goto(base + FACILITY_SEARCH)
    links = page.locator("ol.facilities h3 a")
    return [str(links.nth(i).get_attribute("href")).rsplit("/", 1)[1] for i in range(2)]


def _screening_result(page: Page, base: str) -> None:
    page.goto(f"{base}/screening/audit-c")
    for question, answer in (("1. How often", "Monthly or less"), ("2. How many", "3 or 4"), ("3. How often", "Never")):
        page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()
    page.locator("form.questionnaire button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Su resultado del AUDIT-C")


def _treatment_result(page: Page, base: str) -> None:
    page.goto(f"{base}/treatment/assess")
    page.fill("#substances", "baclofen, alcohol")
    page.locator("form.questionnaire button[type=submit]").click()
    expect(page.get_by_role("heading", name="Qué hacer después")).to_be_visible()


def _compare(page: Page, base: str) -> None:
    a, b = _facilities(page, base)
    page.goto(f"{base}/facilities/compare?frid={a}&frid={b}&near=22902")
    expect(page.get_by_role("heading", level=1)).to_have_text("Comparar centros")
    expect(page.get_by_role("rowheader", name="Distancia")).to_be_visible()


def _questions(page: Page, base: str) -> None:
    page.goto(f"{base}/questions?care=DT&medication=BU")
    expect(page.locator("#q-detox_next")).to_contain_text("desintoxicación")


def _report_form_with_errors(page: Page, base: str) -> None:
    frid = _facilities(page, base)[0]
    page.goto(f"{base}/facilities/{frid}")
    # Sent without a reason (the browser's own check removed): the form comes back naming the field.
    page.evaluate("document.querySelectorAll('.report-form [required]').forEach(e => e.removeAttribute('required'))")
    page.locator(".report-form button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Informar de un registro con errores")


def _empty_result(page: Page, base: str) -> None:
    page.goto(f"{base}/find?near=22902&radius=5&type=HI&payment=military&language=F81")
    expect(page.locator("#empty-result")).to_contain_text("No se encontró nada")


PAGES: dict[str, Callable[[Page, str], None]] = {
    "screening result": _screening_result,
    "treatment result": _treatment_result,
    "compare": _compare,
    "questions": _questions,
    "report form with errors": _report_form_with_errors,
    "empty search": _empty_result,
}


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def spanish_page(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": request.param, "height": 800}, locale="es-US")
    context.set_extra_http_headers({"Accept-Language": "es-US,es;q=0.9"})
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("name", PAGES)
def test_spanish_result_pages_are_accessible(spanish_page: Page, live_server: str, name: str) -> None:
    PAGES[name](spanish_page, live_server)
    spanish_page.wait_for_load_state()
    assert spanish_page.get_attribute("html", "lang") == "es", name
    width = spanish_page.viewport_size["width"] if spanish_page.viewport_size else 0
    assert spanish_page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} scrolls sideways"
    violations = serious_axe_violations(spanish_page, only=WIDTH_RULES if width < max(WIDTHS) else ())
    assert violations == [], f"{name} ({width} px): {[v['id'] for v in violations]}"


def test_a_report_sent_in_spanish_is_thanked_in_spanish(browser: Browser, live_server: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="es-US")
    context.set_extra_http_headers({"Accept-Language": "es-US,es;q=0.9"})
    page = context.new_page()
    frid = _facilities(page, live_server)[0]
    page.goto(f"{live_server}/facilities/{frid}")
    page.get_by_label("El número de teléfono es incorrecto").check()
    page.get_by_role("button", name="Enviar el informe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gracias")
    expect(page.locator("dl.facts")).to_contain_text("El número de teléfono es incorrecto")
    assert serious_axe_violations(page) == []
    context.close()
