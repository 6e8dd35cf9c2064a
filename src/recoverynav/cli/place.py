"""``recoverynav place``: an explained level-of-care suggestion from a facts file or from questions."""

from __future__ import annotations

import json
import sys
import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import click

from recoverynav.cli.errors import InputError
from recoverynav.cli.params import SafePath
from recoverynav.i18n import N_
from recoverynav.i18n import gettext as _

# What a person may type at a yes/no question, in either language; Enter skips.
_YES = {"yes", "y", "sí", "si", "s"}
_NO = {"no", "n"}
_SKIP = {"", "skip", "omitir"}


@click.command()
@click.option("--facts", "facts_file", type=SafePath(dir_okay=False, allow_dash=True), help="JSON file of facts.")
@click.option("--interactive", is_flag=True, help="Ask the questions one by one.")
@click.option(
    "--lang",
    type=click.Choice(["en", "es"]),
    default=None,
    help="Language of the answer: en or es [default: from LC_ALL, LC_MESSAGES or LANG, e.g. LANG=es_US.UTF-8]. "
    "The --interactive questions are asked in the same language.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the recommendation as JSON.")
def place(facts_file: str | None, interactive: bool, lang: str | None, as_json: bool) -> None:
    """Suggest which treatment fits: a level of care, detox if needed, and why (a clinician confirms)."""
    from recoverynav.cli.overdose import environment_language, negotiate_one
    from recoverynav.i18n import use_language

    if bool(facts_file) == interactive:
        raise InputError("Give either --facts FILE.json (use - for stdin) or --interactive.")
    language = environment_language() if lang is None else negotiate_one(lang)
    if interactive:
        with use_language(language):
            raw = ask_questions()
    else:
        raw = _read_facts(facts_file or "-")
        # The fast path: the compiled rules over plain facts (tests compare it with the full path below).
        from recoverynav.cli.quickplace import fast_answer

        answered = fast_answer(raw, language, as_json)
        if answered is not None:
            click.echo(answered)
            return
    from pydantic import ValidationError

    from recoverynav.placement import Facts, recommend_level
    from recoverynav.wiring import settings as current_settings

    try:
        facts = Facts.model_validate(raw)
    except ValidationError as exc:
        raise InputError(_explain(exc)) from exc
    rec = recommend_level(facts, country=current_settings().country, lang=language)
    if as_json:
        # The same JSON as the API's answer, finder addresses included (its words in the chosen language).
        from recoverynav.api.placement import answer

        click.echo(answer(rec).model_dump_json(indent=2))
    else:
        with use_language(language):
            click.echo(render_text(rec.model_dump(mode="json"), _))


def _read_facts(path: str) -> Any:
    try:
        text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"Cannot read the facts file {path!r}: {exc.strerror}.") from exc
    except UnicodeDecodeError as exc:
        raise InputError(
            f"The facts file {path!r} is not UTF-8 text (byte {exc.start}); save it as UTF-8 JSON."
        ) from exc
    except ValueError as exc:  # a NUL byte in the path
        raise InputError(f"Cannot read the facts file {path!r}: {exc}; give the path of a JSON file.") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"The facts file is not valid JSON (line {exc.lineno}): {exc.msg}.") from exc
    except (RecursionError, ValueError) as exc:
        # Nesting deeper than the parser's stack, or an integer longer than Python converts (4,300 digits).
        raise InputError(
            f"The facts file {path!r} is not usable JSON ({type(exc).__name__}); give plain facts."
        ) from exc


def _explain(exc: Any) -> str:
    parts = []
    for error in exc.errors():
        field = ".".join(str(p) for p in error["loc"]) or "facts"
        parts.append(f"{field}: {error['msg']}")
    return "Bad facts - " + "; ".join(parts)


def _yes_no(question: str) -> bool | None:
    """A yes/no question in the current language; "yes"/"sí", "no", or Enter/"skip"/"omitir" to leave it out."""
    choices = _("yes/no/skip")
    while True:
        answer = click.prompt(f"{_(question)} [{choices}]", default="", show_default=False)
        answer = " ".join(answer.strip().lower().split())
        if answer in _SKIP:
            return None
        if answer in _YES | _NO:
            return answer in _YES
        click.echo(_("Please answer yes or no, or press Enter to skip."))


