"""Every internal link a visitor can reach from the home page, two clicks deep, answers 200."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urldefrag, urljoin

import pytest
from fastapi.testclient import TestClient

HREF = re.compile(r"""<a\b[^>]*\bhref=["']([^"']+)["']""", re.IGNORECASE)
ID = re.compile(r"""\bid=["']([^"']+)["']""", re.IGNORECASE)
DEPTH = 2


def internal_links(page_url: str, html: str) -> list[str]:
    """The page's links to this site (absolute paths, fragment kept), in page order."""
    links: list[str] = []
    for raw in HREF.findall(html):
        href = unescape(raw).strip()
        if href.startswith(("tel:", "mailto:", "sms:", "javascript:")) or "//" in href.split("?")[0]:
            continue
        links.append(urljoin(page_url, href))
    return links


@pytest.fixture(scope="module")
def crawl(client: TestClient) -> dict[str, tuple[int, str]]:
    """Breadth-first from ``/``: every page reached within DEPTH clicks -> (status, html)."""
    pages: dict[str, tuple[int, str]] = {}
    frontier = ["/"]
    for depth in range(DEPTH + 1):
        following: list[str] = []
        for url in frontier:
            if url in pages:
                continue
            response = client.get(url, follow_redirects=True)
            html = response.text if "html" in response.headers.get("content-type", "") else ""
            pages[url] = (response.status_code, html)
            if depth < DEPTH:
                following += [urldefrag(link).url for link in internal_links(url, html)]
        frontier = list(dict.fromkeys(following))
    return pages


def test_the_crawl_reaches_every_face(crawl: dict[str, tuple[int, str]]) -> None:
    reached = {url.split("?")[0] for url in crawl}
    for path in ("/substances/baclofen", "/overdose", "/check", "/screening/audit", "/treatment/assess", "/find"):
        assert path in reached


def test_every_internal_link_answers_200(crawl: dict[str, tuple[int, str]]) -> None:
    dead = {url: status for url, (status, _) in crawl.items() if status != 200}
    assert dead == {}


def test_every_same_page_anchor_exists(crawl: dict[str, tuple[int, str]]) -> None:
    missing: list[str] = []
    for url, (_, html) in crawl.items():
        ids = set(ID.findall(html))
        for link in internal_links(url, html):
            target, fragment = urldefrag(link)
            if fragment and target == urldefrag(url).url and fragment not in ids:
                missing.append(f"{url} -> #{fragment}")
    assert missing == []


# Pages only a submitted form reaches, one per journey: their links must work too.
RESULT_PAGES = [
    "/substances?q=baclophen",
    "/check?substances=baclofen%2C+alcohol%2C+Xanax",
    "/overdose?sign=unresponsive&sign=slow_or_shallow_breathing&substance=baclofen",
    "/find?near=22902&payment=medicaid&language=SP",
    "/find?near=10001&payment=medicaid&language=SP",
]


@pytest.fixture(scope="module")
def prepared() -> None:
    """The start-up work ``recoverynav serve`` does (the bundled facilities), as for the live server."""
    from recoverynav.startup import prepare

    prepare()


@pytest.mark.parametrize("start", RESULT_PAGES)
@pytest.mark.usefixtures("prepared")
def test_links_from_result_pages_answer_200(client: TestClient, start: str) -> None:
    page = client.get(start)
    assert page.status_code == 200
    targets = dict.fromkeys(urldefrag(link).url for link in internal_links(start, page.text))
    dead = {url: status for url in targets if (status := client.get(url).status_code) != 200}
    assert dead == {}
