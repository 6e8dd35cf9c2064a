"""Per-client rate limits on public writes and costly searches, counted in the database (#21).

Two buckets, each a fixed one-minute window per client:

* ``write``: every POST, PUT, PATCH and DELETE outside the back office, plus the back office's sign-in
  (``RECOVERYNAV_RATE_LIMIT_POSTS_PER_MINUTE``, 60). Signed-in staff work is not counted: several consultants
  may share one office address, and their session is the control there.
* ``search``: the searches that query the whole directory or meeting list, and the comparison
  (``RECOVERYNAV_RATE_LIMIT_SEARCHES_PER_MINUTE``, 120).

Over the limit: 429 with ``Retry-After`` (seconds to the next window), the HTML error page with the emergency box,
or JSON under ``/api/``. ``RECOVERYNAV_RATE_LIMITS=off`` turns counting off (benchmarks; the test suite).

The client is the peer address, or, when the peer is one of ``RECOVERYNAV_TRUSTED_PROXIES``, the nearest
untrusted address in ``X-Forwarded-For`` (read right to left: only the proxies' own additions are believed).
IPv6 clients count by /64, as the listing-report limit does. The database keeps an HMAC of that key under the
site's key ring (``RECOVERYNAV_SECRET_KEYS``: servers sharing a database share it), never the address.
"""

from __future__ import annotations

import ipaddress
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import anyio.to_thread
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from recoverynav.http_policy import PageRenderer, refuse
from recoverynav.settings import Settings, get_settings

WINDOW_SECONDS = 60
CLIENT_PURPOSE = "rate_limits.client"
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
STAFF_SIGN_IN = frozenset({"/staff/login", "/staff/login/code", "/api/v1/staff/token"})
SEARCH_PATHS = frozenset(
    {
        "/find",
        "/api/v1/facilities",
        "/facilities/compare",
        "/api/v1/facilities/compare",
        "/meetings",
        "/api/v1/meetings",
    }
)
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class Rule:
    """A bucket and how many requests one client may make in it per window."""

    bucket: str
    limit: int


def rule_for(method: str, path: str, settings: Settings) -> Rule | None:
    """The bucket a request counts in, or None when it is not limited."""
    if method in WRITE_METHODS:
        staff = path.startswith(("/staff/", "/api/v1/staff/")) or path == "/staff"
        if staff and path not in STAFF_SIGN_IN:
            return None
        return Rule("write", settings.rate_limit_posts_per_minute)
    if method in ("GET", "HEAD") and path in SEARCH_PATHS:
        return Rule("search", settings.rate_limit_searches_per_minute)
    return None


@cache
def trusted_networks(setting: str) -> tuple[Network, ...]:
    """``RECOVERYNAV_TRUSTED_PROXIES`` parsed (the setting is validated when it is read)."""
    return tuple(ipaddress.ip_network(part.strip(), strict=False) for part in setting.split(",") if part.strip())


def _trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(parsed in network for network in networks)


def client_address(scope: Scope, networks: tuple[Network, ...]) -> str | None:
    """The client's address: the peer, or the nearest untrusted hop of ``X-Forwarded-For`` behind trusted proxies."""
    peer = scope["client"][0] if scope.get("client") else None
    if peer is None or not networks or not _trusted(peer, networks):
        return peer
    hops = [hop.strip() for value in Headers(scope=scope).getlist("x-forwarded-for") for hop in value.split(",")]
    hops = [hop for hop in hops if hop]
    for hop in reversed(hops):
        if not _trusted(hop, networks):
            return hop
    return hops[0] if hops else peer


def client_hash(scope: Scope, settings: Settings) -> str:
    """The keyed hash the counters store for this request's client."""
    from recoverynav.directory import client_key

    key = client_key(client_address(scope, trusted_networks(settings.trusted_proxies)))
    return _hasher(settings)(key)


@cache
def _hasher(settings: Settings) -> Callable[[str], str]:
    from recoverynav.storage.crypto import FieldCipher, load_key_ring

    cipher = FieldCipher(load_key_ring())
    return lambda key: cipher.blind_index(key, purpose=CLIENT_PURPOSE)


class Counter:
    """The database counter for the configured URL, the schema migrated on first use."""

    def hit(self, settings: Settings, bucket: str, client: str, window_start: int) -> int | None:
        from recoverynav.storage.rate_limits import counter_for
        from recoverynav.wiring import back_office_engine

        back_office_engine()  # migrates once per URL per process
        return counter_for(settings.resolved_database_url).hit(bucket, client, window_start)


class RateLimitMiddleware:
    """Count limited requests per client and refuse those over the limit with 429 and ``Retry-After``."""

    def __init__(self, app: ASGIApp, page: PageRenderer | None = None, clock: Callable[[], float] = time.time) -> None:
        self.app = app
        self.page = page
        self.clock = clock
        self.counter = Counter()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        settings = get_settings()
        rule = rule_for(scope["method"], scope["path"], settings) if scope["type"] == "http" else None
        if rule is None or not settings.rate_limits:
            await self.app(scope, receive, send)
            return
        now = self.clock()
        window_start = int(now // WINDOW_SECONDS) * WINDOW_SECONDS
        client = client_hash(scope, settings)
        hits = await anyio.to_thread.run_sync(self.counter.hit, settings, rule.bucket, client, window_start)
        if hits is None or hits <= rule.limit:
            await self.app(scope, receive, send)
            return
        retry_after = max(1, math.ceil(window_start + WINDOW_SECONDS - now))
        noun = "requests that send something" if rule.bucket == "write" else "searches"
        message = (
            f"Too many {noun} from your connection in the last minute (at most {rule.limit}): "
            f"try again in {retry_after} seconds. If you need help now, call the helpline or emergency number."
        )
        await refuse(scope, receive, send, 429, message, self.page, {"Retry-After": str(retry_after)})