def _choice(question: str, options: list[tuple[str, str]]) -> str | None:
    """One numbered choice in plain words; the number, the words or the answer's id all work, Enter skips."""
    accepted: dict[str, str] = {}
    for number, (value, words) in enumerate(options, 1):
        accepted.update({str(number): value, value.lower(): value, words.lower(): value, _(words).lower(): value})
    if any(value == "none" for value, _ in options):
        accepted.setdefault("no", "none")  # what people type first
    listing = "\n".join(f"  {n}  {_(words)}" for n, (_value, words) in enumerate(options, 1))
    count = {"count": len(options)}
    while True:
        click.echo(f"{_(question)}\n{listing}")
        answer = click.prompt(_("Answer 1-%(count)s, or press Enter to skip") % count, default="", show_default=False)
        answer = " ".join(answer.strip().lower().split())
        if answer in _SKIP:
            return None
        if answer in accepted:
            return accepted[answer]
        click.echo(_("Please answer with a number from 1 to %(count)s, or press Enter to skip.") % count)


def _emergency_line() -> str:
    from recoverynav.emergency import contacts_for
    from recoverynav.wiring import settings as current_settings

    contacts = contacts_for(current_settings().country)
    from recoverynav.i18n import current_language

    language = current_language()
    lines = _(" or ").join(f"{c.name_in(language)} {c.number}" for c in contacts.crisis_lines)
    if lines:
        return _("In danger now? Call %(number)s; to talk about suicide, call or text %(lines)s.") % {
            "number": contacts.emergency_number,
            "lines": lines,
        }
    return _("In danger now? Call %(number)s.") % {"number": contacts.emergency_number}


# The same plain words as the web form's questions (marked here, translated where they are asked).
_CHOICES: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "withdrawal_symptoms": (
        N_("When the drug wears off, are there withdrawal symptoms (shaking, sweating, anxiety, sickness)?"),
        [("none", N_("None")), ("mild", N_("Mild")), ("moderate", N_("Moderate")), ("severe", N_("Severe"))],
    ),
    "suicidal_thoughts": (
        N_("Thoughts of suicide lately?"),
        [
            ("none", N_("No")),
            ("passive", N_("Sometimes, thoughts of not wanting to live")),
            ("active_plan", N_("Yes, with a plan")),
        ],
    ),
    "readiness": (
        N_("How ready to change does it feel?"),
        [("ready", N_("Ready")), ("ambivalent", N_("Unsure")), ("not_ready", N_("Not ready yet"))],
    ),
    "cravings": (N_("Cravings?"), [("none", N_("None")), ("mild", N_("Some")), ("strong", N_("Strong"))]),
    "home": (
        N_("Home right now?"),
        [
            ("stable", N_("Stable and safe")),
            ("others_use", N_("People there use")),
            ("unsafe", N_("Not safe")),
            ("homeless", N_("No home")),
        ],
    ),
}
_RESPONSIBILITIES = {
    "work": N_("Work"),
    "school": N_("School"),
    "children": N_("Children"),
    "caregiving": N_("Caring for someone"),
}
_FLAGS = {
    "history_withdrawal_seizures_or_dts": N_("Ever had a seizure or DTs when stopping?"),
    "unstable_medical_condition": N_("A medical condition that is not stable right now?"),
    "pregnant": N_("Pregnant?"),
    "kidney_disease": N_("Kidney disease?"),
    "intrathecal_pump": N_("A baclofen pump (intrathecal baclofen)?"),
    "co_occurring_mental_health": N_("A mental-health condition as well?"),
    "support_people": N_("Someone who supports your recovery?"),
    "in_remission_after_treatment": N_("In remission after finishing treatment?"),
}


def ask_questions() -> dict[str, Any]:
    """The short questionnaire after the emergency line, one prompt at a time; Enter or "skip" leaves an answer out."""
    click.echo(_emergency_line())
    facts: dict[str, Any] = {}
    names = click.prompt(_("Which drugs or medicines? (separate with commas)"))
    facts["substances"] = [n.strip() for n in names.split(",") if n.strip()]
    facts["daily_use"] = _yes_no(N_("Used every day or nearly every day?"))
    dose = click.prompt(_("Daily dose in mg of a prescribed medicine (blank to skip)"), default="", show_default=False)
    if dose.strip():
        try:
            facts["daily_dose_mg"] = float(dose.replace(",", "."))
        except ValueError as exc:
            raise InputError(f"daily_dose_mg: {dose!r} is not a number of milligrams.") from exc
    for key, (question, options) in _CHOICES.items():
        facts[key] = _choice(question, options)
    for key, question in _FLAGS.items():
        facts[key] = _yes_no(question)
    relapses = click.prompt(_("How many times have you returned to use after treatment?"), default=0, type=int)
    facts["prior_treatment_relapses"] = relapses
    # The words shown are the web form's; the value's id (work, school...) is accepted in every language too.
    words = {value: _(label).lower() for value, label in _RESPONSIBILITIES.items()}
    read = {**{value: value for value in words}, **{word: value for value, word in words.items()}}
    jobs = click.prompt(
        _("Responsibilities (%(words)s; separate with commas)") % {"words": ", ".join(words.values())},
        default="",
        show_default=False,
    )
    typed = [" ".join(j.lower().split()) for j in jobs.split(",") if j.strip()]
    facts["responsibilities"] = [read.get(word, word) for word in typed]
    near = click.prompt(_("Town or ZIP code for finding places (blank to skip)"), default="", show_default=False)
    facts["near"] = near or None
    return {k: v for k, v in facts.items() if v is not None}


