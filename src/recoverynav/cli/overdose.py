"""``recoverynav overdose``: what to do now, step by step, for the signs a bystander sees."""

from __future__ import annotations

import json
import os
import shlex
import textwrap
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import click

from recoverynav.cli.errors import InputError
from recoverynav.emergency import SIGN_IDS

if TYPE_CHECKING:
    from recoverynav.emergency import FirstAid
    from recoverynav.i18n import Language

WIDTH = 88
# The country is the one setting read on the fast path; a config file (which may name another) sends it the full way.
_FULL_PATH_SETTINGS = frozenset({"RECOVERYNAV_CONFIG"})


@click.command()
@click.option(
    "--sign",
    "signs",
    multiple=True,
    type=click.Choice(SIGN_IDS),
    help="A sign you see (repeat for several).",
)
@click.option("--substance", "substances", multiple=True, help="What may have been taken, any name (repeatable).")
@click.option(
    "--country", default=None, help="ISO 3166 two-letter code for the numbers [default: RECOVERYNAV_COUNTRY]."
)
@click.option(
    "--lang",
    type=click.Choice(["en", "es"]),
    default=None,
    help="Language of the steps: en or es [default: from LC_ALL, LC_MESSAGES or LANG, e.g. LANG=es_US.UTF-8].",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def overdose(
    signs: tuple[str, ...], substances: tuple[str, ...], country: str | None, lang: str | None, as_json: bool
) -> None:
    """Overdose first aid: call first, then the ordered, cited steps for what you see."""
    from recoverynav.i18n import gettext as _
    from recoverynav.i18n import use_language

    language = environment_language() if lang is None else negotiate_one(lang)
    with use_language(language):
        compiled = _compiled_country(country)
        if compiled is not None:
            from recoverynav.emergency import compiled_first_aid

            result = compiled_first_aid(signs, substances, compiled, lang=language)
        else:
            result = _full_first_aid(signs, substances, country, language)
        for match in result.substances:
            if not match.known:
                click.echo(unknown_line(match.query, match.suggestions), err=True)
            elif match.corrected:
                click.echo(_("Did you mean %(name)s? Using %(name)s.") % {"name": match.name}, err=True)
        if as_json:
            click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
            return
        click.echo(render_text(result, compiled=compiled is not None))


def _compiled_country(country: str | None) -> str | None:
    """The country code when the compiled data can answer (its numbers are on file and no config file may name
    another country), else None: the full path then reads the settings and names a bad ``--country``."""
    from recoverynav.emergency import compiled_countries

    if country is None:
        named = {key.upper(): value for key, value in os.environ.items() if key.upper().startswith("RECOVERYNAV_")}
        if set(named) & _FULL_PATH_SETTINGS:
            return None
        country = named.get("RECOVERYNAV_COUNTRY", "US").upper()
    else:
        country = country.strip().upper()
    return country if country in compiled_countries() else None


def _full_first_aid(signs: tuple[str, ...], substances: tuple[str, ...], country: str | None, lang: str) -> FirstAid:
    """The validated protocol and numbers (pydantic, YAML) and the settings' country."""
    from recoverynav.emergency import UnknownCountryError, first_aid_steps
    from recoverynav.wiring import settings as current_settings

    # An empty --country is a mistake to name, not a wish for the default country's numbers.
    try:
        code = current_settings().country if country is None else country
        return first_aid_steps(signs, substances, code, lang=lang)
    except UnknownCountryError as exc:
        raise InputError(f"--country: {exc}") from exc


def negotiate_one(value: str) -> Language:
    """``value`` as a supported language (English when it is not one)."""
    from recoverynav.i18n import negotiate

    return negotiate([value])


def environment_language() -> Language:
    """The language the terminal asks for: the first of LC_ALL, LC_MESSAGES, LANG that is set (POSIX order)."""
    import os

    from recoverynav.i18n import negotiate

    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return negotiate([value])
    return negotiate([])


def unknown_line(query: str, suggestions: tuple[str, ...]) -> str:
    """The note for a name no monograph lists: the steps treat it as unknown; similar names only to confirm."""
    from recoverynav.i18n import gettext as _

    line = _("Note: %(name)s is not in the knowledge base; treating the substance as unknown.") % {"name": repr(query)}
    if suggestions:
        name = shlex.quote(suggestions[0]) if len(suggestions) == 1 else "NAME"
        line += " " + _("Did you mean %(names)s? Only a name you confirm is used: --substance %(name)s.") % {
            "names": _(" or ").join(suggestions),
            "name": name,
        }
    return line


def render_text(result: FirstAid, *, compiled: bool = False) -> str:
    """The number first, then the numbered steps with numbered citations, then the reference list.

    The references come from the bibliography, or with ``compiled`` from the overdose bundle (the same text).
    """
    from recoverynav.cli.citations import marks, reference_lines
    from recoverynav.i18n import gettext as _

    ids = [s for step in result.steps for s in step.sources]
    numbers: Mapping[str, int]
    citations: list[Any]
    if compiled:
        from recoverynav.emergency import compiled_reference

        first_use: dict[str, int] = {}
        for ref_id in ids:
            first_use.setdefault(ref_id, len(first_use) + 1)
        numbers, citations = first_use, [compiled_reference(ref_id, n) for ref_id, n in first_use.items()]
    else:
        from recoverynav.references import cite_sources

        cited = cite_sources(ids)
        numbers, citations = cited, list(cited.citations)

    lines = [_("EMERGENCY NUMBER: %(number)s") % {"number": result.emergency_number}]
    if result.poison_centre:
        # When hospital is needed, Poison Help stays available but must not read as the other way out.
        role = _(" (questions only: it does not replace emergency care)") if result.hospital_needed else ""
        lines.append(f"{result.poison_centre.name}{role}: {result.poison_centre.number}")
    lines.append("")
    for n, step in enumerate(result.steps, 1):
        cites = marks(numbers[s] for s in step.sources)
        lines.append(f"{n}. {step.title.upper()}")
        lines.append(textwrap.fill(f"{step.text} {cites}", width=WIDTH, initial_indent="   ", subsequent_indent="   "))
    lines += ["", _("REFERENCES")]
    lines += reference_lines(citations, WIDTH)
    lines += ["", _("Information, not medical advice. `recoverynav overdose --help` lists the signs.")]
    return "\n".join(lines)
