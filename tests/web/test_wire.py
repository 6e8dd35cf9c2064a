"""The wire (#21): compression, ETag/304, HEAD, hashed static URLs, HSTS and the header limit, through the real app."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from recoverynav.app import route_entries
from recoverynav.settings import get_settings
from recoverynav.web.static_files import _HASHED, IMMUTABLE, SHORT_CACHE, static_url
from recoverynav.wire import accepted_encodings, choose_encoding, etag_matches
from tests.pages import FACILITY_SEARCH, every_page, fill, first_facility

STATIC_IN_PAGE = re.compile(r'(?:src|href|data-[a-z-]+)="(/static/[^"]+)"')


def _url(client: TestClient, target: str) -> str:
    return fill(target, lambda: first_facility(client.get(FACILITY_SEARCH).text))


@pytest.mark.parametrize(
    ("accept", "coding"),
    [
        ("br", "br"),
        ("gzip, deflate, br", "br"),
        ("gzip", "gzip"),
        ("br;q=0, gzip", "gzip"),
        ("identity", None),
        ("", None),
    ],
)
def test_text_is_compressed_as_the_client_accepts(client: TestClient, accept: str, coding: str | None) -> None:
    plain = client.get("/overdose", headers={"accept-encoding": "identity"})
    response = client.get("/overdose", headers={"accept-encoding": accept})
    assert response.headers.get("content-encoding") == coding
    assert "Accept-Encoding" in response.headers["vary"]
    assert response.text == plain.text  # the client decoded exactly the page
    if coding:
        assert int(response.headers["content-length"]) < len(plain.content) / 2


@pytest.mark.parametrize(
    ("target", "public"),
    [("/healthz", True), ("/staff/login", False), ("/api/v1/staff/me", False), ("/api/v1/facility/openings", False)],
)
def test_small_answers_and_the_back_office_are_never_compressed(client: TestClient, target: str, public: bool) -> None:
    response = client.get(target, headers={"accept-encoding": "br, gzip"})
    assert "content-encoding" not in response.headers, target
    assert ("etag" in response.headers) is public, target


@pytest.mark.parametrize(
    "credentials", [{"authorization": "Bearer x"}, {"cookie": "__Host-rn_staff=x"}, {"cookie": "a=1; __Host-rn_pre=y"}]
)
def test_an_answer_to_a_request_with_credentials_is_neither_compressed_nor_tagged(
    client: TestClient, credentials: dict[str, str]
) -> None:
    response = client.get("/overdose", headers={"accept-encoding": "br, gzip", **credentials})
    assert response.status_code == 200
    assert "content-encoding" not in response.headers and "etag" not in response.headers
    client.cookies.clear()


def test_a_compressed_image_is_sent_as_it_is(client: TestClient) -> None:
    response = client.get("/static/vendor/leaflet/images/marker-icon.png", headers={"accept-encoding": "br, gzip"})
    assert response.status_code == 200 and "content-encoding" not in response.headers
    assert response.headers["content-type"] == "image/png"


@pytest.mark.parametrize("target", ["/overdose", "/", "/api/v1/substances", "/api/v1/substances/baclofen"])
def test_public_answers_carry_a_strong_etag_and_answer_304(client: TestClient, target: str) -> None:
    first = client.get(target)
    etag = first.headers["etag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag), etag
    assert first.headers["cache-control"] == "no-cache"
    again = client.get(target, headers={"if-none-match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag and "Accept-Encoding" in again.headers["vary"]
    assert client.get(target, headers={"if-none-match": '"0000", W/' + etag}).status_code == 304
    assert client.get(target, headers={"if-none-match": '"another"'}).status_code == 200


def test_each_encoding_has_its_own_etag(client: TestClient) -> None:
    tags = {client.get("/overdose", headers={"accept-encoding": c}).headers["etag"] for c in ("br", "gzip", "identity")}
    assert len(tags) == 3
    br = client.get("/overdose", headers={"accept-encoding": "br"}).headers["etag"]
    assert client.get("/overdose", headers={"accept-encoding": "gzip", "if-none-match": br}).status_code == 200


@pytest.mark.parametrize(
    "target", ["/find?near=22902&radius=10", "/api/v1/facilities?near=22902", "/no-such-page", "/staff/login"]
)
def test_no_etag_where_answers_are_not_kept(client: TestClient, target: str) -> None:
    response = client.get(target, headers={"if-none-match": "*"})
    assert response.status_code != 304 and "etag" not in response.headers
    assert "no-store" in response.headers.get("cache-control", ""), target


def _get_routes() -> list[str]:
    return sorted({e.path for e in route_entries() if "GET" in e.methods and "{" not in e.path} | set(every_page()))


@pytest.mark.parametrize("target", _get_routes())
def test_head_is_answered_wherever_get_is(client: TestClient, target: str) -> None:
    url = _url(client, target)
    got = client.get(url, follow_redirects=False)
    head = client.head(url, follow_redirects=False)
    assert head.status_code == got.status_code != 405, url
    assert head.content == b""
    for name in ("content-type", "content-length", "content-encoding", "etag", "cache-control", "location"):
        assert head.headers.get(name) == got.headers.get(name), (url, name)


def test_head_of_a_post_only_address_is_405_like_get(client: TestClient) -> None:
    assert client.head("/api/v1/overdose").status_code == client.get("/api/v1/overdose").status_code == 405


# --- static files ---


def test_every_static_url_in_a_page_names_its_content_and_is_cached_a_year(client: TestClient) -> None:
    seen: set[str] = set()
    for target in ["/", "/api/docs", FACILITY_SEARCH, "/facilities/compare?frid=x", _url(client, "/facilities/{frid}")]:
        seen |= set(STATIC_IN_PAGE.findall(client.get(target).text))
    assert len(seen) >= 6, seen
    for url in sorted(seen):
        name = url.removeprefix("/static/")
        assert _HASHED.fullmatch(name), url
        response = client.get(url)
        assert response.status_code == 200 and response.headers["cache-control"] == IMMUTABLE, url


def test_a_plain_or_stale_static_name_still_works_with_a_short_cache(client: TestClient) -> None:
    hashed = static_url("style.css")
    body = client.get(hashed).content
    for url in ("/static/style.css", "/static/style.0123456789abcdef.css"):
        response = client.get(url)
        assert response.status_code == 200 and response.content == body
        assert response.headers["cache-control"] == SHORT_CACHE, url
    assert client.get("/static/nothing.0123456789abcdef.css").status_code == 404
    assert client.get("/static/../settings.py").status_code == 404


def test_static_text_is_compressed_once_and_validated(client: TestClient) -> None:
    url = static_url("vendor/leaflet/leaflet.js")
    plain = client.get(url, headers={"accept-encoding": "identity"})
    for coding in ("br", "gzip"):
        response = client.get(url, headers={"accept-encoding": coding})
        assert response.headers["content-encoding"] == coding and response.content == plain.content
        assert int(response.headers["content-length"]) < len(plain.content) / 2
        again = client.get(url, headers={"accept-encoding": coding, "if-none-match": response.headers["etag"]})
        assert again.status_code == 304 and again.content == b""
    assert client.head(url).content == b"" and client.head(url).status_code == 200


def test_a_template_literal_is_rewritten_but_a_missing_file_keeps_its_plain_url() -> None:
    from recoverynav.web.rendering import templates

    html = templates.env.from_string('<link href="/static/style.css"><img src="/static/missing.png">').render()
    assert f'href="{static_url("style.css")}"' in html and 'src="/static/missing.png"' in html


# --- headers ---


def test_hsts_only_when_the_deployer_says_tls_is_in_front(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    assert "strict-transport-security" not in client.get("/").headers
    monkeypatch.setenv("RECOVERYNAV_HSTS", "on")
    get_settings.cache_clear()
    try:
        for target in ("/", "/api/v1/substances", static_url("style.css"), "/no-such-page"):
            assert client.get(target).headers["strict-transport-security"] == "max-age=31536000", target
    finally:
        get_settings.cache_clear()


@pytest.mark.parametrize(("target", "html"), [("/overdose", True), ("/api/v1/substances", False)])
def test_oversized_headers_are_refused_with_431(client: TestClient, target: str, html: bool) -> None:
    response = client.get(target, headers={"x-padding": "a" * 13_000})
    assert response.status_code == 431 and response.headers["cache-control"] == "no-store"
    if html:
        assert '<aside class="emergency"' in response.text and "request headers are too large" in response.text
    else:
        assert "request headers are too large" in response.json()["detail"]
    many = {f"x-h{i}": "1" for i in range(120)}
    assert client.get(target, headers=many).status_code == 431
    assert client.get(target, headers={"x-padding": "a" * 4000}).status_code == 200


# --- the parsing rules, as tables ---


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("gzip, br", {"gzip": 1.0, "br": 1.0}),
        ("br;q=0.5, gzip;q=0", {"br": 0.5, "gzip": 0.0}),
        ("*;q=0.1", {"*": 0.1}),
        ("gzip;q=x", {"gzip": 0.0}),
        ("", {}),
    ],
)
def test_accept_encoding_is_read_with_its_weights(header: str, expected: dict[str, float]) -> None:
    assert accepted_encodings(header) == expected


@pytest.mark.parametrize(
    ("header", "coding"),
    [("*", "br"), ("*;q=0", None), ("gzip;q=0, *", "br"), ("br;q=0, *;q=0", None), ("deflate", None)],
)
def test_the_encoding_chosen(header: str, coding: str | None) -> None:
    assert choose_encoding(header) == coding


@pytest.mark.parametrize(
    ("header", "matches"),
    [('"a"', True), ('W/"a"', True), ('"b", "a"', True), ("*", True), ('"b"', False), ('"a-br"', False)],
)
def test_if_none_match_uses_weak_comparison(header: str, matches: bool) -> None:
    assert etag_matches(header, '"a"') is matches
