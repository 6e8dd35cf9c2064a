"""A small local locator for sync tests: replays recorded pages, fails, trickles, never ends or lies on cue."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from tests.facility_databases import DATA

PAGES = {n: (DATA / "locator_pages" / f"page-{n}.json").read_bytes() for n in (1, 2, 3)}


@dataclass
class Answer:
    """One scripted answer: a status and body, extra headers, or a misbehaviour (trickle, never end)."""

    status: int = 200
    body: bytes | None = None  # None: the recorded page
    headers: dict[str, str] = field(default_factory=dict)
    trickle_seconds: float = 0.0  # send the body one byte at a time, this far apart
    endless: bool = False  # a body that never ends
    slow_headers: bool = False  # even the status line trickles
    close_delimited: bool = False  # no Content-Length: the body ends when the server closes the connection


class Locator:
    """A replaying locator: records every request; answers as scripted per page, then the recorded page."""

    def __init__(self) -> None:
        self.requests: list[dict[str, str]] = []
        self.failures: dict[int, list[int]] = {}
        self.answers: dict[int, list[Answer]] = {}
        self.pages = dict(PAGES)

    def next_answer(self, page: int) -> Answer:
        if self.answers.get(page):
            return self.answers[page].pop(0)
        plan = self.failures.get(page, [])
        status = plan.pop(0) if plan else 200
        return Answer(status, None if status == 200 else b'{"error": "busy"}')

    def handler(self) -> type[BaseHTTPRequestHandler]:
        locator = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                params = {k: v[0] for k, v in parse_qs(urlparse(self.path).query).items()}
                locator.requests.append(params)
                answer = locator.next_answer(int(params.get("page", "1")))
                body = answer.body if answer.body is not None else locator.pages[int(params.get("page", "1"))]
                with suppress(OSError):  # the client hung up, as it should on a hostile answer
                    self._answer(answer, body)

            def _answer(self, answer: Answer, body: bytes) -> None:
                if answer.slow_headers:
                    for byte in b"HTTP/1.1 200 OK\r\n":
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(answer.trickle_seconds)
                    return
                self.send_response(answer.status)
                self.send_header("Content-Type", "application/json")
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                if answer.endless:
                    self.send_header("Connection", "close")
                    self.end_headers()
                    self.wfile.write(b'{"rows": [')
                    while True:
                        self.wfile.write(b'{"name1": "again"}, ' * 1000)
                if answer.close_delimited:
                    self.send_header("Connection", "close")
                elif "Content-Length" not in answer.headers:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if not answer.trickle_seconds:
                    self.wfile.write(body)
                    return
                for byte in body:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(answer.trickle_seconds)

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler


@contextmanager
def serving() -> Iterator[tuple[Locator, str]]:
    """A locator on a free local port: (its script, the endpoint URL)."""
    replay = Locator()
    server = ThreadingHTTPServer(("127.0.0.1", 0), replay.handler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield replay, f"http://127.0.0.1:{server.server_address[1]}/locator/exportsAsJson/v2"
    finally:
        server.shutdown()
        server.server_close()
