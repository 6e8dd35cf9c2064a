"""Two rules every route follows without opting in: bodies are small forms or JSON, and answers are not cached.

* ``BodyLimitMiddleware``: a body over ``MAX_BODY_BYTES`` is refused with 413 (by its Content-Length, or while
  it streams), and ``multipart/form-data`` with 415 except on ``UPLOAD_PATHS`` (the plan file): a form field
  uploaded as a file must not become a substance name.
* ``NoStoreMiddleware``: ``Cache-Control: no-store`` on every answer that can carry what a person entered:
  any method but GET/HEAD, any request with a query string, and every error. A shared or back-forward cache
  must not keep someone's substances, answers or place.
"""

from __future__ import annotations

import re

from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from recoverynav.i18n import N_, Text

# Forms and JSON bodies here are a few KB (40 names, a questionnaire); 256 KB leaves room and bounds the work.
MAX_BODY_BYTES = 256 * 1024
SAFE_METHODS = frozenset({"GET", "HEAD"})
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

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        private_request = scope["method"] not in SAFE_METHODS or bool(scope.get("query_string"))

        async def send_private(message: Message) -> None:
            if message["type"] == "http.response.start" and (private_request or int(message["status"]) >= 400):
                MutableHeaders(scope=message)["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_private)
