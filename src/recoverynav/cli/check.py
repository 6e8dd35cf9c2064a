"""``recoverynav check NAME NAME...``: what a combination risks and what to do (or ``--json``).

Names no monograph lists never hide the known ones: those are checked and shown (exit 0) and the unknown ones
are listed beside with suggestions; with fewer than two known names there is nothing to combine (exit 2).
"""

from __future__ import annotations

import json
import textwrap
from typing import TYPE_CHECKING

import click

from recoverynav.cli.citations import marks, reference_lines
from recoverynav.cli.errors import InputError

if TYPE_CHECKING:
    from recoverynav.interactions import CombinationReport, UnknownName

WIDTH = 88


@click.command()
@click.argument("names", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def check(names: tuple[str, ...], as_json: bool) -> None:
    """Check the combination of NAMES (generic, brand, street or class names; commas also separate)."""
    from recoverynav.interactions import UnknownNamesError, check_combination

    wanted = [part.strip() for name in names for part in name.split(",") if part.strip()]
    if len(wanted) < 2:
        raise InputError("Give at least two substance names, e.g. `recoverynav check baclofen alcohol`.")
    try:
        report = check_combination(wanted)
    except UnknownNamesError as exc:
        known = f" Known: {', '.join(exc.known)}." if exc.known else " None of the names is known."
        lines = [f"A combination needs at least two known names.{known}"]
        lines += [str(error) for error in exc.errors]
        raise InputError(" ".join(lines)) from exc
    for substance in report.substances:
        if substance.corrected:
            click.echo(f"Did you mean {substance.name}? Using {substance.name}.", err=True)
    for unknown in report.unknown:
        click.echo(f"Not checked: {_unknown_line(unknown)}", err=True)
    if as_json:
        click.echo(json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        click.echo(render_text(report))


def _emergency_number() -> str:
    from recoverynav.emergency import contacts_for
    from recoverynav.settings import get_settings

    return contacts_for(get_settings().country).emergency_number


def _unknown_line(unknown: UnknownName) -> str:
    hint = f" Did you mean: {', '.join(unknown.suggestions)}?" if unknown.suggestions else ""
    return f"{unknown.name!r} is not a name we know.{hint}"


def _fill(text: str, bullet: str = "- ") -> str:
    return textwrap.fill(text, width=WIDTH, initial_indent=bullet, subsequent_indent=" " * len(bullet))


def render_text(report: CombinationReport) -> str:
    """The report as plain text: strictest finding first, numbered citations, a reference list."""
    names = {s.id: s.name for s in report.substances}
    cited = report.cited()
    lines = [
        "COMBINATION: " + " + ".join(s.name for s in report.substances),
        f"Highest severity: {report.highest_severity.value.replace('_', ' ').upper()}",
    ]
    if report.urgent_advice:
        advice = report.urgent_advice
        cites = marks(cited.marks(s.id for s in advice.sources))
        lines.append(_fill(f"{advice.when}, call {_emergency_number()} now. {cites}", bullet="!! "))
    if report.unknown:
        lines += ["", "NOT CHECKED: their risks with the others are unknown here, not absent."]
        lines += [_fill(_unknown_line(u), bullet="  - ") for u in report.unknown]
        lines.append(_fill("To include one, check again with the right name.", bullet="  "))
    for finding in report.findings:
        cites = marks(cited.marks(s.id for s in finding.sources))
        who = " + ".join(names.get(i, i) for i in finding.substances)
        label = {"combination": "ALL TOGETHER", "duplicate": "ENTERED TWICE"}.get(finding.kind, "")
        lines += ["", f"[{finding.severity.value.replace('_', ' ').upper()}] {label + ': ' if label else ''}{who}"]
        lines.append(_fill(f"{finding.mechanism} {cites}", bullet="  "))
        if finding.tripsit:
            lines.append(_fill(f"TripSit rates this combination: {finding.tripsit.status}.", bullet="  "))
        lines.append("  What may happen:")
        lines += [_fill(e, bullet="  - ") for e in finding.effects]
        lines.append("  What to do:")
        lines += [_fill(a, bullet="  - ") for a in finding.advice]
    for note in report.notes:
        lines += ["", _fill(note, bullet="Note: ")]
    if report.findings:
        lines += ["", "REFERENCES"]
        lines += reference_lines(report.references, WIDTH)
    if report.attribution:
        lines += ["", f"Community ratings from {report.attribution} (ISC licence)."]
    lines += ["", "Information, not medical advice."]
    return "\n".join(lines)
