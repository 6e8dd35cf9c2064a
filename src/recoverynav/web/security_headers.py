"""Security headers on every response: a strict Content-Security-Policy and the usual companions.

Every script is a file under ``/static`` (no inline script, no ``eval``); a page hands data to its script as a
JSON island (``<script type="application/json">``), which the policy leaves alone because it never runs.
Nothing comes from another host, so no third party learns who reads which page, unless the operator sets
``RECOVERYNAV_MAP_TILE_URL``: only that tile server is then allowed, and only for images.

``Referrer-Policy: no-referrer``: page URLs carry what a person typed (a ZIP code, substances), and nothing is passed
on, not even to the site itself. Under that policy a browser posts the site's own forms with ``Origin: null``
(Fetch standard, "append a request Origin header"; tests/browser/test_referrer.py shows it in Chromium), the same
Origin a sandboxed attacker frame sends. The public forms (callback, listing report) therefore accept a null
Origin only when the browser's own ``Sec-Fetch-Site`` header, which a page cannot set, says ``same-origin``
(``web/listing_reports.same_origin``).

``Strict-Transport-Security`` only when the deployer says TLS is in front (``RECOVERYNAV_HSTS=on``): sent over
plain HTTP on a test box it would lock browsers out of that host for a year.
"""

from __future__ import annotations

from functools import cache

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from recoverynav.wiring import settings as current_settings


@cache
def content_security_policy(tile_origin: str | None = None) -> str:
    """The policy for every page; ``tile_origin`` (a CSP source, ``https://*.tile.example.org``) allows map tiles."""
    images = "'self' data:" + (f" {tile_origin}" if tile_origin else "")
    directives = {
        "default-src": "'self'",
        "script-src": "'self'",
        # Leaflet and Swagger UI position elements through element.style (the CSSOM), which the policy allows;
        # style attributes written in markup and <style> elements are refused.
        "style-src": "'self'",
        # data: covers the empty favicon and Swagger UI's inline SVG icons.
        "img-src": images,
        "connect-src": "'self'",
        "font-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


HSTS = "max-age=31536000"


def security_headers(tile_origin: str | None = None, *, hsts: bool = False) -> dict[str, str]:
    """Every header the middleware adds, by lower-case name; ``hsts`` when TLS is in front."""
    headers = {
        "content-security-policy": content_security_policy(tile_origin),
        "x-content-type-options": "nosniff",
        # Page URLs carry what a person typed (a ZIP code, substances, overdose signs): never pass them on.
        "referrer-policy": "no-referrer",
        "x-frame-options": "DENY",
        "cross-origin-opener-policy": "same-origin",
        "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    }
    if hsts:
        headers["strict-transport-security"] = HSTS
    return headers


class SecurityHeadersMiddleware:
    """Add :func:`security_headers` to every HTTP response that does not already set them."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        settings = current_settings()
        extra = security_headers(settings.map_tile_origin, hsts=settings.hsts)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in extra.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)
