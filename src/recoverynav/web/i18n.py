"""Which language a page is drawn in, and the headers and links that say so.

Order: ``?lang=`` (the language switch on every page is a plain link adding it, so it works without JavaScript),
then the ``lang`` cookie that link sets, then ``Accept-Language``, then English. The answer names its language
(``Content-Language``, ``<html lang>``), says it varies by ``Accept-Language`` and ``Cookie`` so no cache hands
one person's language to another, and links each language's version of the same address (``hreflang``).
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import Response

from recoverynav.i18n import LANGUAGES, NATIVE_NAMES, Language, negotiate, parse_accept_language, supported

COOKIE = "lang"
QUERY = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600


def request_language(request: Request) -> Language:
    """The language for this request: explicit choice, remembered choice, browser preference, English."""
    return negotiate(
        [
            request.query_params.get(QUERY),
            request.cookies.get(COOKIE),
            *parse_accept_language(request.headers.get("accept-language")),
        ]
    )


def language_url(request: Request, lang: Language | None) -> str:
    """This page's address (path and query) in ``lang``; None: with no ``lang`` at all (the negotiated default)."""
    query = [(k, v) for k, v in request.query_params.multi_items() if k != QUERY]
    if lang is not None:
        query.append((QUERY, lang))
    encoded = urlencode(query)
    return request.url.path + (f"?{encoded}" if encoded else "")


def alternates(request: Request) -> list[dict[str, str]]:
    """One entry per language: its code, its own name and this page's address in it (for links and hreflang)."""
    return [{"lang": lang, "name": NATIVE_NAMES[lang], "href": language_url(request, lang)} for lang in LANGUAGES]


def mark_language(request: Request, response: Response, lang: Language) -> None:
    """Name the answer's language, declare what it varies by, and remember a language chosen with ``?lang=``."""
    response.headers["Content-Language"] = lang
    vary = [v.strip() for v in response.headers.get("Vary", "").split(",") if v.strip()]
    for name in ("Accept-Language", "Cookie"):
        if name.lower() not in {v.lower() for v in vary}:
            vary.append(name)
    response.headers["Vary"] = ", ".join(vary)
    chosen = supported(request.query_params.get(QUERY))
    if chosen and request.cookies.get(COOKIE) != chosen:
        response.set_cookie(
            COOKIE,
            chosen,
            max_age=COOKIE_MAX_AGE,
            path="/",
            samesite="lax",
            httponly=True,
            secure=request.url.scheme == "https",
        )
