"""``recoverynav meetings import FILE_OR_URL`` and ``recoverynav meetings find --near PLACE``: support groups."""

from __future__ import annotations

import json
from pathlib import Path

import click

from recoverynav.cli.errors import InputError


@click.group()
def meetings() -> None:
    """Support-group meetings from Meeting Guide feeds (AA intergroups, Al-Anon...): import and find."""


@meetings.command("import")
@click.argument("source")
@click.option("--feed", "feed_name", help="The feed's name in the database (default: the file name).")
@click.option("--title", help="Who publishes the feed (shown with every meeting; default: the feed name).")
@click.option("--full-refresh", is_flag=True, help="Remove this feed's meetings that the file no longer lists.")
@click.option("--json", "as_json", is_flag=True, help="Print the import report as JSON.")
def import_(source: str, feed_name: str | None, title: str | None, full_refresh: bool, as_json: bool) -> None:
    """Import a Meeting Guide JSON feed from a FILE or an http(s) URL; prints what was skipped and why."""
    import re

    from recoverynav.meetings import FeedRejected, import_feed
    from recoverynav.wiring import meeting_import_repository

    is_url = source.lower().startswith(("http://", "https://"))
    if is_url:
        from recoverynav.gateways.feeds import FeedFetchError, fetch_feed

        try:
            data = fetch_feed(source)
        except FeedFetchError as exc:
            raise InputError(f"SOURCE: {exc}") from exc
        default_name = Path(source.split("?")[0].rstrip("/")).stem or "feed"
    else:
        path = Path(source)
        if not path.is_file():
            raise InputError(f"SOURCE: {source!r} is not a file (or give an http:// or https:// URL)")
        data = path.read_bytes()
        default_name = path.name.removesuffix(".gz").removesuffix(".json")
    name = (feed_name or default_name).strip()
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,79}", name):
        raise InputError(f"--feed: {name[:100]!r} is not a feed name; use letters, digits, '.', '_' or '-' (max 80)")
    if title is not None and not 0 < len(title.strip()) <= 300:
        raise InputError("--title: give 1 to 300 characters")
    try:
        report = import_feed(
            data,
            source[:500],
            meeting_import_repository(),
            feed=name,
            title=title or "",
            full_refresh=full_refresh,
        )
    except FeedRejected as exc:
        raise InputError(f"SOURCE: {exc}; nothing was imported") from exc
    if as_json:
        from dataclasses import asdict

        click.echo(json.dumps(asdict(report) | {"imported": report.imported}, ensure_ascii=False, indent=2))
        return
    counts = report.counts
    click.echo(
        f"{report.feed}: {report.records} records, {report.imported} imported "
        f"({counts.inserted} new, {counts.updated} updated, {counts.unchanged} unchanged, {counts.removed} removed), "
        f"{len(report.skipped)} skipped"
    )
    for skip in report.skipped:
        click.echo(f"  skipped #{skip.index} {skip.slug or '-'} {skip.name!r}: {skip.reason}")
    for warning in report.warnings:
        click.echo(f"  note #{warning.index} {warning.slug}: {warning.reason}")


@meetings.command("find")
@click.option("--near", required=True, help='Where: a US ZIP code, "lat,lon", "City, ST" or a state.')
@click.option("--radius", "radius_miles", type=float, default=25.0, show_default=True, help="Miles around --near.")
@click.option("--day", help="Only this day: sun, mon, tue, wed, thu, fri, sat (or 0-6, 0 = Sunday).")
@click.option("--type", "types", multiple=True, help="Meeting type every result has (repeatable): O, C, S, W...")
@click.option("--online", is_flag=True, help="Meetings you can join online (from anywhere), nearest groups first.")
@click.option("--next", "soonest", is_flag=True, help="Order by the next start instead of distance.")
@click.option("--limit", type=int, default=20, show_default=True, help="How many meetings to show (1-200).")
@click.option("--json", "as_json", is_flag=True, help="Print results as JSON.")
def find(
    near: str,
    radius_miles: float,
    day: str | None,
    types: tuple[str, ...],
    online: bool,
    soonest: bool,
    limit: int,
    as_json: bool,
) -> None:
    """Find support-group meetings near a place, nearest first, with day, time and time zone."""
    from recoverynav.cli import quickfind, quickmeetings

    # The common search (a ZIP code or city on a prepared SQLite file) is read without SQLAlchemy or pydantic;
    # anything else, and any search it cannot answer exactly as below, takes the full path.
    answer = quickmeetings.quick_meetings(
        near=near,
        radius_miles=radius_miles,
        day=day,
        types=types,
        online=online,
        soonest=soonest,
        limit=limit,
        database=quickfind.database_path(),
    )
    if answer is not None:
        if as_json:
            click.echo(json.dumps(answer, ensure_ascii=False, indent=2))
        else:
            click.echo(quickmeetings.render_text(answer))
        return
    _full_find(near, radius_miles, day, types, online, soonest, limit, as_json)


def _full_find(
    near: str,
    radius_miles: float,
    day: str | None,
    types: tuple[str, ...],
    online: bool,
    soonest: bool,
    limit: int,
    as_json: bool,
) -> None:
    from pydantic import ValidationError

    from recoverynav.directory import UnknownPlaceError
    from recoverynav.meetings import MeetingQuery, search_meetings
    from recoverynav.wiring import meeting_repository

    options = {"radius_miles": "--radius", "types": "--type"}
    try:
        query = MeetingQuery(
            near=near,
            radius_miles=radius_miles,
            day=day,
            types=list(types),
            online=online,
            order="next" if soonest else "distance",
            limit=limit,
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "near"
        message = str(first["msg"]).removeprefix("Value error, ")
        raise InputError(f"{options.get(field, '--' + field)}: {message}") from exc
    try:
        result = search_meetings(query, meeting_repository())
    except UnknownPlaceError as exc:
        raise InputError(f"--near: {exc}") from exc
    if as_json:
        click.echo(json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    click.echo(_text(result))


def _day(number: int) -> str:
    from recoverynav.meetings import DAY_NAMES

    return DAY_NAMES[number]


def _text(result: object) -> str:
    from recoverynav.meetings import MeetingResult

    assert isinstance(result, MeetingResult)
    scope = "online" if result.radius_miles is None else f"within {result.radius_miles:g} miles of"
    lines = [f"{result.total} meetings {scope} {result.origin.label} ({len(result.results)} shown)", ""]
    for number, hit in enumerate(result.results, start=1):
        miles = f"{hit.distance_miles:.1f} mi  " if hit.distance_miles is not None else ""
        days = ", ".join(_day(d) for d in hit.days)
        end = f"-{hit.end_time}" if hit.end_time else ""
        lines.append(f"{number:>3}. {miles}{hit.name}  [id {hit.id}]")
        lines.append(f"     {days} {hit.time}{end} {hit.timezone}")
        where = ", ".join(p for p in (hit.location, hit.address) if p)
        if where and hit.attendance != "online":
            lines.append(f"     {where}")
        if hit.conference_url or hit.conference_phone:
            lines.append(f"     online: {' / '.join(p for p in (hit.conference_url, hit.conference_phone) if p)}")
        lines.append(f"     types: {'; '.join(t.en for t in hit.type_labels) or '-'}")
        lines.append(f"     feed: {hit.feed_title or hit.feed}, updated {hit.updated or 'unknown'}")
    lines += ["", f"{result.notice} {result.attribution}"]
    return "\n".join(lines)
