"""``recoverynav compare FRID FRID [FRID] [--near 22902] [--json]``: two or three facilities side by side."""

from __future__ import annotations

import json
from typing import Any

import click

from recoverynav.cli.errors import InputError

STATUS_WORDS = {"yes": "yes", "no": "no", "not_reported": "not reported"}


def signs_line(signs: list[Any]) -> str:
    """Signs of quality in one line, grouped by answer: "yes: A (x), B; no: C; not reported: D"."""
    groups: dict[str, list[str]] = {}
    for sign in signs:
        text = f"{sign.label} ({sign.detail})" if sign.status == "yes" and sign.detail else sign.label
        groups.setdefault(sign.status, []).append(text)
    return "; ".join(
        f"{STATUS_WORDS[status]}: {', '.join(groups[status])}" for status in STATUS_WORDS if status in groups
    )


@click.command()
@click.argument("frids", nargs=-1, metavar="FRID FRID [FRID]")
@click.option("--near", help='Show distances from here: a US ZIP code, "lat,lon" or "City, ST".')
@click.option("--include-demo", is_flag=True, help="Allow synthetic demo facilities.")
@click.option("--json", "as_json", is_flag=True, help="Print the comparison as JSON.")
def compare(frids: tuple[str, ...], near: str | None, include_demo: bool, as_json: bool) -> None:
    """Compare two or three facilities: care, medications, payment, languages, people served, signs of quality."""
    from recoverynav.cli import quickcompare

    # The common comparison (facilities without openings on a prepared SQLite file, a ZIP code or city) is read
    # without SQLAlchemy or pydantic; anything else, errors included, takes the full path below.
    answer = quickcompare.quick_compare(frids, near=near, include_demo=include_demo)
    if answer is not None:
        if as_json:
            click.echo(json.dumps(answer, ensure_ascii=False, indent=2))
        else:
            click.echo(quickcompare.render_text(answer))
        return
    from recoverynav.directory import CompareError, UnknownFacilityError, UnknownPlaceError, compare_facilities
    from recoverynav.wiring import facility_repository

    try:
        comparison = compare_facilities(list(frids), facility_repository(), near=near, include_demo=include_demo)
    except CompareError as exc:
        raise InputError(f"FRID: {exc}") from exc
    except UnknownFacilityError as exc:
        raise InputError(
            f"FRID {exc.frid!r}: not in the directory; copy the id from `recoverynav find --json`"
        ) from exc
    except UnknownPlaceError as exc:
        raise InputError(f"--near: {exc}") from exc
    if as_json:
        click.echo(json.dumps(comparison.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    lines: list[str] = []
    for number, hit in enumerate(comparison.facilities, start=1):
        lines.append(
            f"[{number}] {hit.name} ({', '.join(p for p in (hit.city, hit.state) if p)})  {hit.phone}".rstrip()
        )
        lines.append(f"    frid {hit.frid}")
    for row in comparison.rows:
        lines += ["", row.label]
        for number, cell in enumerate(row.values, start=1):
            lines.append(f"  [{number}] {'; '.join(cell) if cell else 'not listed'}")
    lines += ["", "Call to confirm services and openings before you go. Source: SAMHSA, FindTreatment.gov."]
    click.echo("\n".join(lines))
