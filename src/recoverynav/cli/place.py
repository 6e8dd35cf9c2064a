"""``recoverynav place``: an explained level-of-care suggestion from a facts file or from questions."""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from recoverynav.cli.errors import InputError
from recoverynav.cli.params import SafePath

if TYPE_CHECKING:
    from recoverynav.placement import Recommendation

_YES_NO_SKIP = click.Choice(["yes", "no", "skip"])


@click.command()
@click.option("--facts", "facts_file", type=SafePath(dir_okay=False, allow_dash=True), help="JSON file of facts.")
@click.option("--interactive", is_flag=True, help="Ask the questions one by one.")
@click.option("--json", "as_json", is_flag=True, help="Print the recommendation as JSON.")
def place(facts_file: str | None, interactive: bool, as_json: bool) -> None:
    """Suggest which treatment fits: a level of care, detox if needed, and why (a clinician confirms)."""
    from pydantic import ValidationError

    from recoverynav.placement import Facts, recommend_level
    from recoverynav.wiring import settings as current_settings

    if bool(facts_file) == interactive:
        raise InputError("Give either --facts FILE.json (use - for stdin) or --interactive.")
    raw = ask_questions() if interactive else _read_facts(facts_file or "-")
    try:
        facts = Facts.model_validate(raw)
    except ValidationError as exc:
        raise InputError(_explain(exc)) from exc
    rec = recommend_level(facts, country=current_settings().country)
    if as_json:
        # The same JSON as the API's answer, finder addresses included.
        from recoverynav.api.placement import answer

        click.echo(answer(rec).model_dump_json(indent=2))
    else:
        click.echo(render_text(rec))


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
    answer = click.prompt(question, type=_YES_NO_SKIP, default="skip", show_choices=True)
    return None if answer == "skip" else answer == "yes"


def _choice(question: str, options: list[tuple[str, str]]) -> str | None:
    """One numbered choice in plain words; the number, the words or the answer's id all work, Enter skips."""
    accepted: dict[str, str] = {}
    for number, (value, words) in enumerate(options, 1):
        accepted.update({str(number): value, value.lower(): value, words.lower(): value})
    if any(value == "none" for value, _ in options):
        accepted.setdefault("no", "none")  # what people type first
    listing = "\n".join(f"  {n}  {words}" for n, (_, words) in enumerate(options, 1))
    while True:
        click.echo(f"{question}\n{listing}")
        answer = click.prompt(f"Answer 1-{len(options)}, or press Enter to skip", default="", show_default=False)
        answer = " ".join(answer.strip().lower().split())
        if answer in ("", "skip"):
            return None
        if answer in accepted:
            return accepted[answer]
        click.echo(f"Please answer with a number from 1 to {len(options)}, or press Enter to skip.")


def _emergency_line() -> str:
    from recoverynav.emergency import contacts_for
    from recoverynav.wiring import settings as current_settings

    contacts = contacts_for(current_settings().country)
    lines = " or ".join(f"{c.name} {c.number}" for c in contacts.crisis_lines)
    crisis = f"; to talk about suicide, call or text {lines}" if lines else ""
    return f"In danger now? Call {contacts.emergency_number}{crisis}."


# The same plain words as the web form's questions.
_CHOICES: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "withdrawal_symptoms": (
        "When the drug wears off, are there withdrawal symptoms (shaking, sweating, anxiety, sickness)?",
        [("none", "None"), ("mild", "Mild"), ("moderate", "Moderate"), ("severe", "Severe")],
    ),
    "suicidal_thoughts": (
        "Thoughts of suicide lately?",
        [
            ("none", "No"),
            ("passive", "Sometimes, thoughts of not wanting to live"),
            ("active_plan", "Yes, with a plan"),
        ],
    ),
    "readiness": (
        "How ready to change does it feel?",
        [("ready", "Ready"), ("ambivalent", "Unsure"), ("not_ready", "Not ready yet")],
    ),
    "cravings": ("Cravings?", [("none", "None"), ("mild", "Some"), ("strong", "Strong")]),
    "home": (
        "Home right now?",
        [
            ("stable", "Stable and safe"),
            ("others_use", "People there use"),
            ("unsafe", "Not safe"),
            ("homeless", "No home"),
        ],
    ),
}
_FLAGS = {
    "history_withdrawal_seizures_or_dts": "Ever had a seizure or DTs when stopping?",
    "unstable_medical_condition": "A medical condition that is not stable right now?",
    "pregnant": "Pregnant?",
    "kidney_disease": "Kidney disease?",
    "intrathecal_pump": "A baclofen pump (intrathecal baclofen)?",
    "co_occurring_mental_health": "A mental-health condition as well?",
    "support_people": "Someone who supports your recovery?",
    "in_remission_after_treatment": "In remission after finishing treatment?",
}


