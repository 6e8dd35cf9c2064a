"""``recoverynav check NAME NAME...``: what a combination risks and what to do (or ``--json``).

Names no monograph lists never hide the known ones: those are checked and shown (exit 0) and the unknown ones
are listed beside with suggestions; with fewer than two known names there is nothing to combine (exit 2).

The report comes from the compiled pair findings (``interactions/_check.json``, see
:func:`recoverynav.interactions.bundle.check_json`) as plain JSON, the same as
``check_combination(names).model_dump(mode="json")``, so the command starts without pydantic or the rule table.
"""

from __future__ import annotations

import json
import os
import textwrap
from collections.abc import Mapping
from typing import Any

import click

from recoverynav.cli.citations import marks, reference_lines
from recoverynav.cli.errors import InputError

WIDTH = 88
# The country is the one setting read here; a config file (which may name another) sends the look-up the full way.
_FULL_PATH_SETTINGS = frozenset({"RECOVERYNAV_CONFIG"})


@click.command()
@click.argument("names", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def check(names: tuple[str, ...], as_json: bool) -> None:
    """Check the combination of NAMES (generic, brand, street or class names; commas also separate)."""
    from recoverynav.interactions import UnknownNamesError, check_json

    wanted = [part.strip() for name in names for part in name.split(",") if part.strip()]
    if len(wanted) < 2:
        raise InputError("Give at least two substance names, e.g. `recoverynav check baclofen alcohol`.")
    try:
        report = check_json(wanted)
    except UnknownNamesError as exc:
        known = f" Known: {', '.join(exc.known)}." if exc.known else " None of the names is known."
        lines = [f"A combination needs at least two known names.{known}"]
        lines += [str(error) for error in exc.errors]
        raise InputError(" ".join(lines)) from exc
    for substance in report["substances"]:
        if substance["corrected"]:
            click.echo(f"Did you mean {substance['name']}? Using {substance['name']}.", err=True)
    for unknown in report["unknown"]:
        click.echo(f"Not checked: {_unknown_line(unknown)}", err=True)
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        click.echo(render_text(report))


def _emergency_number() -> str:
    """The configured country's emergency number: from the compiled table when an environment variable (or the
    default) names a country in it, else through the settings and the numbers table in full."""
    from recoverynav.interactions import emergency_numbers

    numbers = emergency_numbers()
    named = {key.upper(): value for key, value in os.environ.items() if key.upper().startswith("RECOVERYNAV_")}
    country = named.get("RECOVERYNAV_COUNTRY", "US").upper()
    if not set(named) & _FULL_PATH_SETTINGS and country in numbers:
        return numbers[country]
    from recoverynav.emergency import contacts_for
    from recoverynav.wiring import settings as current_settings

    return contacts_for(current_settings().country).emergency_number


def _unknown_line(unknown: Mapping[str, Any]) -> str:
    hint = f" Did you mean: {', '.join(unknown['suggestions'])}?" if unknown["suggestions"] else ""
    return f"{unknown['name']!r} is not a name we know.{hint}"


def _fill(text: str, bullet: str = "- ") -> str:
    return textwrap.fill(text, width=WIDTH, initial_indent=bullet, subsequent_indent=" " * len(bullet))


def render_text(report: Mapping[str, Any]) -> str:
    """The report (``CombinationReport.model_dump(mode="json")``) as plain text: strictest finding first, numbered
    citations, a reference list."""
    names = {s["id"]: s["name"] for s in report["substances"]}
    numbers = {c["id"]: c["n"] for c in report["references"]}

    def cites(sources: list[dict[str, Any]]) -> str:
        return marks(sorted({numbers[s["id"]] for s in sources}))

    lines = [
        "COMBINATION: " + " + ".join(s["name"] for s in report["substances"]),
        f"Highest severity: {report['highest_severity'].replace('_', ' ').upper()}",
    ]
    if report["urgent_advice"]:
        advice = report["urgent_advice"]
        lines.append(
            _fill(f"{advice['when']}, call {_emergency_number()} now. {cites(advice['sources'])}", bullet="!! ")
        )
    if report["unknown"]:
        lines += ["", "NOT CHECKED: their risks with the others are unknown here, not absent."]
        lines += [_fill(_unknown_line(u), bullet="  - ") for u in report["unknown"]]
        lines.append(_fill("To include one, check again with the right name.", bullet="  "))
    for finding in report["findings"]:
        who = " + ".join(names.get(i, i) for i in finding["substances"])
        label = {"combination": "ALL TOGETHER", "duplicate": "ENTERED TWICE"}.get(finding["kind"], "")
        severity = finding["severity"].replace("_", " ").upper()
        lines += ["", f"[{severity}] {label + ': ' if label else ''}{who}"]
        lines.append(_fill(f"{finding['mechanism']} {cites(finding['sources'])}", bullet="  "))
        if finding["tripsit"]:
            lines.append(_fill(f"TripSit rates this combination: {finding['tripsit']['status']}.", bullet="  "))
        lines.append("  What may happen:")
        lines += [_fill(e, bullet="  - ") for e in finding["effects"]]
        lines.append("  What to do:")
        lines += [_fill(a, bullet="  - ") for a in finding["advice"]]
    for note in report["notes"]:
        lines += ["", _fill(note, bullet="Note: ")]
    if report["findings"]:
        lines += ["", "REFERENCES"]
        lines += reference_lines(report["references"], WIDTH)
    if report["attribution"]:
        lines += ["", f"Community ratings from {report['attribution']} (ISC licence)."]
    lines += ["", "Information, not medical advice."]
    return "\n".join(lines)
