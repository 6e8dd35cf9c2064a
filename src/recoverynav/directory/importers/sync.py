"""``facilities sync``: page through the live locator API with retries and backoff, resumable from disk.

Each fetched page is written to the state directory before the next is asked for, so an interrupted sync
resumes where it stopped. Nothing reaches the database until every page is in and every row validates;
then all pages are stored in one transaction and the state directory is removed.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import httpx

from recoverynav.directory.importers import locator, merging
from recoverynav.directory.importers.loader import ImportReport
from recoverynav.directory.importers.records import Batch, ImportRejected, Provenance
from recoverynav.directory.repository import FacilityRepository, ImportRun

DEFAULT_URL = "https://findtreatment.gov/locator/exportsAsJson/v2"
_RETRY_STATUS = {408, 425, 429, 500, 502, 503, 504}


class SyncError(RuntimeError):
    """The locator could not be read (after retries) or answered something that is not a listing page."""


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
    *,
    retries: int = 5,
    backoff_seconds: float = 1.0,
    full_refresh: bool = False,
    progress: bool = False,
    client: httpx.Client | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> ImportReport:
    """Fetch every page (resuming from ``state_dir``), validate all rows, store them in one transaction."""
    _prepare_state(state_dir, request)
    own_client = client is None
    http = client or httpx.Client(timeout=60.0, headers={"User-Agent": "recoverynav facility sync"})
    try:
        first = _page(http, request, 1, state_dir, retries, backoff_seconds, sleep)
        total_pages = int(first.get("totalPages") or 1)
        bar = _bar(total_pages) if progress else None
        pages = [first]
        for number in range(2, total_pages + 1):
            pages.append(_page(http, request, number, state_dir, retries, backoff_seconds, sleep))
            if bar is not None:
                bar.update(1)
        if bar is not None:
            bar.close()
    finally:
        if own_client:
            http.close()
    batch = Batch(Provenance(locator.DATASET, locator.SOURCE, time.gmtime().tm_year))
    for page in pages:
        locator.add_rows(locator.rows_of(page, batch), batch, first_row=batch.rows + 1)
    name = f"{request.url} ({len(pages)} pages)"
    if batch.errors:
        raise ImportRejected(name, batch.errors)
    digest = hashlib.sha256(json.dumps(pages, sort_keys=True).encode("utf-8")).hexdigest()
    run = ImportRun(locator.DATASET, name, digest, batch.rows, full_refresh)
    # One card per site: the locator's rows join the stored sites they describe, as a file import's do.
    plan = merging.plan_merge(repo.sites_in(merging.candidate_states(batch.facilities)), batch.facilities)
    counts = repo.upsert(plan.sites, run, absorbed=plan.absorbed)
    shutil.rmtree(state_dir, ignore_errors=True)
    return ImportReport(
        name, "locator", run.dataset, batch.rows, len(batch.facilities), counts, batch.warnings, batch.unmapped
    )


def _prepare_state(state_dir: Path, request: SyncRequest) -> None:
    """Keep saved pages only if they answer the same request; otherwise start over."""
    marker = state_dir / "request.json"
    wanted = json.dumps(asdict(request), sort_keys=True)
    if marker.exists() and marker.read_text(encoding="utf-8") != wanted:
        shutil.rmtree(state_dir)
    state_dir.mkdir(parents=True, exist_ok=True)
    marker.write_text(wanted, encoding="utf-8")


def _page(
    http: httpx.Client,
    request: SyncRequest,
    number: int,
    state_dir: Path,
    retries: int,
    backoff_seconds: float,
    sleep: Callable[[float], None],
) -> dict[str, Any]:
    saved = state_dir / f"page-{number:05d}.json"
    if saved.exists():
        page: dict[str, Any] = json.loads(saved.read_text(encoding="utf-8"))
        return page
    page = _fetch(http, request, number, retries, backoff_seconds, sleep)
    partial = saved.with_suffix(".part")
    partial.write_text(json.dumps(page), encoding="utf-8")
    partial.replace(saved)  # atomic: a crash never leaves half a page that looks complete
    return page


def _fetch(
    http: httpx.Client,
    request: SyncRequest,
    number: int,
    retries: int,
    backoff_seconds: float,
    sleep: Callable[[float], None],
) -> dict[str, Any]:
    problem = ""
    for attempt in range(retries + 1):
        if attempt:
            sleep(backoff_seconds * 2 ** (attempt - 1))
        try:
            response = http.get(request.url, params=request.params(number))
        except httpx.TransportError as exc:
            problem = f"{type(exc).__name__}: {exc}"
            continue
        if response.status_code in _RETRY_STATUS:
            problem = f"HTTP {response.status_code}"
            continue
        if response.status_code != 200:
            raise SyncError(f"page {number}: HTTP {response.status_code} from {request.url}")
        try:
            page = response.json()
        except ValueError as exc:
            raise SyncError(f"page {number}: the answer is not JSON") from exc
        if not isinstance(page, dict) or not isinstance(page.get("rows"), list):
            raise SyncError(f"page {number}: expected {{page, totalPages, recordCount, rows}}")
        return page
    raise SyncError(f"page {number}: gave up after {retries + 1} attempts ({problem}); run sync again to resume")


def _bar(total: int) -> Any:
    import sys

    from tqdm import tqdm

    return tqdm(total=total, initial=1, desc="locator pages", disable=not sys.stderr.isatty(), leave=False)
