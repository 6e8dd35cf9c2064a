"""An access log that never records personal data.

Query strings carry what a person typed: overdose signs, substances, a ZIP code, screening answers
sent by GET; so do path parameters (``/substances/<what was typed>``) and a crafted path can carry a
CR/LF to forge log lines. uvicorn's own access log prints all of that, so ``serve`` turns it off and this
middleware logs only the method, the route's template (``/substances/{substance_id}``, or ``-`` when no
route matched), the status and the time taken.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger("recoverynav.access")

KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def _compile(template: str) -> re.Pattern[str]:
    pattern = re.sub(r"\\{[^}:]+:path\\}", ".*", re.escape(template))
    return re.compile("^" + re.sub(r"\\{[^}]+\\}", "[^/]+", pattern) + "$")


class AccessLogMiddleware:
    """Log ``METHOD /route/{template} STATUS ms`` for each HTTP request; never the path, query, headers or body."""

    def __init__(
        self,
        app: ASGIApp,
        templates: list[str] | tuple[str, ...] = (),
        observe: Callable[[str, str, int, float], None] | None = None,
    ) -> None:
        self.app = app
        self.templates = [(_compile(t), t) for t in templates]
        # Told the same four facts as the log after each answer (the Prometheus metrics: recoverynav.metrics).
        self.observe = observe

    def route_template(self, path: str) -> str:
        """The first route template that matches ``path`` (never the concrete path); ``-`` when none does."""
        return next((template for pattern, template in self.templates if pattern.match(path)), "-")

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
            seconds = time.perf_counter() - start
            method = scope["method"] if scope["method"] in KNOWN_METHODS else "OTHER"
            route = self.route_template(scope["path"])
            # The same facts as fields, for the JSON log format (logs.JsonFormatter).
            fields = {"method": method, "route": route, "status": status, "duration_ms": round(seconds * 1000, 1)}
            logger.info("%s %s %d %.1fms", method, route, status, seconds * 1000, extra={"access": fields})
            if self.observe is not None:
                self.observe(method, route, status, seconds)
