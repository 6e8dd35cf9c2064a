"""The wire (#21): ``HEAD`` wherever ``GET`` is, compressed text, and ``ETag``/304 for public answers.

* ``HeadMiddleware``: a ``HEAD`` request is answered as its ``GET`` would be (same status and headers, the
  ``Content-Length`` the body would have), without the body. FastAPI registers ``GET`` routes only.
* ``CompressionMiddleware``: brotli (quality 4: 2-4 % smaller than gzip -6 on our pages, as fast; quality 5 is
  9 % smaller at twice the time, benchmarks/wire.py) or gzip
  for text answers of ``MIN_COMPRESS_BYTES`` or more, by the request's ``Accept-Encoding``; never for types that
  are compressed already (images, PDF), never for ``/static`` (those files are compressed once, in
  ``web/static_files.py``), and never for the back office (``/staff``, ``/api/v1/staff``).
  BREACH: an attacker who can make a victim's browser send requests and can see the size of the encrypted answers
  learns a secret in a compressed body byte by byte when the body also reflects what the attacker sent. Only
  the back office has secrets in bodies (the per-session CSRF token in every form, the sign-in page's pre-session
  token, bearer tokens from ``/api/v1/staff``); public pages carry none (their forms are checked by Origin, not
  by a token) and the callback reference is fresh per request. So back-office answers are never compressed,
  whatever they contain; they are small text behind a login, and the cost is a few KB. Nor is any answer to a
  request that carries credentials (``Authorization``, a ``__Host-`` session cookie), on any path.
* ``ETagMiddleware``: a strong ``ETag`` (a hash of the exact bytes sent, so each encoding has its own) on
  public ``GET`` answers a cache may keep, and 304 when ``If-None-Match`` names it. Not for answers that are
  ``no-store`` (``http_policy``: a query string, an error, a form post), that set a cookie, the back office, or
  any request with credentials.
  Such an answer gets ``Cache-Control: no-cache`` when it has no policy: a browser may keep it but asks first.

Each middleware buffers a body only when it will use it (compressible type, eligible answer) and only up to
``MAX_BUFFER_BYTES``; a longer stream passes through unchanged.
"""

from __future__ import annotations

import gzip
import hashlib
import re

import brotli
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MIN_COMPRESS_BYTES = 1024
MAX_BUFFER_BYTES = 8 * 1024 * 1024
BROTLI_QUALITY = 4
GZIP_LEVEL = 6
# The back office: staff pages and API, and the facility API (referrals, openings) its partners sign in to.
STAFF_PREFIXES = ("/staff", "/api/v1/staff", "/api/v1/facility")
COMPRESSIBLE = frozenset(
    {
        "application/json",
        "application/javascript",
        "application/xml",
        "application/problem+json",
        "application/geo+json",
        "application/manifest+json",
        "application/ld+json",
        "image/svg+xml",
    }
)
# What a 304 carries of the 200 it stands for (RFC 9110 15.4.5), besides the headers added outside.
NOT_MODIFIED_KEEPS = ("cache-control", "content-location", "date", "etag", "expires", "vary", "content-language")


def is_staff_path(path: str) -> bool:
    """Whether ``path`` is the back office's (web or API): never compressed, never given an ETag."""
    return any(path == prefix or path.startswith(prefix + "/") for prefix in STAFF_PREFIXES)


def is_private(scope: Scope) -> bool:
    """The back office's paths, or any request that carries credentials (a bearer token, a ``__Host-`` session
    cookie): its answer may hold a secret or personal data, whatever the path."""
    if is_staff_path(scope.get("path", "")):
        return True
    headers = Headers(scope=scope)
    return "authorization" in headers or "__Host-" in headers.get("cookie", "")


def is_static_path(path: str) -> bool:
    """Whether ``path`` is a static file's: ``web/static_files.py`` negotiates encodings and validators itself."""
    return path == "/static" or path.startswith("/static/")


