"""SAMHSA's treatment locator over HTTP: the gateway behind the directory's ``LocatorPages`` port.

A hostile or broken server cannot stall or exhaust a sync: each answer has a size cap (streamed, aborted past
it), an overall deadline (not only a per-read timeout, cut by a watchdog even while a read is blocked), and
``Retry-After`` is honoured up to a bound. Retries back off exponentially.

Usage::

    with SamhsaLocator(SyncRequest(s_type="SA")) as locator:
        sync_locator(repo, request, state_dir, locator)
    # or, in one call (what the CLI does):
    sync_from_locator(repo, SyncRequest(s_type="SA"), state_dir)
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx

from recoverynav.directory.importers.loader import ImportReport
from recoverynav.directory.importers.sync import SyncError, SyncLimits, SyncRequest, listing_page, sync_locator
from recoverynav.directory.repository import FacilityRepository

__all__ = ["SamhsaLocator", "retry_after", "sync_from_locator"]

_RETRY_STATUS = {408, 425, 429, 500, 502, 503, 504}


class SamhsaLocator:
    """Listing pages from the locator's JSON export, one GET per page (implements ``LocatorPages``)."""

    def __init__(
        self,
        request: SyncRequest,
        *,
        retries: int = 5,
        backoff_seconds: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
        limits: SyncLimits = SyncLimits(),
        client: httpx.Client | None = None,
    ) -> None:
        self.request, self.retries, self.backoff_seconds = request, retries, backoff_seconds
        self.sleep, self.limits = sleep, limits
        self._own_client = client is None
        self.http = client or httpx.Client(
            timeout=httpx.Timeout(limits.read_timeout_seconds),
            headers={"User-Agent": "recoverynav facility sync"},
            # A fresh connection per page lets the deadline watchdog see (and cut) its socket.
            limits=httpx.Limits(max_keepalive_connections=0),
        )

    def close(self) -> None:
        """Close the HTTP client if this gateway made it."""
        if self._own_client:
            self.http.close()

    def __enter__(self) -> SamhsaLocator:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def page(self, number: int) -> dict[str, Any]:
        """Listing page ``number``, retried with backoff (and ``Retry-After``); :class:`SyncError` if it fails."""
        problem = ""
        delay: float | None = None
        for attempt in range(self.retries + 1):
            if attempt:
                self.sleep(delay if delay is not None else self.backoff_seconds * 2 ** (attempt - 1))
            delay = None
            try:
                status, headers, body = _get(self.http, self.request.url, self.request.params(number), self.limits)
            except _Deadline:
                problem = f"no complete answer within {self.limits.page_deadline_seconds:g} s"
                continue
            except httpx.TransportError as exc:
                problem = f"{type(exc).__name__}: {exc}"
                continue
            if status in _RETRY_STATUS:
                problem = f"HTTP {status}"
                delay = retry_after(headers.get("Retry-After"))
                if delay is not None and delay > self.limits.max_retry_after_seconds:
                    raise SyncError(
                        f"page {number}: HTTP {status}, and the locator asks to wait {delay:.0f} s (we wait at most "
                        f"{self.limits.max_retry_after_seconds:g} s); run sync again later to resume"
                    )
                continue
            if status != 200:
                raise SyncError(f"page {number}: HTTP {status} from {self.request.url}")
            return listing_page(body, number, self.limits)
        raise SyncError(
            f"page {number}: gave up after {self.retries + 1} attempts ({problem}); run sync again to resume"
        )


def sync_from_locator(
    repo: FacilityRepository,
    request: SyncRequest,
    state_dir: Path,
    *,
    retries: int = 5,
    backoff_seconds: float = 1.0,
    full_refresh: bool = False,
    restart: bool = False,
    on_page: Callable[[int, int], None] | None = None,
    client: httpx.Client | None = None,
    sleep: Callable[[float], None] = time.sleep,
    limits: SyncLimits = SyncLimits(),
) -> ImportReport:
    """``sync_locator`` reading from the live locator (or ``client``'s transport): the CLI's one call."""
    with SamhsaLocator(
        request, retries=retries, backoff_seconds=backoff_seconds, sleep=sleep, limits=limits, client=client
    ) as source:
        return sync_locator(
            repo, request, state_dir, source, full_refresh=full_refresh, restart=restart, on_page=on_page, limits=limits
        )


def retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds a ``Retry-After`` header asks for (delta-seconds or an HTTP-date); None if absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(value[:12])
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class _Deadline(Exception):
    """The answer did not complete within the page deadline."""


class _TooLarge(Exception):
    """The answer is larger than the page cap."""


def _get(http: httpx.Client, url: str, params: dict[str, str], limits: SyncLimits) -> tuple[int, httpx.Headers, bytes]:
    """Status, headers and body of one GET, streamed: past the size cap or the deadline it is abandoned."""
    watchdog = _Watchdog(limits.page_deadline_seconds)
    with watchdog.running():
        try:
            with http.stream("GET", url, params=params, extensions={"trace": watchdog.trace}) as response:
                if response.status_code != 200:
                    return response.status_code, response.headers, b""
                declared = response.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > limits.max_page_bytes:
                    raise _TooLarge
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > limits.max_page_bytes:
                        raise _TooLarge
                    watchdog.check()
                # A cut connection can read as a clean end of a body sent without a length (ended by closing):
                # an answer the watchdog cut is never an answer, however much of it arrived.
                if watchdog.expired:
                    raise _Deadline
                return response.status_code, response.headers, bytes(body)
        except _TooLarge:
            raise SyncError(
                f"an answer from {url} is larger than {_size(limits.max_page_bytes)}; "
                "not a listing page (use a smaller --page-size)"
            ) from None
        except httpx.TransportError:
            if watchdog.expired:
                raise _Deadline from None
            raise


class _Watchdog:
    """Cuts the connection when the deadline passes, even while a read is blocked on a trickling server."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds
        self.expired = False
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()

    @contextmanager
    def running(self) -> Iterator[None]:
        timer = threading.Timer(self.seconds, self._expire)
        timer.daemon = True
        timer.start()
        try:
            yield
        finally:
            timer.cancel()

    def trace(self, event: str, info: dict[str, Any]) -> None:
        if event != "connection.connect_tcp.complete":
            return
        stream = info.get("return_value")
        sock = stream.get_extra_info("socket") if stream is not None else None
        if isinstance(sock, socket.socket):
            with self._lock:
                self._sockets.append(sock)
                if self.expired:
                    _cut(sock)

    def check(self) -> None:
        if self.expired or time.monotonic() > self.deadline:
            self.expired = True
            raise _Deadline

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self._sockets:
                _cut(sock)


def _cut(sock: socket.socket) -> None:
    with suppress(OSError):  # already closed
        sock.shutdown(socket.SHUT_RDWR)


def _size(count: int) -> str:
    return f"{count // 2**20} MB" if count >= 2**20 else f"{count // 2**10} KB"
