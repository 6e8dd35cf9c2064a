"""The report form on facility pages: thank-you page, escaping, cross-site refusal, the "reported" notice."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from recoverynav.app import create_app
from recoverynav.directory.reports import resolve_report
from recoverynav.storage.engine import engine_for
from recoverynav.storage.listing_reports import SqlListingReportRepository
from tests.report_helpers import listed, serve_without_bundled

CONTACT = "reporter-9c1d@example.org"
SAME_SITE = {"origin": "http://testserver"}


@pytest.fixture()
def site(configured_database: str) -> Iterator[TestClient]:
    serve_without_bundled(configured_database, listed("a"), listed("b"))
    with TestClient(create_app()) as client:
        yield client


def test_every_facility_page_has_the_form_and_no_notice(site: TestClient) -> None:
    page = site.get("/facilities/a")
    assert page.status_code == 200
    assert 'action="/facilities/a/report"' in page.text and 'name="reason"' in page.text
    assert "possibly out of date" not in page.text


def test_a_report_thanks_shows_escaped_and_marks_the_listing(site: TestClient, configured_database: str) -> None:
    script = "<script>alert('x')</script>"
    sent = site.post(
        "/facilities/a/report", data={"reason": "closed", "details": script, "contact": CONTACT}, headers=SAME_SITE
    )
    assert sent.status_code == 200 and "Thank you" in sent.text
    assert not sent.history and str(sent.url) == "http://testserver/facilities/a/report"  # no redirect carrying it
    assert script not in sent.text and "&lt;script&gt;" in sent.text and CONTACT not in sent.text
    page = site.get("/facilities/a")
    assert "Reported as possibly out of date on" in page.text and script not in page.text
    assert "possibly out of date" not in site.get("/facilities/b").text
    reports = SqlListingReportRepository(engine_for(configured_database))
    (stored,) = reports.queue(open_only=True)
    assert stored.details == script
    resolve_report(stored.id, "checked", actor="test", reports=reports)
    assert "possibly out of date" not in site.get("/facilities/a").text


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": "https://evil.example"},
        {"origin": "null"},
        {"origin": "null", "sec-fetch-site": "cross-site"},
        {"origin": "null", "sec-fetch-site": "same-site"},
        {"origin": "https://evil.example", "sec-fetch-site": "same-origin"},
        {"referer": "https://evil.example/page"},
        {"origin": "http://testserver.evil.example", "referer": "http://testserver/facilities/a"},
    ],
)
def test_cross_site_posts_are_refused(site: TestClient, configured_database: str, headers: dict[str, str]) -> None:
    refused = site.post("/facilities/a/report", data={"reason": "closed"}, headers=headers)
    assert refused.status_code == 403
    assert SqlListingReportRepository(engine_for(configured_database)).queue(open_only=False) == []


@pytest.mark.parametrize(
    "headers",
    [{}, {"referer": "http://testserver/facilities/a"}, SAME_SITE, {"origin": "null", "sec-fetch-site": "same-origin"}],
)
def test_same_site_or_headerless_posts_are_accepted(site: TestClient, headers: dict[str, str]) -> None:
    assert site.post("/facilities/a/report", data={"reason": "other"}, headers=headers).status_code == 200


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"reason": "nonsense"}, "reason"),
        ({"details": "no reason given"}, "reason"),
        ({"reason": "other", "details": "y" * 1001}, "details"),
        ({"reason": "other", "contact": CONTACT * 10}, "contact"),
    ],
)
def test_bad_forms_name_the_field_and_never_repeat_the_contact(
    site: TestClient, data: dict[str, str], field: str
) -> None:
    page = site.post("/facilities/a/report", data=data, headers=SAME_SITE)
    assert page.status_code == 422 and f"({field})" in page.text
    assert CONTACT not in page.text


def test_unknown_listing_is_404(site: TestClient) -> None:
    assert site.post("/facilities/nope/report", data={"reason": "other"}, headers=SAME_SITE).status_code == 404


def test_web_rate_limit_is_429_with_retry_after(site: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from recoverynav.settings import get_settings

    monkeypatch.setenv("RECOVERYNAV_REPORT_LIMIT_PER_FACILITY", "1")
    get_settings.cache_clear()
    assert site.post("/facilities/b/report", data={"reason": "other"}, headers=SAME_SITE).status_code == 200
    limited = site.post("/facilities/b/report", data={"reason": "other"}, headers=SAME_SITE)
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 0
    get_settings.cache_clear()


def test_the_report_pages_answer_in_spanish(site: TestClient) -> None:
    bad = site.post("/facilities/a/report?lang=es", data={"details": "sin motivo"}, headers=SAME_SITE)
    assert (
        bad.status_code == 422
        and "Qué está mal (reason): elija una opción: El número de teléfono es incorrecto" in bad.text
    )
    refused = site.post("/facilities/a/report?lang=es", data={"reason": "closed"}, headers={"origin": "null"})
    assert refused.status_code == 403 and "<h1>Informe no aceptado</h1>" in refused.text
    thanks = site.post("/facilities/a/report?lang=es", data={"reason": "closed"}, headers=SAME_SITE)
    assert "<h1>Gracias</h1>" in thanks.text and "<dd>El lugar ha cerrado</dd>" in thanks.text
    assert re.search(r"Se informó el \d{1,2} de [a-z]+ de \d{4} que podría", site.get("/facilities/a?lang=es").text)
