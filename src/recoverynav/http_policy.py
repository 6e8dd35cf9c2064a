"""Rules every route follows without opting in: small requests, and answers with personal input are not cached.

* ``HeaderLimitMiddleware``: request headers over ``MAX_HEADER_BYTES`` (names and values together) or more than
  ``MAX_HEADER_COUNT`` of them are refused with 431 before any route runs (#21); cookies here are a few short
  tokens, and a bound keeps each request's parsing work small.
* ``BodyLimitMiddleware``: a body over ``MAX_BODY_BYTES`` is refused with 413 (by its Content-Length, or while
  it streams), and ``multipart/form-data`` with 415 except on ``UPLOAD_PATHS`` (the plan file): a form field
  uploaded as a file must not become a substance name.
* ``NoStoreMiddleware``: ``Cache-Control: no-store`` on every answer that can carry what a person entered:
  any method but GET/HEAD, any request with a query string, every error, and every request that carries
  credentials (an ``Authorization`` header or a sign-in cookie): what a signed-in account reads is a case,
  a caller or a referral. A shared or back-forward cache must not keep someone's substances, answers or place.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from recoverynav.i18n import N_, Text

# Forms and JSON bodies here are a few KB (40 names, a questionnaire); 256 KB leaves room and bounds the work.
MAX_BODY_BYTES = 256 * 1024
SAFE_METHODS = frozenset({"GET", "HEAD"})
# Browsers send 0.5-2 KB; nginx's default bound is 8 KB a line. Below uvicorn's own h11 bound (16 KB a head).
MAX_HEADER_BYTES = 12 * 1024
MAX_HEADER_COUNT = 100
# (request, status, messages) -> the HTML error page with the emergency box (web/errors.py error_page).
PageRenderer = Callable[[Request, int, list[str]], Response]
# The forms that take a file, the plan file (read as JSON by plans.load_plan, size-capped): /plan loads one back, and
# a consultant attaches one to a case at the person's request; everywhere else a file upload is refused.
UPLOAD_PATHS = frozenset({"/plan"})
UPLOAD_PATTERN = re.compile(r"/staff/cases/[0-9a-f]{1,64}/plan")


class BodyLimitMiddleware:
    """Refuse bodies over ``max_bytes`` (413) and file uploads (415) before a route parses them."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        refusal = self._refusal(headers, scope.get("path", ""))
        seen = 0

        async def limited_receive() -> Message:
            # Raised where a route reads its body, so the app's own error handlers render the page or JSON.
            nonlocal seen
            if refusal is not None:
                raise refusal
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise self._too_large()
            return message

        await self.app(scope, limited_receive, send)

    def _refusal(self, headers: Headers, path: str) -> HTTPException | None:
        media_type = headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type == "multipart/form-data" and path not in UPLOAD_PATHS and not UPLOAD_PATTERN.fullmatch(path):
            return HTTPException(415, N_("Files are not accepted: send the form fields as ordinary text."))
        length = headers.get("content-length", "")
        if length and (not length.isascii() or not length.isdigit() or len(length) > 12):
            return HTTPException(400, N_("Content-Length is not a number."))
        if length and int(length) > self.max_bytes:
            return self._too_large()
        return None

    def _too_large(self) -> HTTPException:
        # A Text: English here, translated where the error is drawn (recoverynav.api.errors).
        return HTTPException(413, Text(N_("The body is larger than %(kb)s KB; send less."), kb=self.max_bytes // 1024))


class NoStoreMiddleware:
    """Add ``Cache-Control: no-store`` to answers that may carry what a person entered (see the module doc)."""

    def __init__(self, app: ASGIApp, credential_cookies: tuple[str, ...] = ()) -> None:
        self.app = app
        self.credential_cookies = credential_cookies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        private_request = (
            scope["method"] not in SAFE_METHODS or bool(scope.get("query_string")) or self._signed_in(scope)
        )

        async def send_private(message: Message) -> None:
            if message["type"] == "http.response.start" and (private_request or int(message["status"]) >= 400):
                MutableHeaders(scope=message)["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_private)

    def _signed_in(self, scope: Scope) -> bool:
        """The request carries credentials: whatever it reads belongs to an account (and to the people in it)."""
        headers = Headers(scope=scope)
        if "authorization" in headers:
            return True
        cookies = ";".join(headers.getlist("cookie"))
        return any(f"{name}=" in cookies for name in self.credential_cookies)


async def refuse(
    scope: Scope,
    receive: Receive,
    send: Send,
    status: int,
    message: str,
    page: PageRenderer | None,
    headers: dict[str, str] | None = None,
) -> None:
    """Answer before any route runs: JSON ``{"detail": message}`` under ``/api/``, else ``page`` (HTML), no-store."""
    extra = {**(headers or {}), "Cache-Control": "no-store"}
    if page is None or scope.get("path", "").startswith("/api/"):
        response: Response = JSONResponse({"detail": message}, status_code=status, headers=extra)
    else:
        response = page(Request(scope, receive), status, [message])
        response.headers.update(extra)
    await response(scope, receive, send)


class HeaderLimitMiddleware:
    """Refuse requests whose headers are too many or too large (431), with the site's error page or JSON."""

    def __init__(
        self,
        app: ASGIApp,
        page: PageRenderer | None = None,
        max_bytes: int = MAX_HEADER_BYTES,
        max_count: int = MAX_HEADER_COUNT,
    ) -> None:
        self.app = app
        self.page = page
        self.max_bytes = max_bytes
        self.max_count = max_count

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            raw = scope.get("headers", [])
            size = sum(len(name) + len(value) for name, value in raw)
            if size > self.max_bytes or len(raw) > self.max_count:
                message = (
                    f"The request headers are too large (at most {self.max_bytes // 1024} KB and {self.max_count} "
                    "headers): clear this site's cookies or send fewer headers."
                )
                # Rendered without the oversized headers: the page must not read the cookies it refuses.
                trimmed = {**scope, "headers": [(k, v) for k, v in raw if k.lower() == b"host"][:1]}
                await refuse(trimmed, receive, send, 431, message, self.page)
                return
        await self.app(scope, receive, send)