def render_text(rec: Mapping[str, Any], _: Callable[[str], str]) -> str:
    """The recommendation's JSON (``Recommendation.model_dump(mode="json")``, or the compiled engine's answer) as
    plain text: emergency first, then the suggestion, reasons, steps and sources.

    The headings are translated by ``_`` (the catalogue's gettext, or the fast path's compiled words); the rest is
    ``rec``'s words. Both paths of ``place --facts`` print through this one function.
    """
    from recoverynav.cli.citations import marks, numbers_of, reference_lines
    from recoverynav.cli.find import find_command
    from recoverynav.web.finder_links import finder_href

    width = 88

    def wrap(text: str, bullet: str = "- ") -> str:
        return textwrap.fill(text, width=width, initial_indent=bullet, subsequent_indent=" " * len(bullet))

    lines: list[str] = []
    headline = rec["headline"]
    option = rec["option_title"].upper()
    links = [wrap(f"{_(link['label'])}: {finder_href(link['query'])}") for link in rec["medication_finder_links"]]
    if rec["urgent"]:
        lines += [_("URGENT: GET HELP NOW"), wrap(rec["urgent"]["message"], "")]
        lines += [f"  {c['name']}: {c['number']}" for c in rec["urgent"]["contacts"]]
        lines += [wrap(headline["text"], ""), "", _("WHEN YOU ARE SAFE: %(option)s") % {"option": option}]
    elif headline["kind"] != "treatment":
        lines += [headline["title"].upper(), wrap(headline["text"], ""), *links]
        lines += ["", _("ALSO SUGGESTED: %(option)s") % {"option": option}]
    else:
        lines.append(_("SUGGESTED: %(option)s") % {"option": option})
    lines.append(wrap(rec["disclaimer"], ""))
    lines.append(
        _("Level of care: %(level)s %(name)s (4th edition: %(name_4th)s)")
        % {"level": rec["level"], "name": rec["level_name"], "name_4th": rec["level_name_4th"]}
    )
    if rec["withdrawal_management"]:
        lines.append(
            _("Withdrawal management: %(level)s %(name)s")
            % {"level": rec["withdrawal_management"], "name": rec["withdrawal_management_name"]}
        )
        lines.append(
            _("After withdrawal, reassess; likely level: %(level)s") % {"level": rec["after_withdrawal_level"]}
        )
    lines += ["", _("DIMENSIONS (0 none - 4 severe)")]
    lines += [f"  {d['dimension']}. {d['plain']}: {d['rating']} ({d['label']})" for d in rec["dimension_ratings"]]
    numbers = numbers_of(rec["sources"])
    lines += ["", _("WHY")]
    for reason in rec["reasons"]:
        lines.append(wrap(f"{reason['text']} {marks(numbers[s] for s in reason['sources'])}"))
    lines += ["", _("WHAT TO DO NEXT"), *(wrap(step) for step in rec["next_steps"])]
    command = find_command(rec["finder_query"]) or finder_href(rec["finder_query"])
    codes = ", ".join(rec["facility_codes"]) or "-"
    lines.append(wrap(_("Find a place: %(command)s (service codes %(codes)s)") % {"command": command, "codes": codes}))
    lines += links
    if rec["notes"]:
        lines += ["", _("NOTES"), *(wrap(n) for n in rec["notes"])]
    for u in (u for u in rec["unknown"] if u["suggestions"]):
        lines.append(
            wrap(
                _("Did you mean %(names)s for %(name)s? Only a confirmed name is used.")
                % {"names": _(" or ").join(u["suggestions"]), "name": repr(u["name"])}
            )
        )
    lines += ["", _("SOURCES"), *reference_lines(rec["sources"], width)]
    return "\n".join(lines)
