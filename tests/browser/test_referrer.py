"""Why the site sends ``Referrer-Policy: same-origin`` and not ``no-referrer`` (#21), shown in Chromium.

Under ``no-referrer`` Chromium posts a page's own form with ``Origin: null`` (Fetch: "append a request Origin
header"), and the public forms refuse a null Origin as cross-site. The test serves the real callback page, once
with the site's header and once rewritten to ``no-referrer``, and submits the empty form: the site's policy
reaches the form's own checks (422, the fields to fix); ``no-referrer`` is refused as coming from elsewhere (403).
Nothing is stored either way.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Route

from recoverynav.web.security_headers import security_headers


def _submit_empty_callback_form(page: Page, base: str, policy: str | None) -> tuple[int, str | None]:
    origins: list[str | None] = []

    def serve(route: Route) -> None:
        if route.request.method == "POST":
            origins.append(route.request.headers.get("origin"))
            route.continue_()
            return
        response = route.fetch()
        headers = {**response.headers}
        if policy is not None:
            headers["referrer-policy"] = policy
        route.fulfill(response=response, headers=headers)

    page.route(f"{base}/callback", serve)
    page.goto(f"{base}/callback")
    with page.expect_navigation() as navigation:
        # No validation in the browser: the server's answer to an empty form is what is compared.
        page.evaluate(
            "() => { const f = document.querySelector('form.callback-form'); f.noValidate = true; f.submit(); }"
        )
    answer = navigation.value
    assert answer is not None
    page.unroute(f"{base}/callback")
    return answer.status, origins[0] if origins else None


@pytest.mark.parametrize(
    ("policy", "status", "origin_is_null"),
    [(None, 422, False), ("no-referrer", 403, True)],
    ids=["site-policy", "no-referrer"],
)
def test_no_referrer_would_make_the_site_refuse_its_own_forms(
    page: Page, live_server: str, policy: str | None, status: int, origin_is_null: bool
) -> None:
    assert security_headers()["referrer-policy"] == "same-origin"
    answered, origin = _submit_empty_callback_form(page, live_server, policy)
    assert (origin == "null") is origin_is_null, origin
    assert answered == status