def is_compressible(content_type: str) -> bool:
    """Text and structured text; not images, PDF, archives or fonts (compressed already)."""
    media = content_type.split(";")[0].strip().lower()
    return media.startswith("text/") or media in COMPRESSIBLE


def accepted_encodings(header: str) -> dict[str, float]:
    """``Accept-Encoding`` as coding -> q (``gzip;q=0`` refuses gzip; ``*`` stands for the rest)."""
    found: dict[str, float] = {}
    for part in header.split(","):
        name, _, params = part.strip().partition(";")
        name = name.strip().lower()
        if not name:
            continue
        q = 1.0
        match = re.search(r"q\s*=\s*([^\s;,]*)", params)
        if match:
            try:
                q = float(match[1])
            except ValueError:
                q = 0.0
        found[name] = q
    return found


def choose_encoding(header: str) -> str | None:
    """``br`` when accepted, else ``gzip``, else None (identity)."""
    accepted = accepted_encodings(header)
    wildcard = accepted.get("*", 0.0)
    for coding in ("br", "gzip"):
        if accepted.get(coding, wildcard) > 0:
            return coding
    return None


def encode(body: bytes, coding: str, *, static: bool = False) -> bytes:
    """``body`` compressed with ``coding``; ``static`` spends more effort (files compressed once per process)."""
    if coding == "br":
        return bytes(brotli.compress(body, quality=9 if static else BROTLI_QUALITY))
    # mtime=0: the same body always compresses to the same bytes, so its ETag is stable.
    return gzip.compress(body, compresslevel=9 if static else GZIP_LEVEL, mtime=0)


def add_vary(headers: MutableHeaders, name: str) -> None:
    """Add ``name`` to ``Vary`` unless it is there."""
    present = [v.strip() for v in headers.get("vary", "").split(",") if v.strip()]
    if name.lower() not in {v.lower() for v in present}:
        headers["vary"] = ", ".join([*present, name])


def strong_etag(body: bytes) -> str:
    """A strong validator: the first 128 bits of the body's BLAKE2b hash, quoted."""
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


def etag_matches(if_none_match: str, etag: str) -> bool:
    """RFC 9110 If-None-Match: ``*`` or any listed tag equal to ``etag`` by weak comparison."""
    if if_none_match.strip() == "*":
        return True
    bare = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == bare for tag in if_none_match.split(","))


