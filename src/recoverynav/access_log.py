"""An access log that never records personal data.

Query strings carry what a person typed: overdose signs, substances, a ZIP code, screening answers
sent by GET. uvicorn's own access log prints them, so ``serve`` turns it off and this middleware logs
only the method, the path template's concrete path, the status and the time taken.
"""

from __future__ import annotations

import logging
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger("recoverynav.access")


class AccessLogMiddleware:
    """Log ``METHOD /path STATUS ms`` for each HTTP request; never the query string, headers or body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_and_note)
        finally:
            elapsed = (time.perf_counter() - start) * 1000
            logger.info("%s %s %d %.1fms", scope["method"], scope["path"], status, elapsed)
