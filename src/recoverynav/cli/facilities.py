"""``recoverynav facilities import FILE`` and ``recoverynav facilities sync``: load SAMHSA listings."""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from recoverynav.cli.errors import InputError, path_problem
from recoverynav.cli.params import SafePath

METERS_PER_MILE = 1609.344
_LOCATOR_TYPE = re.compile(r"[A-Za-z]{1,10}")
_LOCATOR_CODE = re.compile(r"[A-Za-z0-9_]{1,16}")


class FiniteRange(click.FloatRange):
    """A float range that also refuses nan (which passes every comparison) and infinity."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value!r} is not a finite number", param, ctx)
        return number


@click.group()
def facilities() -> None:
    """Load treatment facilities into the directory database (SAMHSA files or the live locator)."""


@facilities.command("import")
@click.argument("file", type=SafePath(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(
        ["auto", "locator", "label-export", "moud", "spreadsheet", "facility-list", "supportive-points", "ca-dhcs"]
    ),
    default="auto",
    show_default=True,
    help="Source format (auto: from the file name and content).",
)
@click.option("--dataset", help="Which dataset a full refresh applies to (default: one per format).")
@click.option("--year", "snapshot_year", type=click.IntRange(1990, 2100), help="Survey year of the snapshot.")
@click.option("--full-refresh", is_flag=True, help="Mark the dataset's facilities missing from FILE as closed.")
def import_(file: Path, fmt: str, dataset: str | None, snapshot_year: int | None, full_refresh: bool) -> None:
    """Import FILE (locator JSON, label export JSON, MOUD CSV, directory spreadsheet CSV, 2020 facility list,
    2025 supportive points or California DHCS licensing CSV; .gz too). Records merge into the sites they describe.

    The whole file is validated first; any row error rejects it and nothing is written.
    """
    from recoverynav.directory.importers import ImportRejected, import_file
    from recoverynav.wiring import facility_repository

    repo = facility_repository()
    bar = _rows_bar(file.name) if sys.stderr.isatty() else None
    try:
        report = import_file(
            file,
            repo,
            fmt=fmt,
            dataset=dataset,
            snapshot_year=snapshot_year,
            full_refresh=full_refresh,
            progress=bar,
        )
    except ImportRejected:
        raise  # the command group's project_errors turns it into exit 2 with every row error
    except ValueError as exc:
        raise InputError(f"{file.name}: {exc}") from exc
    finally:
        if bar is not None:
            bar.close()
    _print_report(report)


@facilities.command()
@click.option("--near", help='Centre of the search: ZIP code, "lat,lon" or "City, ST" (omit for no distance limit).')
@click.option("--radius", "radius_miles", type=FiniteRange(min=0, min_open=True, max=500), default=25.0)
@click.option("--type", "s_type", help="Locator sType, e.g. SA or MH (omit for all).")
@click.option("--code", "codes", multiple=True, help="Service code the locator filters on (repeatable).")
@click.option("--page-size", type=click.IntRange(1, 2000), default=100, show_default=True)
@click.option("--url", default=None, help="Locator endpoint (default: FindTreatment.gov exportsAsJson/v2).")
@click.option("--state-dir", type=SafePath(file_okay=False, path_type=Path), help="Where pages are kept to resume.")
@click.option("--retries", type=click.IntRange(0, 20), default=5, show_default=True)
@click.option("--backoff", type=FiniteRange(0, 60), default=1.0, show_default=True, help="First retry delay (s).")
@click.option("--full-refresh", is_flag=True, help="Mark locator facilities missing from the answer as closed.")
@click.option("--restart", is_flag=True, help="Discard pages kept from an earlier, unfinished sync and start over.")
def sync(
    near: str | None,
    radius_miles: float,
    s_type: str | None,
    codes: tuple[str, ...],
    page_size: int,
    url: str | None,
    state_dir: Path | None,
    retries: int,
    backoff: float,
    full_refresh: bool,
    restart: bool,
) -> None:
    """Page through the live SAMHSA locator API and store every facility (resumable: run again after a failure)."""
    from recoverynav.directory import UnknownPlaceError, geocode
    from recoverynav.directory.importers import DEFAULT_URL, SyncRequest
    from recoverynav.errors import InputRejected
    from recoverynav.gateways import sync_from_locator
    from recoverynav.wiring import facility_repository
    from recoverynav.wiring import settings as current_settings

    if s_type is not None and not _LOCATOR_TYPE.fullmatch(s_type):
        raise InputError(f"--type: {s_type[:40]!r} is not a locator facility type; use SA or MH")
    bad = [code for code in codes if not _LOCATOR_CODE.fullmatch(code)]
    if bad:
        raise InputError(f"--code: {bad[0][:40]!r} is not a service code; use codes such as BU, DT, MD")
    s_addr = limit_type = limit_value = None
    if near:
        try:
            place = geocode(near)
        except UnknownPlaceError as exc:
            raise InputError(f"--near: {exc}") from exc
        s_addr, limit_type, limit_value = f"{place.latitude}, {place.longitude}", 2, radius_miles * METERS_PER_MILE
    try:
        request = SyncRequest(
            url=DEFAULT_URL if url is None else url,
            s_addr=s_addr,
            limit_type=limit_type,
            limit_value=limit_value,
            s_type=s_type.upper() if s_type else None,
            s_codes=tuple(c.upper() for c in codes),
            page_size=page_size,
        )
    except InputRejected as exc:
        raise InputError(f"--url: {exc}") from exc
    state = state_dir or current_settings().data_dir / "locator-sync"
    try:
        state.mkdir(parents=True, exist_ok=True)
        probe = state / ".recoverynav-write-test"
        probe.touch()
        probe.unlink()
    except OSError as exc:
        raise InputError(f"--state-dir: {path_problem(exc)}") from exc
    report = sync_from_locator(
        facility_repository(),
        request,
        state,
        retries=retries,
        backoff_seconds=backoff,
        full_refresh=full_refresh,
        restart=restart,
        on_page=_page_bar() if sys.stderr.isatty() else None,
    )
    _print_report(report)


def _rows_bar(name: str) -> Any:
    """A progress bar over the rows read, on stderr."""
    from tqdm import tqdm

    return tqdm(desc=f"reading {name}", unit=" rows", leave=False)


def _page_bar() -> Callable[[int, int], None]:
    """A progress bar over the locator's pages, drawn on stderr (the sync reports each page it has)."""
    from tqdm import tqdm

    bars: list[Any] = []

    def advance(done: int, total: int) -> None:
        if not bars:
            bars.append(tqdm(total=total, initial=1, desc="locator pages", leave=False))
        bars[0].update(1)
        if done >= total:
            bars[0].close()

    return advance


def _print_report(report: Any) -> None:
    counts = report.counts
    click.echo(
        f"{report.source_name}: {report.rows} rows, {report.facilities} facilities "
        f"({counts.inserted} new, {counts.updated} updated, {counts.unchanged} unchanged, {counts.closed} closed) "
        f"into dataset {report.dataset!r}."
    )
    if report.merged:
        click.echo(f"One card per site: {report.merged}.")
    if report.warnings:
        click.echo(f"{len(report.warnings)} warning(s), e.g. {report.warnings[0]}", err=True)
    if report.unmapped:
        top = ", ".join(f"{label!r}" for label, _ in report.unmapped.most_common(3))
        click.echo(f"{len(report.unmapped)} service label(s) not in the code catalogue, e.g. {top}", err=True)


# Wrong-listing reports and open-data export (#18) live in their own modules.
def _register() -> None:
    from recoverynav.cli.export import export
    from recoverynav.cli.listing_reports import reports

    facilities.add_command(reports)
    facilities.add_command(export)


_register()