class HeadMiddleware:
    """Answer ``HEAD`` as ``GET`` without the body (the inner app sees a ``GET``; the access log a ``HEAD``)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return
        ended = False

        async def send_headers_only(message: Message) -> None:
            nonlocal ended
            if message["type"] == "http.response.body":
                if ended or message.get("more_body", False):
                    return
                ended = True
                await send({"type": "http.response.body", "body": b"", "more_body": False})
                return
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_headers_only)


class _Buffered:
    """Collects a response (start message and body) so a middleware can look at the whole before sending."""

    def __init__(self, send: Send) -> None:
        self.send = send
        self.start: Message | None = None
        self.chunks: list[bytes] = []
        self.size = 0
        self.passing = False

    async def flush_unchanged(self, more_body: bool) -> None:
        """Give up buffering: send what was collected as it was and pass the rest straight on."""
        assert self.start is not None
        self.passing = True
        await self.send(self.start)
        await self.send({"type": "http.response.body", "body": b"".join(self.chunks), "more_body": more_body})
        self.chunks = []


class CompressionMiddleware:
    """Brotli or gzip for text answers (see the module doc for what is never compressed, and why)."""

    def __init__(self, app: ASGIApp, minimum_size: int = MIN_COMPRESS_BYTES) -> None:
        self.app = app
        self.minimum_size = minimum_size

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if scope["type"] != "http" or is_private(scope) or is_static_path(path):
            await self.app(scope, receive, send)
            return
        coding = choose_encoding(Headers(scope=scope).get("accept-encoding", ""))
        buffer = _Buffered(send)

        async def send_compressed(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = Headers(raw=message["headers"])
                if headers.get("content-encoding") or not is_compressible(headers.get("content-type", "")):
                    buffer.passing = True
                    await send(message)
                    return
                # Every text answer says it varies by Accept-Encoding, compressed this time or not.
                add_vary(MutableHeaders(scope=message), "Accept-Encoding")
                if coding is None or message["status"] in (204, 304):
                    buffer.passing = True
                    await send(message)
                    return
                buffer.start = message
                return
            if message["type"] != "http.response.body" or buffer.passing:
                await send(message)
                return
            body = message.get("body", b"")
            more = bool(message.get("more_body", False))
            buffer.chunks.append(body)
            buffer.size += len(body)
            if more and buffer.size > MAX_BUFFER_BYTES:
                await buffer.flush_unchanged(more_body=True)
                return
            if more:
                return
            await self._finish(buffer, coding)

        await self.app(scope, receive, send_compressed)

    async def _finish(self, buffer: _Buffered, coding: str | None) -> None:
        assert buffer.start is not None and coding is not None
        body = b"".join(buffer.chunks)
        if len(body) < self.minimum_size:
            await buffer.flush_unchanged(more_body=False)
            return
        compressed = encode(body, coding)
        headers = MutableHeaders(scope=buffer.start)
        headers["content-encoding"] = coding
        headers["content-length"] = str(len(compressed))
        etag = headers.get("etag")
        if etag and etag.endswith('"'):
            # A route's own validator named the plain bytes; the compressed ones are another representation.
            headers["etag"] = f'{etag[:-1]}-{coding}"'
        await buffer.send(buffer.start)
        await buffer.send({"type": "http.response.body", "body": compressed, "more_body": False})


class ETagMiddleware:
    """Strong ETags and 304s for public, storable ``GET`` answers (see the module doc)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if scope["type"] != "http" or scope["method"] != "GET" or is_private(scope) or is_static_path(path):
            await self.app(scope, receive, send)
            return
        if_none_match = Headers(scope=scope).get("if-none-match")
        buffer = _Buffered(send)

        async def send_tagged(message: Message) -> None:
            if message["type"] == "http.response.start":
                if not _taggable(message):
                    buffer.passing = True
                    await send(message)
                    return
                buffer.start = message
                return
            if message["type"] != "http.response.body" or buffer.passing:
                await send(message)
                return
            body = message.get("body", b"")
            more = bool(message.get("more_body", False))
            buffer.chunks.append(body)
            buffer.size += len(body)
            if more and buffer.size > MAX_BUFFER_BYTES:
                await buffer.flush_unchanged(more_body=True)
                return
            if not more:
                await self._finish(buffer, if_none_match)

        await self.app(scope, receive, send_tagged)

    async def _finish(self, buffer: _Buffered, if_none_match: str | None) -> None:
        assert buffer.start is not None
        body = b"".join(buffer.chunks)
        headers = MutableHeaders(scope=buffer.start)
        etag = headers.get("etag") or strong_etag(body)
        headers["etag"] = etag
        if "cache-control" not in headers:
            headers["cache-control"] = "no-cache"
        if if_none_match is not None and etag_matches(if_none_match, etag):
            kept = [(k, v) for k, v in buffer.start["headers"] if k.decode("latin-1").lower() in NOT_MODIFIED_KEEPS]
            await buffer.send({"type": "http.response.start", "status": 304, "headers": kept})
            await buffer.send({"type": "http.response.body", "body": b"", "more_body": False})
            return
        await buffer.send(buffer.start)
        await buffer.send({"type": "http.response.body", "body": body, "more_body": False})


def _taggable(start: Message) -> bool:
    """A 200 that a cache may store and that sets no cookie."""
    if start["status"] != 200:
        return False
    headers = Headers(raw=start["headers"])
    policy = headers.get("cache-control", "").lower()
    return "set-cookie" not in headers and "no-store" not in policy and "private" not in policy
