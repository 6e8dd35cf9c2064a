"""``facilities sync``: page through the live locator API with retries and backoff, resumable from disk.

Each page is checked when it arrives (envelope, ``totalPages``, every row against the database's limits) and
kept in the state directory only if it passed, so an interrupted sync resumes where it stopped and a page that
failed is asked for again next time. Nothing reaches the database until every page is in and every row
validates; then all pages are stored in one transaction and the state directory is removed.

A hostile or broken server cannot stall or exhaust the sync: each answer has a size cap (streamed, aborted
past it), an overall deadline (not only a per-read timeout), and ``Retry-After`` is honoured up to a bound.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from recoverynav.directory.importers import locator
from recoverynav.directory.importers.files import FileProblem, parse_json
from recoverynav.directory.importers.loader import ImportReport, store_batch
from recoverynav.directory.importers.records import MAX_REPORTED_ERRORS, Batch, ImportRejected, Provenance, RowError
from recoverynav.directory.repository import FacilityRepository
from recoverynav.errors import InputRejected, Unavailable

DEFAULT_URL = "https://findtreatment.gov/locator/exportsAsJson/v2"
_RETRY_STATUS = {408, 425, 429, 500, 502, 503, 504}


class SyncError(Unavailable):
    """The locator could not be read (after retries) or answered something that is not a listing page."""


class LocatorPages(Protocol):
    """The port to SAMHSA's locator: its listing pages by number (``gateways/samhsa_locator.py`` implements it).

    ``page`` returns the parsed envelope ``{page, totalPages, recordCount, rows}`` (checked with
    :func:`listing_page`) or raises :class:`SyncError` naming the page and what went wrong.
    """

    def page(self, number: int) -> dict[str, Any]:
        """The listing page ``number`` (1-based)."""
        ...


@dataclass(frozen=True)
class SyncLimits:
    """What one answer may cost: bytes, seconds in all, seconds between bytes; pages; a server's asked-for wait.

    The national listing is ~400 pages of 100 rows, a page well under 1 MB: the defaults leave wide margins.
    """

    max_page_bytes: int = 32 * 1024 * 1024
    page_deadline_seconds: float = 120.0
    read_timeout_seconds: float = 30.0
    max_pages: int = 5_000
    max_retry_after_seconds: float = 300.0


@dataclass(frozen=True)
class SyncRequest:
    """The locator query: parameter names as the API spells them; ``limit_value`` is in meters.

    Usage::

        SyncRequest(s_addr="38.03, -78.48", limit_type=2, limit_value=40233.6, s_type="SA", s_codes=("BU",))
    """

    url: str = DEFAULT_URL
    s_addr: str | None = None
    limit_type: int | None = None
    limit_value: float | None = None
    s_type: str | None = None
    s_codes: tuple[str, ...] = ()
    page_size: int = 100

    def __post_init__(self) -> None:
        try:
            parsed = urlsplit(self.url)
            parsed.port  # noqa: B018 - read for its check: a port that is not a number from 0 to 65535 raises
            if any(ord(c) < 32 or ord(c) == 127 for c in self.url) or " " in parsed.netloc:
                raise ValueError("control characters or spaces in the address")
        except (TypeError, ValueError) as exc:
            raise InputRejected(f"locator URL {self.url!r}: {exc}; give an http:// or https:// address") from None
        if parsed.scheme.lower() not in ("http", "https") or not parsed.hostname:
            raise InputRejected(f"locator URL {self.url!r}: give an http:// or https:// address with a host name")

    def params(self, page: int) -> dict[str, str]:
        """Query parameters for one page."""
        values: dict[str, Any] = {
            "sAddr": self.s_addr,
            "limitType": self.limit_type,
            "limitValue": None if self.limit_value is None else f"{self.limit_value:g}",
            "sType": self.s_type,
            "sCodes": ",".join(self.s_codes) or None,
            "pageSize": self.page_size,
            "page": page,
        }
        return {key: str(value) for key, value in values.items() if value is not None}


def sync_locator(
    repo: FacilityRepository,
    request: SyncRequest,
    state_dir: Path,
    source: LocatorPages,
    *,
    full_refresh: bool = False,
    restart: bool = False,
    on_page: Callable[[int, int], None] | None = None,
    limits: SyncLimits = SyncLimits(),
) -> ImportReport:
    """Read every page from ``source`` (resuming from ``state_dir`` unless ``restart``), validate, store in one go.

    ``on_page(done, total)`` is called after each page (a face draws its progress bar from it).
    """
    if restart:
        _clear_state(state_dir)
    _prepare_state(state_dir, request)
    pages = _Pages(source, state_dir, repo, limits)
    first = pages.get(1)
    total_pages = _total_pages(first, limits) if first is not None else 1
    for number in range(2, total_pages + 1):
        pages.get(number)
        if on_page is not None:
            on_page(number, total_pages)
    name = f"{request.url} ({len(pages.kept) + len(pages.failed)} pages)"
    if pages.errors:
        raise ImportRejected(name, pages.errors)
    batch = Batch(Provenance(locator.DATASET, locator.SOURCE, time.gmtime().tm_year))
    for number, page in sorted(pages.kept.items()):
        batch.page = number
        locator.add_rows(page["rows"], batch)
    digest = hashlib.sha256(json.dumps([p for _, p in sorted(pages.kept.items())], sort_keys=True).encode()).hexdigest()
    try:
        report = store_batch(batch, repo, name, fmt="locator", sha256=digest, full_refresh=full_refresh)
    except ImportRejected as exc:
        for error in exc.errors:
            (state_dir / _page_file(error.page)).unlink(missing_ok=True)  # a failed page is never kept
        raise
    _clear_state(state_dir)
    return report


class _Pages:
    """Pages by number: from the state directory when kept, else fetched, checked and kept only if sound."""

    def __init__(self, source: LocatorPages, state_dir: Path, repo: FacilityRepository, limits: SyncLimits) -> None:
        self.source, self.state_dir, self.repo, self.limits = source, state_dir, repo, limits
        self.kept: dict[int, dict[str, Any]] = {}
        self.failed: set[int] = set()
        self.errors: list[RowError] = []

    def get(self, number: int) -> dict[str, Any] | None:
        """The page, or None when its rows have errors (recorded in ``errors``; the page is not kept)."""
        saved = self.state_dir / _page_file(number)
        page = _read_saved(saved, number, self.limits)
        if page is None:
            page = self.source.page(number)
            problems = self._row_errors(number, page)
            if problems:
                self.failed.add(number)
                self.errors += problems[: MAX_REPORTED_ERRORS - len(self.errors)]
                return page if number == 1 else None
            partial = saved.with_suffix(".part")
            partial.write_text(json.dumps(page), encoding="utf-8")
            partial.replace(saved)  # atomic: a crash never leaves half a page that looks complete
        self.kept[number] = page
        return page

    def _row_errors(self, number: int, page: dict[str, Any]) -> list[RowError]:
        batch = Batch(Provenance(locator.DATASET, locator.SOURCE, time.gmtime().tm_year), page=number)
        locator.add_rows(page["rows"], batch)
        batch.check_storage(self.repo.problems)
        return batch.errors


def _total_pages(first: dict[str, Any], limits: SyncLimits) -> int:
    value = first.get("totalPages", 1)
    # bool is an int in Python; 2.5, "abc" or 10**7 pages is a broken or hostile answer, not a listing.
    if value is None:
        value = 1
    if type(value) is not int or not 1 <= value <= limits.max_pages:
        raise SyncError(
            f"page 1: totalPages {str(value)[:40]!r} is not a whole number from 1 to {limits.max_pages}; "
            "the locator's answer is broken: try again later (or a larger --page-size)"
        )
    # The pages must be able to hold the records page 1 announces (the 2019 sample: 765 pages of 30 for 22,949):
    # fewer pages, or none said, would end the sync early and a --full-refresh would close the listings never read.
    records, rows = first.get("recordCount"), len(first["rows"])
    if type(records) is int and records > value * rows:
        raise SyncError(
            f"page 1: recordCount {records} does not fit in {value} page(s) of {rows} rows (totalPages "
            f"{first.get('totalPages')!r}); the locator's answer is broken: try again later"
        )
    return value


def listing_page(body: bytes, number: int, limits: SyncLimits) -> dict[str, Any]:
    """The parsed envelope of listing page ``number``; :class:`SyncError` when it is not one."""
    try:
        page = parse_json(body, f"page {number}")
    except FileProblem as exc:
        raise SyncError(f"page {number}: the answer is {exc.errors[0].problem}") from None
    if not isinstance(page, dict) or not isinstance(page.get("rows"), list):
        raise SyncError(f"page {number}: expected {{page, totalPages, recordCount, rows}}")
    if number == 1:
        _total_pages(page, limits)
    return page


def _read_saved(saved: Path, number: int, limits: SyncLimits) -> dict[str, Any] | None:
    if not saved.exists():
        return None
    try:
        return listing_page(saved.read_bytes(), number, limits)
    except SyncError:
        saved.unlink(missing_ok=True)  # damaged on disk: ask for it again
        return None


def _page_file(number: int) -> str:
    return f"page-{number:05d}.json"


def _clear_state(state_dir: Path) -> None:
    """Remove the sync's own files (never anything else someone keeps there), then the folder if empty."""
    if not state_dir.is_dir():
        return
    for kept in [*state_dir.glob("page-*.json"), *state_dir.glob("page-*.part"), state_dir / "request.json"]:
        kept.unlink(missing_ok=True)
    with suppress(OSError):  # not empty: the folder holds something of someone else's
        state_dir.rmdir()


def _prepare_state(state_dir: Path, request: SyncRequest) -> None:
    """Keep saved pages only if they answer the same request; otherwise start over."""
    marker = state_dir / "request.json"
    wanted = json.dumps(asdict(request), sort_keys=True)
    if marker.exists() and marker.read_text(encoding="utf-8", errors="replace") != wanted:
        _clear_state(state_dir)
    state_dir.mkdir(parents=True, exist_ok=True)
    marker.write_text(wanted, encoding="utf-8")
