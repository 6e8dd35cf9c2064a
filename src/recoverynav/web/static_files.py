"""Static files with content-hashed names: cached for a year by browsers, compressed once per process (#21).

Templates write plain ``/static/style.css`` in attributes; :class:`StaticUrls` (a Jinja extension
``rendering.py`` installs) rewrites each such literal when the template is loaded into
``{{ static_url("style.css") }}``, which gives ``/static/style.<16 hex of SHA-256>.css``. So every static URL the
pages emit names its content, in one place, and a template never has to remember a helper.

:class:`StaticAssets` serves ``/static``:

* a hashed name whose hash is the file's current content: ``Cache-Control: public, max-age=31536000, immutable``;
* the plain name, or a hash from another version (a page from a server not yet updated during a rolling
  deploy): the current file with ``SHORT_CACHE``; URLs written inside CSS and scripts (Leaflet's marker images)
  are plain and get this too;
* text of ``MIN_COMPRESS_BYTES`` or more in brotli or gzip by ``Accept-Encoding``, compressed once per process at
  high effort and kept in memory (the whole folder is 2.4 MB); a strong ``ETag`` per encoding and 304 on
  ``If-None-Match``.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import re
import stat
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import anyio.to_thread
import jinja2.ext
from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from recoverynav.wire import MIN_COMPRESS_BYTES, choose_encoding, encode, etag_matches, is_compressible

STATIC_DIR = Path(__file__).parent / "static"
STATIC_PREFIX = "/static/"
IMMUTABLE = "public, max-age=31536000, immutable"
SHORT_CACHE = "public, max-age=300"
DIGEST_CHARS = 16
_HASHED = re.compile(rf"(?P<stem>.+)\.(?P<digest>[0-9a-f]{{{DIGEST_CHARS}}})(?P<ext>\.[A-Za-z0-9]+)")
# A /static/... literal as a whole attribute value: href="/static/x.css", data-outlines='/static/y.json'.
_LITERAL = re.compile(r"""=(?P<q>["'])/static/(?P<path>[A-Za-z0-9_][A-Za-z0-9_./-]*)(?P=q)""")


@dataclass
class Asset:
    """One file's bytes, type, content digest and the encodings made of it so far."""

    body: bytes
    stamp: tuple[int, int]  # (mtime_ns, size): a changed file is read again
    media_type: str
    digest: str
    encoded: dict[str, bytes] = field(default_factory=dict)


_ASSETS: dict[str, Asset] = {}
_LOCK = threading.Lock()


def _stamp(result: os.stat_result) -> tuple[int, int]:
    return (result.st_mtime_ns, result.st_size)


def load_asset(full_path: str, result: os.stat_result) -> Asset:
    """The file at ``full_path`` from memory, read again when its stat changed."""
    with _LOCK:
        asset = _ASSETS.get(full_path)
        if asset is not None and asset.stamp == _stamp(result):
            return asset
    body = Path(full_path).read_bytes()
    media_type = mimetypes.guess_type(full_path)[0] or "application/octet-stream"
    asset = Asset(body, _stamp(result), media_type, hashlib.sha256(body).hexdigest()[:DIGEST_CHARS])
    with _LOCK:
        _ASSETS[full_path] = asset
    return asset


def encoded_body(asset: Asset, coding: str) -> bytes:
    """``asset`` compressed with ``coding``, made on first need."""
    found = asset.encoded.get(coding)
    if found is None:
        found = asset.encoded[coding] = encode(asset.body, coding, static=True)
    return found


def hashed_name(relative: str, digest: str) -> str:
    """``vendor/leaflet/leaflet.js`` -> ``vendor/leaflet/leaflet.<digest>.js`` (unchanged without an extension)."""
    head, _, name = relative.rpartition("/")
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        return relative
    return f"{head}/{stem}.{digest}.{ext}" if head else f"{stem}.{digest}.{ext}"


def static_url(relative: str) -> str:
    """The URL of ``relative`` (a path under ``web/static``) with its content hash in the name.

    A path that is not a file there keeps its plain URL, so a broken reference still shows up as a 404.
    """
    relative = relative.lstrip("/")
    full = _inside_static(relative)
    if full is None:
        return STATIC_PREFIX + relative
    try:
        result = os.stat(full)
    except (OSError, ValueError):
        return STATIC_PREFIX + relative
    if not stat.S_ISREG(result.st_mode):
        return STATIC_PREFIX + relative
    return STATIC_PREFIX + hashed_name(relative, load_asset(full, result).digest)


@lru_cache(maxsize=1024)
def _inside_static(relative: str) -> str | None:
    """The real path of ``relative`` under ``web/static``, or None outside it: resolved once per name (a page asks
    for the same few files every time; the file itself is still stat'ed on each use, so a changed one is seen)."""
    try:
        full = (STATIC_DIR / relative).resolve()
    except (OSError, ValueError):
        return None
    return str(full) if full.is_relative_to(STATIC_DIR.resolve()) else None


class StaticUrls(jinja2.ext.Extension):
    """Rewrites ``="/static/..."`` attribute literals into ``static_url(...)`` calls when a template is loaded."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        return _LITERAL.sub(lambda m: f'={m["q"]}{{{{ static_url("{m["path"]}") }}}}{m["q"]}', source)


class StaticAssets(StaticFiles):
    """``/static`` with hashed names, long caching, precompressed text and ETags (see the module doc)."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        if scope["method"] in ("GET", "HEAD"):
            found = await anyio.to_thread.run_sync(self._find, path)
            if found is not None:
                full_path, result, immutable = found
                return await self._serve(full_path, result, immutable, scope)
        return await super().get_response(path, scope)

    def _find(self, path: str) -> tuple[str, os.stat_result, bool] | None:
        """(file, its stat, whether the name carried its current hash), or None (StaticFiles answers)."""
        plain = self._regular(path)
        if plain is not None:
            return (*plain, False)
        match = _HASHED.fullmatch(path.replace(os.sep, "/"))
        if match is None:
            return None
        unhashed = self._regular(match["stem"] + match["ext"])
        if unhashed is None:
            return None
        full_path, result = unhashed
        return full_path, result, load_asset(full_path, result).digest == match["digest"]

    def _regular(self, path: str) -> tuple[str, os.stat_result] | None:
        try:
            full_path, result = self.lookup_path(path)
        except (OSError, ValueError):
            return None
        if result is None or not stat.S_ISREG(result.st_mode):
            return None
        return full_path, result

    async def _serve(self, full_path: str, result: os.stat_result, immutable: bool, scope: Scope) -> Response:
        asset = await anyio.to_thread.run_sync(load_asset, full_path, result)
        headers = {"cache-control": IMMUTABLE if immutable else SHORT_CACHE}
        body, etag = asset.body, f'"{asset.digest}"'
        if is_compressible(asset.media_type) and len(asset.body) >= MIN_COMPRESS_BYTES:
            headers["vary"] = "Accept-Encoding"
            coding = choose_encoding(Headers(scope=scope).get("accept-encoding", ""))
            if coding is not None:
                body = await anyio.to_thread.run_sync(encoded_body, asset, coding)
                headers["content-encoding"] = coding
                etag = f'"{asset.digest}-{coding}"'
        headers["etag"] = etag
        if_none_match = Headers(scope=scope).get("if-none-match")
        if if_none_match is not None and etag_matches(if_none_match, etag):
            return Response(status_code=304, headers={k: v for k, v in headers.items() if k != "content-encoding"})
        return Response(body, media_type=asset.media_type, headers=headers)
