"""``recoverynav check NAME NAME...``: what a combination risks and what to do (or ``--json``).

Names no monograph lists never hide the known ones: those are checked and shown (exit 0) and the unknown ones
are listed beside with suggestions; with fewer than two known names there is nothing to combine (exit 2).

The report comes from the compiled pair findings (``interactions/_check.json``, see
:func:`recoverynav.interactions.bundle.check_json`) as plain JSON, the same as
``check_combination(names).model_dump(mode="json")``, so the command starts without pydantic or the rule table.
``--lang es`` (or the terminal's ``LC_ALL``/``LC_MESSAGES``/``LANG``) prints it in Spanish: the rules' own Spanish
(``rules.yaml`` ``es:``, compiled with the rest) and the catalogue's words around it.
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
@click.option(
    "--lang",
    type=click.Choice(["en", "es"]),
    default=None,
    help="Language of the report: en or es [default: from LC_ALL, LC_MESSAGES or LANG, e.g. LANG=es_US.UTF-8].",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def check(names: tuple[str, ...], lang: str | None, as_json: bool) -> None:
    """Check the combination of NAMES (generic, brand, street or class names; commas also separate)."""
    from recoverynav.cli.overdose import environment_language, negotiate_one
    from recoverynav.i18n import use_language

    language = environment_language() if lang is None else negotiate_one(lang)
    with use_language(language):
        _check(names, language, as_json)


def _check(names: tuple[str, ...], language: str, as_json: bool) -> None:
    from recoverynav.i18n import gettext as _
    from recoverynav.interactions import UnknownNamesError, check_json

    wanted = [part.strip() for name in names for part in name.split(",") if part.strip()]
    if len(wanted) < 2:
        raise InputError(_("Give at least two substance names, e.g. `recoverynav check baclofen alcohol`."))
    try:
        report = check_json(wanted, language)
    except UnknownNamesError as exc:
        known = (
            _("Known: %(names)s.") % {"names": ", ".join(exc.known)} if exc.known else _("None of the names is known.")
        )
        lines = [_("A combination needs at least two known names."), known]
        lines += [str(error) for error in exc.errors]
        raise InputError(" ".join(lines)) from exc
    for substance in report["substances"]:
        if substance["corrected"]:
            click.echo(_("Did you mean %(name)s? Using %(name)s.") % {"name": substance["name"]}, err=True)
    for unknown in report["unknown"]:
        click.echo(_("Not checked: %(reason)s") % {"reason": _unknown_line(unknown)}, err=True)
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
    from recoverynav.i18n import gettext as _

    line = _("%(name)s is not a name we know.") % {"name": repr(unknown["name"])}
    if unknown["suggestions"]:
        line += " " + _("Did you mean: %(names)s?") % {"names": ", ".join(unknown["suggestions"])}
    return line


def _severity(value: str) -> str:
    """A severity in capitals, in the current language (the words the /check page uses)."""
    from recoverynav.i18n import pgettext

    words = {
        "none_known": pgettext("severity", "None known"),
        "minor": pgettext("severity", "Minor"),
        "moderate": pgettext("severity", "Moderate"),
        "major": pgettext("severity", "Major"),
        "contraindicated": pgettext("severity", "Contraindicated"),
    }
    return words.get(value, value.replace("_", " ")).upper()


def _fill(text: str, bullet: str = "- ") -> str:
    return textwrap.fill(text, width=WIDTH, initial_indent=bullet, subsequent_indent=" " * len(bullet))


def render_text(report: Mapping[str, Any]) -> str:
    """The report (``CombinationReport.model_dump(mode="json")``) as plain text in the current language: strictest
    finding first, numbered citations, a reference list."""
    from recoverynav.i18n import gettext as _

    names = {s["id"]: s["name"] for s in report["substances"]}
    numbers = {c["id"]: c["n"] for c in report["references"]}

    def cites(sources: list[dict[str, Any]]) -> str:
        return marks(sorted({numbers[s["id"]] for s in sources}))

    lines = [
        _("COMBINATION: %(names)s") % {"names": " + ".join(s["name"] for s in report["substances"])},
        _("Highest severity: %(severity)s") % {"severity": _severity(report["highest_severity"])},
    ]
    if report["urgent_advice"]:
        advice = report["urgent_advice"]
        call = _("%(when)s, call %(number)s now.") % {"when": advice["when"], "number": _emergency_number()}
        lines.append(_fill(f"{call} {cites(advice['sources'])}", bullet="!! "))
    if report["unknown"]:
        lines += ["", _fill(_("NOT CHECKED: their risks with the others are unknown here, not absent."), bullet="")]
        lines += [_fill(_unknown_line(u), bullet="  - ") for u in report["unknown"]]
        lines.append(_fill(_("To include one, check again with the right name."), bullet="  "))
    kinds = {"combination": _("All together:"), "duplicate": _("Entered twice:")}
    for finding in report["findings"]:
        who = " + ".join(names.get(i, i) for i in finding["substances"])
        label = kinds.get(finding["kind"], "").upper()
        lines += ["", f"[{_severity(finding['severity'])}] {label + ' ' if label else ''}{who}"]
        lines.append(_fill(f"{finding['mechanism']} {cites(finding['sources'])}", bullet="  "))
        if finding["tripsit"]:
            status = _("TripSit rates this combination: %(status)s.") % {"status": finding["tripsit"]["status"]}
            lines.append(_fill(status, bullet="  "))
        lines.append(f"  {_('What may happen')}:")
        lines += [_fill(e, bullet="  - ") for e in finding["effects"]]
        lines.append(f"  {_('What to do')}:")
        lines += [_fill(a, bullet="  - ") for a in finding["advice"]]
    for note in report["notes"]:
        lines += ["", _fill(note, bullet=_("Note:") + " ")]
    if report["findings"]:
        lines += ["", _("REFERENCES")]
        lines += reference_lines(report["references"], WIDTH)
    if report["attribution"]:
        lines += ["", _("Community ratings from %(source)s (ISC licence).") % {"source": report["attribution"]}]
    lines += ["", _("Information, not medical advice.")]
    return "\n".join(lines)