def ask_questions() -> dict[str, Any]:
    """The short questionnaire after the emergency line, one prompt at a time; Enter or "skip" leaves an answer out."""
    click.echo(_emergency_line())
    facts: dict[str, Any] = {}
    names = click.prompt("Which drugs or medicines? (separate with commas)")
    facts["substances"] = [n.strip() for n in names.split(",") if n.strip()]
    facts["daily_use"] = _yes_no("Used every day or nearly every day?")
    dose = click.prompt("Daily dose in mg of a prescribed medicine (blank to skip)", default="", show_default=False)
    if dose.strip():
        try:
            facts["daily_dose_mg"] = float(dose)
        except ValueError as exc:
            raise InputError(f"daily_dose_mg: {dose!r} is not a number of milligrams.") from exc
    for key, (question, options) in _CHOICES.items():
        facts[key] = _choice(question, options)
    for key, question in _FLAGS.items():
        facts[key] = _yes_no(question)
    relapses = click.prompt("How many times have you returned to use after treatment?", default=0, type=int)
    facts["prior_treatment_relapses"] = relapses
    jobs = click.prompt("Responsibilities (work, school, children, caregiving; commas)", default="", show_default=False)
    facts["responsibilities"] = [j.strip() for j in jobs.split(",") if j.strip()]
    near = click.prompt("Town or ZIP code for finding places (blank to skip)", default="", show_default=False)
    facts["near"] = near or None
    return {k: v for k, v in facts.items() if v is not None}


def render_text(rec: Recommendation) -> str:
    """The recommendation as plain text: emergency first, then the suggestion, reasons, steps and sources."""
    from recoverynav.cli.citations import marks, reference_lines
    from recoverynav.cli.find import find_command
    from recoverynav.references import CitedSources
    from recoverynav.web.finder_links import finder_href

    width = 88

    def wrap(text: str, bullet: str = "- ") -> str:
        return textwrap.fill(text, width=width, initial_indent=bullet, subsequent_indent=" " * len(bullet))

    lines: list[str] = []
    headline = rec.headline
    if rec.urgent:
        lines += ["URGENT: GET HELP NOW", wrap(rec.urgent.message, "")]
        lines += [f"  {c.name}: {c.number}" for c in rec.urgent.contacts]
        lines += [wrap(headline.text, ""), "", f"WHEN YOU ARE SAFE: {rec.option_title.upper()}"]
    elif headline.kind != "treatment":
        lines += [headline.title.upper(), wrap(headline.text, "")]
        lines += [wrap(f"{link.label}: {finder_href(link.query)}") for link in rec.medication_finder_links]
        lines += ["", f"ALSO SUGGESTED: {rec.option_title.upper()}"]
    else:
        lines.append(f"SUGGESTED: {rec.option_title.upper()}")
    lines.append(wrap(rec.disclaimer, ""))
    lines.append(f"Level of care: {rec.level} {rec.level_name} (4th edition: {rec.level_name_4th})")
    if rec.withdrawal_management:
        lines.append(f"Withdrawal management: {rec.withdrawal_management} {rec.withdrawal_management_name}")
        lines.append(f"After withdrawal, reassess; likely level: {rec.after_withdrawal_level}")
    lines += ["", "DIMENSIONS (0 none - 4 severe)"]
    lines += [f"  {d.dimension}. {d.plain}: {d.rating} ({d.label})" for d in rec.dimension_ratings]
    cited = CitedSources(rec.sources)
    lines += ["", "WHY"]
    for reason in rec.reasons:
        cites = marks(cited.marks(reason.sources))
        lines.append(wrap(f"{reason.text} {cites}"))
    lines += ["", "WHAT TO DO NEXT", *(wrap(step) for step in rec.next_steps)]
    command = find_command(rec.finder_query) or finder_href(rec.finder_query)
    lines.append(wrap(f"Find a place: {command} (service codes {', '.join(rec.facility_codes) or '-'})"))
    lines += [wrap(f"{link.label}: {finder_href(link.query)}") for link in rec.medication_finder_links]
    if rec.notes:
        lines += ["", "NOTES", *(wrap(n) for n in rec.notes)]
    for u in (u for u in rec.unknown if u.suggestions):
        lines.append(wrap(f"Did you mean {' or '.join(u.suggestions)} for {u.name!r}? Only a confirmed name is used."))
    lines += ["", "SOURCES", *reference_lines(rec.sources, width)]
    return "\n".join(lines)
