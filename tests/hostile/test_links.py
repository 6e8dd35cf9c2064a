"""Stored XSS: a facility website from an import or a poisoned sync never becomes a script link.

Every URL field a facility stores is filled with hostile URLs (schemes in mixed case, whitespace and control
characters a browser strips), written through the repository on SQLite and PostgreSQL, and its page is read
as a browser would: no link target may have a scheme outside http, https, tel and mailto.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

from recoverynav.app import create_app
from recoverynav.directory import Facility
from recoverynav.directory.repository import FacilityRepository, ImportRun
from recoverynav.web.deps import facility_repository
from recoverynav.web.links import safe_url, web_url
from tests.hostile.links import browser_scheme, link_targets, unsafe_targets

HOSTILE_URLS = [
    "javascript:alert(document.domain)//://x",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "\x01javascript:alert(1)",
    "\u3000javascript:alert(1)",
    "javascript&colon;alert(1)",
    "javascript:alert(1)#http://x.example",
    "data:text/html,<script>alert(1)</script>",
    "DATA:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "VBScript:msgbox(1)",
    "file:///etc/passwd",
    "http:\\\\evil.example",
]
URL_FIELDS = [name for name in Facility.model_fields if "url" in name or "website" in name]
TEMPLATES = Path(__file__).parents[2] / "src" / "recoverynav" / "web" / "templates"


@pytest.fixture()
def page_client(facility_repo: FacilityRepository) -> Iterator[TestClient]:
    app = create_app()
    app.dependency_overrides[facility_repository] = lambda: facility_repo
    with TestClient(app) as test_client:
        yield test_client


def test_facilities_have_url_fields() -> None:
    assert URL_FIELDS, "the directory stores no URL field any more: update this test"


@pytest.mark.parametrize("field", URL_FIELDS)
def test_hostile_urls_in_stored_fields_are_never_links(
    facility_repo: FacilityRepository, page_client: TestClient, field: str
) -> None:
    rows = [
        Facility.model_construct(
            **{
                **Facility(frid=f"x{n}", name="Clinic", source="test", dataset="hostile", snapshot_year=2026).__dict__,
                field: url,
            }
        )
        for n, url in enumerate(HOSTILE_URLS)
    ]
    facility_repo.upsert(rows, ImportRun(dataset="hostile", source_name="t", sha256="1" * 64, rows=len(rows)))
    for n, url in enumerate(HOSTILE_URLS):
        page = page_client.get(f"/facilities/x{n}")
        assert page.status_code == 200
        assert unsafe_targets(page.text) == [], url
        assert "<script>alert(1)</script>" not in page.text


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_the_filters_never_pass_a_script_scheme(url: str) -> None:
    assert safe_url(url) == "" or browser_scheme(safe_url(url)) in ("http", "https")
    assert browser_scheme(web_url(url)) in (None, "http", "https")


@pytest.mark.parametrize(
    ("website", "href"),
    [("www.example.org", "http://www.example.org"), ("https://example.org/x", "https://example.org/x")],
)
def test_ordinary_websites_stay_links(website: str, href: str) -> None:
    assert web_url(website) == href


@given(st.text(max_size=60))
def test_whatever_passes_has_an_allowed_scheme_or_none(text: str) -> None:
    for href in (safe_url(text), web_url(text), safe_url("java" + text), web_url(text + ":x")):
        assert browser_scheme(href) in (None, "http", "https"), href
        if browser_scheme(href) is None:
            assert href == "" or href[0] in "/#?", href


def test_every_templated_link_target_passes_the_allow_list() -> None:
    # A link target built from data in a template must go through safe_url / web_url (or be a fixed tel:,
    # fragment or site path): a new template that forgets it fails here.
    pattern = re.compile(r'(?:href|src|action|formaction)="\{\{(?P<expr>[^}]*)\}\}')
    # A name bound through the filter ({% set x = ... | safe_url %}, {% trans x=(...) | safe_url %}) passes too.
    bound = re.compile(r"(\w+)\s*=\s*(?:\([^)]*\)|[^\s%|]+)\s*\|\s*(?:safe_url|web_url)\b")
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        names = set(bound.findall(text))
        offenders += [
            f"{path.relative_to(TEMPLATES)}: {m.group(0)}"
            for m in pattern.finditer(text)
            if not re.search(r"\|\s*(safe_url|web_url)\b|^\s*tel_href\(", m.group("expr"))
            and m.group("expr").strip() not in names
        ]
    assert offenders == []


def test_every_page_links_only_to_allowed_schemes(client: TestClient) -> None:
    pages = ["/", "/substances", "/substances/baclofen", "/overdose", "/check?substances=baclofen,alcohol"]
    pages += ["/treatment", "/treatment/assess", "/screening", "/screening/audit", "/find?near=22902"]
    for path in pages:
        page = client.get(path)
        assert page.status_code == 200, path
        assert link_targets(page.text) and unsafe_targets(page.text) == [], path
