"""Download a Meeting Guide feed over HTTP(S): bounded time, bounded size, no other scheme.

Usage::

    data = fetch_feed("https://example.org/meetings.json")      # bytes, or FeedFetchError
"""

from __future__ import annotations

import httpx

from recoverynav.errors import Unavailable

__all__ = ["MAX_DOWNLOAD_BYTES", "FeedFetchError", "fetch_feed"]

# The largest real feed is ~1.3 MB. The cap counts decoded bytes, so a compressed response cannot balloon.
MAX_DOWNLOAD_BYTES = 25_000_000
_TIMEOUT = httpx.Timeout(30.0, connect=10.0)


class FeedFetchError(Unavailable):
    """The feed could not be downloaded: bad URL, network error, HTTP error or too large."""


def fetch_feed(url: str, *, max_bytes: int = MAX_DOWNLOAD_BYTES, timeout: httpx.Timeout = _TIMEOUT) -> bytes:
    """The body at ``url`` (http or https only), at most ``max_bytes`` long, following up to 5 redirects."""
    if not url.lower().startswith(("http://", "https://")):
        raise FeedFetchError(f"{url[:100]!r}: only http:// and https:// feeds can be downloaded")
    headers = {"User-Agent": "recoverynav (Meeting Guide feed import)", "Accept": "application/json"}
    try:
        client = httpx.Client(timeout=timeout, follow_redirects=True, max_redirects=5, headers=headers)
        with client, client.stream("GET", url) as response:
            if response.status_code != 200:
                raise FeedFetchError(f"{url[:100]}: HTTP {response.status_code}")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FeedFetchError(f"{url[:100]}: larger than {max_bytes:,} bytes")
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > max_bytes:
                    raise FeedFetchError(f"{url[:100]}: larger than {max_bytes:,} bytes")
            return bytes(body)
    except httpx.HTTPError as exc:
        raise FeedFetchError(f"{url[:100]}: {type(exc).__name__}: {exc}") from None
