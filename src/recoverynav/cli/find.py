"""``recoverynav find --near 22902 --radius 25 --code DT --code MD [--json]``: treatment near a place."""

from __future__ import annotations

import json
import shlex
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import click

from recoverynav.cli.errors import InputError

if TYPE_CHECKING:
    from recoverynav.directory import FinderQuery


@click.command()
@click.option("--near", help='Where: a US ZIP code, "lat,lon" or "City, ST".')
@click.option("--radius", "radius_miles", type=float, default=25.0, show_default=True, help="Miles around --near.")
@click.option("--nearest", type=int, help="The nearest N facilities instead of a radius.")
@click.option("--code", "codes", multiple=True, help="Service code every result must offer (repeatable): DT, MD, BU…")
@click.option("--type", "facility_type", help="Facility type: SA (substance use) or MH (mental health).")
@click.option("--name", help="Text in the facility's name.")
@click.option("--page", type=int, default=1, show_default=True)
@click.option("--page-size", type=int, default=20, show_default=True)
@click.option("--include-demo", is_flag=True, help="Include synthetic demo facilities (marked DEMO).")
@click.option(
    "--has-openings", is_flag=True, help="Only places with an open place posted or confirmed in the last 24 hours."
)
@click.option("--json", "as_json", is_flag=True, help="Print results as JSON.")
def find(
    near: str | None,
    radius_miles: float,
    nearest: int | None,
    codes: tuple[str, ...],
    facility_type: str | None,
    name: str | None,
    page: int,
    page_size: int,
    include_demo: bool,
    has_openings: bool,
    as_json: bool,
) -> None:
    """Find treatment facilities near a place, nearest first, from SAMHSA's locator data (works offline)."""
    from recoverynav.cli import quickfind

    # The common search (a ZIP code on a prepared SQLite file) is read without SQLAlchemy or pydantic; anything
    # else, and any search it cannot answer exactly as below, takes the full path.
    options: dict[str, Any] = {
        "near": near,
        "radius_miles": radius_miles,
        "nearest": nearest,
        "codes": codes,
        "facility_type": facility_type,
        "name": name,
        "page": page,
        "page_size": page_size,
        "include_demo": include_demo,
        "has_openings": has_openings,
    }
    answer = quickfind.quick_search(**options)
    if answer is not None:
        if as_json:
            click.echo(json.dumps(answer, ensure_ascii=False, indent=2))
        else:
            click.echo(quickfind.render_text(answer))
        return
    _full_find(as_json=as_json, **options)


