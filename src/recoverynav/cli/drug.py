"""``recoverynav drug NAME``: a readable, cited monograph (or ``--json``).

Reads the compiled catalogue (``knowledge/_bundle/``: the names and this one entry) with ``json`` only, so it
starts fast.
"""

from __future__ import annotations

import json
import textwrap
from typing import Any

import click

from recoverynav.cli.citations import marks, numbers_of, reference_lines
from recoverynav.cli.errors import InputError
from recoverynav.knowledge import UnknownNameError, class_labels, find_entry, heading_case

_SECTIONS = (
    ("overview", "Overview"),
    ("medical_uses", "Medical uses"),
    ("misuse", "Why and how it is misused"),
    ("effects_of_misuse", "Effects of misuse"),
    ("combined_use", "Taken with other substances"),
    ("overdose", "Overdose"),
    ("withdrawal", "Withdrawal"),
    ("treatment", "Treatment"),
)
_OVERDOSE_PARTS = (
    ("effects", "What an overdose can do"),
    ("warning_signs", "Warning signs"),
    ("dose_notes", "Doses"),
)


@click.command()
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print the monograph as JSON.")
def drug(name: str, as_json: bool) -> None:
    """Show the cited monograph for NAME (generic, brand, street name or misspelling)."""
    try:
        match, entry = find_entry(name)
    except UnknownNameError as exc:
        raise InputError(str(exc)) from exc
    if match.corrected:
        click.echo(f"Did you mean {entry['names']['generic']}? Showing {entry['names']['generic']}.", err=True)
    if as_json:
        click.echo(json.dumps(entry, ensure_ascii=False, indent=2))
    else:
        click.echo(render_text(entry))


def render_text(entry: dict[str, Any]) -> str:
    """The monograph as plain text with numbered citations and a reference list."""
    numbers = numbers_of(entry["references"])
    width = 88

    def cite(statement: dict[str, Any]) -> str:
        return marks(numbers[s] for s in statement["sources"])

    def para(statement: dict[str, Any], bullet: str = "- ") -> str:
        text = f"{statement['text']} {cite(statement)}"
        return textwrap.fill(text, width=width, initial_indent=bullet, subsequent_indent=" " * len(bullet))

    names = entry["names"]
    # The name as the monograph spells it ("MAOIs", "GHB"): upper-casing would read "MAOIS".
    lines = [heading_case(names["generic"]), "=" * len(names["generic"])]
    if names["brands"]:
        lines.append(f"Brands: {', '.join(names['brands'])}")
    if names["street"]:
        lines.append(f"Street names: {', '.join(names['street'])}")
    labels = class_labels()
    lines.append(f"Classes: {', '.join(labels.get(c, c) for c in entry['classes'])}")
    ids = entry.get("identifiers")
    if ids:
        lines.append(
            f"RxNorm {ids['rxnorm_cui'] or '-'} · ATC {', '.join(ids['atc']) or '-'} · "
            f"DEA schedule {ids['dea_schedule'] or '-'} {cite(ids)}"
        )
    lines += ["", para(entry["summary"], bullet="")]
    sections = entry["sections"]
    for key, title in _SECTIONS:
        if key == "overdose":
            parts = [(t, sections["overdose"][k]) for k, t in _OVERDOSE_PARTS if sections["overdose"][k]]
            if parts:
                lines += [
                    "",
                    title.upper(),
                    "In an emergency call 911 (US) or your local emergency number now.",
                ]
                for part_title, statements in parts:
                    lines += [f"{part_title}:", *(para(s) for s in statements)]
        elif sections[key]:
            lines += ["", title.upper(), *(para(s) for s in sections[key])]
        if key == "withdrawal" and entry.get("withdrawal_risk"):
            lines += ["", *stopping_lines(entry["withdrawal_risk"], para)]
    lines += ["", "REFERENCES", *reference_lines(entry["references"], width)]
    lines += ["", "Information, not medical advice."]
    return "\n".join(lines)


def stopping_lines(risk: dict[str, Any], para: Any) -> list[str]:
    """The withdrawal table's row for this substance (knowledge/withdrawal.yaml): how dangerous a sudden stop is."""
    return [
        f"STOPPING SUDDENLY ({risk['title']})",
        para({"text": risk["summary"], "sources": risk["sources"]}),
        para({"text": f"What to do: {risk['advice']}", "sources": risk["sources"]}),
    ]
