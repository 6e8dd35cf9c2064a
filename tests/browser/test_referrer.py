"""``Referrer-Policy: no-referrer`` and the public forms, shown in Chromium (#21).

Under ``no-referrer`` Chromium posts a page's own form with ``Origin: null`` (Fetch: "append a request Origin
header"), the same Origin a page with an opaque origin elsewhere sends. What tells them apart is the browser's own
``Sec-Fetch-Site``: ``same-origin`` for the site's form, ``cross-site`` for the other. The site's form reaches its
own checks (422, the fields to fix); the same form posted from an opaque-origin page is refused (403). Nothing is
stored either way.
"""

from __future__ import annotations

import html

from playwright.sync_api import Page, Request

from recoverynav.web.security_headers import security_headers


def _posted(page: Page, form: str) -> tuple[int, dict[str, str]]:
    seen: list[Request] = []
    page.on("request", lambda request: seen.append(request) if request.method == "POST" else None)
    with page.expect_navigation() as navigation:
        # No validation in the browser: the server's answer to an empty form is what is compared.
        page.evaluate("(css) => { const f = document.querySelector(css); f.noValidate = true; f.submit(); }", form)
    answer = navigation.value
    assert answer is not None and seen
    return answer.status, seen[0].all_headers()


def test_the_site_s_own_form_posts_under_no_referrer(page: Page, live_server: str) -> None:
    assert security_headers()["referrer-policy"] == "no-referrer"
    first = page.goto(f"{live_server}/callback")
    assert first is not None and first.headers["referrer-policy"] == "no-referrer"
    status, headers = _posted(page, "form.callback-form")
    assert headers.get("origin") == "null" and headers.get("sec-fetch-site") == "same-origin"
    assert "referer" not in headers
    assert status == 422


def test_the_same_form_from_an_opaque_origin_is_refused(page: Page, live_server: str) -> None:
    action = html.escape(f"{live_server}/callback", quote=True)
    page.set_content(f'<form method="post" action="{action}"><input name="name" value="x"></form>')
    status, headers = _posted(page, "form")
    assert headers.get("origin") == "null" and headers.get("sec-fetch-site") == "cross-site"
    assert status == 403