def _full_find(
    *,
    near: str | None,
    radius_miles: float,
    nearest: int | None,
    codes: tuple[str, ...],
    facility_type: str | None,
    name: str | None,
    page: int,
    page_size: int,
    include_demo: bool,
    has_openings: bool,
    as_json: bool,
) -> None:
    """``find`` through the directory's search on the configured repository (migrated and loaded first)."""
    from pydantic import ValidationError

    from recoverynav.directory import FacilityQuery, UnknownPlaceError, search_facilities
    from recoverynav.wiring import facility_repository

    options = {"radius_miles": "--radius", "page_size": "--page-size", "facility_type": "--type", "codes": "--code"}
    try:
        query = FacilityQuery(
            near=near,
            radius_miles=radius_miles,
            nearest=nearest,
            codes=list(codes),
            facility_type=facility_type,
            name=name,
            page=page,
            page_size=page_size,
            include_demo=include_demo,
            has_openings=has_openings,
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "near"
        message = str(first["msg"]).removeprefix("Value error, ")
        raise InputError(f"{options.get(field, '--' + field)}: {message}") from exc
    try:
        result = search_facilities(query, facility_repository())
    except UnknownPlaceError as exc:
        raise InputError(f"--near: {exc}") from exc
    if as_json:
        # The same JSON as the API's answer, finder addresses included.
        from recoverynav.api.facilities import answer_search

        click.echo(json.dumps(answer_search(result).model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    click.echo(_text(result))


def find_command(query: FinderQuery | Mapping[str, Any]) -> str | None:
    """The ``recoverynav find`` command line for a finder search (or its JSON), or None when it has no option for a
    part of it.

    ``find`` has no medication or payment option (the web finder's answers search any of several codes).
    """
    q = query if isinstance(query, Mapping) else dict(query)
    if q["medication"] or q["payment"]:
        return None
    args = ["recoverynav", "find", *(arg for code in q["codes"] for arg in ("--code", code))]
    if q["near"]:
        args += ["--near", q["near"]]
    if q["radius_miles"] is not None:
        args += ["--radius", str(q["radius_miles"])]
    return shlex.join(args)


_KINDS = {"main": "", "intake": "intake ", "hotline": "hotline "}


def _text(result: object) -> str:
    from recoverynav.cli.compare import signs_line
    from recoverynav.directory import CONFIRM_NOTICE, SearchResult, headline_services, opening_line

    assert isinstance(result, SearchResult)
    where = f" near {result.origin.label}" if result.origin else ""
    lines = [f"{result.total} facilities{where} (page {result.page}, {len(result.results)} shown)", ""]
    start = (result.page - 1) * result.page_size
    for number, hit in enumerate(result.results, start=start + 1):
        miles = f"{hit.distance_miles:.1f} mi  " if hit.distance_miles is not None else ""
        demo = "[DEMO DATA] " if hit.synthetic else ""
        title = f"{hit.name} — {hit.name2}" if hit.name2 else hit.name
        lines.append(f"{number:>3}. {miles}{demo}{title}")
        address = ", ".join(p for p in (hit.street, hit.city, f"{hit.state} {hit.zip}".strip()) if p)
        lines.append(f"     {address}")
        phones = "  ".join(f"{_KINDS[p.kind]}{p.display}" for p in hit.phones)
        if phones:
            lines.append(f"     {phones}")
        lines.append(f"     services: {'; '.join(headline_services(hit.codes)) or '-'}")
        lines += [f"     openings: {opening_line(opening)}" for opening in hit.openings]
        lines.append(f"     signs of quality: {signs_line(hit.quality_signs)}")
        listed = dict.fromkeys(f"{source.name}, {source.year}" for source in hit.sources)
        lines.append(f"     listed by: {'; '.join(listed)}")
        if hit.notice != CONFIRM_NOTICE:
            lines.append(f"     {hit.notice}")
        if hit.still_listed_2025 is False:
            lines.append(f"     not in SAMHSA's 2025 directory download for {hit.state}: it may have closed")
        if hit.state_licence:
            licence = hit.state_licence
            expires = f", expires {licence.expires}" if licence.expires else ""
            beds = f", {licence.capacity} licensed beds" if licence.capacity else ""
            lines.append(f"     {licence.state} licence {licence.number}: {licence.status}{expires}{beds}")
            lines.append(f"     ({licence.credit})")
    if result.empty:
        lines += _empty_lines(result.empty)
    lines += ["", f"{CONFIRM_NOTICE} Source: SAMHSA, FindTreatment.gov."]
    return "\n".join(lines)


def _empty_lines(empty: object) -> list[str]:
    """The directory's explanation of an empty search, as the web page shows it."""
    from recoverynav.directory import EmptyResult
    from recoverynav.web.finder_links import finder_href

    assert isinstance(empty, EmptyResult)
    lines = [f"Nothing found: {empty.searched}.", empty.message]
    if empty.next_radius_miles:
        found = f"{empty.next_radius_results} listing{'s' if empty.next_radius_results != 1 else ''}"
        lines.append(f"Try --radius {empty.next_radius_miles}: {found}.")
    helpline = empty.helpline
    lines.append(f"Call the {helpline.name}: {helpline.number} ({helpline.hours}).")
    for link in empty.medication_links:
        nearest = f" (nearest {link.nearest_miles:.1f} miles)" if link.nearest_miles is not None else ""
        web = finder_href(link.query)
        lines.append(f"Medicine for opioid use disorder: {link.label}{nearest}, on the web at {web}")
    return lines
