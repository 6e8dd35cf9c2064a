"""What ``recoverynav drug NAME`` prints, without click: the monograph as text (or JSON) and the did-you-mean line.

Reads the compiled catalogue (``knowledge/_bundle/``: the names and this one entry) with ``json`` only, so it
starts fast. ``--lang es`` (or the terminal's ``LC_ALL``/``LC_MESSAGES``/``LANG``) prints a monograph translated
into Spanish in Spanish, citing the same references; one not yet translated prints in English with a note saying so.

:func:`drug_output` is the one implementation: the click command (:mod:`recoverynav.cli.drug`) echoes what it
returns, and so does the dispatch that answers ``drug NAME`` before click is imported
(:mod:`recoverynav.cli.quickdrug`).
"""

from __future__ import annotations

import json
import textwrap
from typing import Any

from recoverynav.cli.citations import marks, numbers_of, reference_lines
from recoverynav.i18n import N_, Language, negotiate, use_language
from recoverynav.i18n import gettext as _
from recoverynav.knowledge import class_labels, find_entry, heading_case, translated_entry

_SECTIONS = (
    ("overview", N_("Overview")),
    ("medical_uses", N_("Medical uses")),
    ("misuse", N_("Why and how it is misused")),
    ("effects_of_misuse", N_("Effects of misuse")),
    ("combined_use", N_("Taken with other substances")),
    ("overdose", N_("Overdose")),
    ("withdrawal", N_("Withdrawal")),
    ("treatment", N_("Treatment")),
)
# The schedule's words (the letters I-V read the same in every language).
_SCHEDULE_WORDS = {"not controlled": N_("not controlled"), "varies by product": N_("varies by product")}
_OVERDOSE_PARTS = (
    ("effects", N_("What an overdose can do")),
    ("warning_signs", N_("Warning signs")),
    ("dose_notes", N_("Doses")),
)


def drug_output(name: str, lang: str | None, as_json: bool) -> list[tuple[str, bool]]:
    """What ``drug NAME [--lang en|es] [--json]`` prints, in order: (line, True when it goes to stderr) pairs.

    ``lang`` None follows the terminal (:func:`terminal_language`). A name that is not listed raises
    :class:`~recoverynav.knowledge.names.UnknownNameError` (the command's exit 2) before anything is printed.
    """
    language = terminal_language() if lang is None else negotiate([lang])
    with use_language(language):
        match, entry = find_entry(name)
        printed: list[tuple[str, bool]] = []
        if match.corrected:
            generic = entry["names"]["generic"]
            printed.append((_("Did you mean %(name)s? Showing %(name)s.") % {"name": generic}, True))
        # The translation, when there is one, in place of the English statements (the same sources and references).
        shown = (translated_entry(entry, language) if language != "en" else None) or entry
        if as_json:
            printed.append((json.dumps(shown, ensure_ascii=False, indent=2), False))
        else:
            printed.append((render_text(shown, language), False))
    return printed


def terminal_language() -> Language:
    """The first of LC_ALL, LC_MESSAGES, LANG that is set (POSIX order), as a supported language."""
    import os

    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value:
            return negotiate([value])
    return negotiate([])


def render_text(entry: dict[str, Any], lang: str = "en") -> str:
    """The monograph as plain text with numbered citations and a reference list, its words in the current language.

    ``entry`` is the bundle's entry, or :func:`~recoverynav.knowledge.bundle.translated_entry` (``entry["lang"]``).
    """
    numbers = numbers_of(entry["references"])
    width = 88

    def cite(statement: dict[str, Any]) -> str:
        return marks(numbers[s] for s in statement["sources"])

    def para(statement: dict[str, Any], bullet: str = "- ") -> str:
        text = f"{statement['text']} {cite(statement)}"
        return textwrap.fill(text, width=width, initial_indent=bullet, subsequent_indent=" " * len(bullet))

    names = entry["names"]
    # The name as the monograph spells it ("MAOIs", "GHB"): upper-casing would read "MAOIS".
    name = entry.get("name") or names["generic"]
    lines = [heading_case(name), "=" * len(name)]
    if lang != "en" and entry.get("lang") != lang:
        lines.append(_("These drug facts have not been translated yet: the statements below are in English."))
    if names["brands"]:
        lines.append(_("Brands: %(names)s") % {"names": ", ".join(names["brands"])})
    if names["street"]:
        lines.append(_("Street names: %(names)s") % {"names": ", ".join(names["street"])})
    labels = class_labels(lang)
    lines.append(_("Classes: %(names)s") % {"names": ", ".join(labels.get(c, c) for c in entry["classes"])})
    ids = entry.get("identifiers")
    if ids:
        lines.append(
            f"RxNorm {ids['rxnorm_cui'] or '-'} · ATC {', '.join(ids['atc']) or '-'} · "
            + _("DEA schedule %(schedule)s")
            % {"schedule": _(_SCHEDULE_WORDS.get(ids["dea_schedule"], ids["dea_schedule"] or "-"))}
            + f" {cite(ids)}"
        )
    lines += ["", para(entry["summary"], bullet="")]
    sections = entry["sections"]
    for key, title in _SECTIONS:
        if key == "overdose":
            parts = [(_(t), sections["overdose"][k]) for k, t in _OVERDOSE_PARTS if sections["overdose"][k]]
            if parts:
                lines += [
                    "",
                    _(title).upper(),
                    _("In an emergency call 911 (US) or your local emergency number now."),
                ]
                for part_title, statements in parts:
                    lines += [f"{part_title}:", *(para(s) for s in statements)]
        elif sections[key]:
            lines += ["", _(title).upper(), *(para(s) for s in sections[key])]
        if key == "withdrawal" and entry.get("withdrawal_risk"):
            lines += ["", *stopping_lines(entry["withdrawal_risk"], para, lang)]
    lines += ["", _("REFERENCES"), *reference_lines(entry["references"], width)]
    lines += ["", _("Information, not medical advice.")]
    return "\n".join(lines)


def stopping_lines(risk: dict[str, Any], para: Any, lang: str = "en") -> list[str]:
    """The withdrawal table's row for this substance (knowledge/withdrawal.yaml): how dangerous a sudden stop is."""
    words = risk["es"] if lang == "es" else risk
    return [
        _("STOPPING SUDDENLY (%(title)s)") % {"title": words["title"]},
        para({"text": words["summary"], "sources": risk["sources"]}),
        para({"text": _("What to do: %(advice)s") % {"advice": words["advice"]}, "sources": risk["sources"]}),
    ]
