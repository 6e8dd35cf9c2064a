"""``recoverynav screen INSTRUMENT``: ask a validated questionnaire, or score ``--answers``; nothing is stored."""

from __future__ import annotations

import json
import textwrap
from typing import TYPE_CHECKING

import click

from recoverynav.cli.errors import InputError

if TYPE_CHECKING:
    from recoverynav.screening import Instrument, ScreeningResult

_WIDTH = 88


@click.command()
@click.argument("instrument")
@click.option(
    "--answers",
    metavar="N,N,...",
    help="0-based option numbers, one per item in published order (yes/no items: 0 = no, 1 = yes).",
)
@click.option("--sex", type=click.Choice(["female", "male"]), help="For instruments with different cut-offs by sex.")
@click.option(
    "--age", type=click.IntRange(0, 130), help="Age in years (some instruments are validated for an age range)."
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--fhir", "as_fhir", is_flag=True, help="Print a FHIR R4 Bundle (Questionnaire, response, Observation).")
def screen(
    instrument: str, answers: str | None, sex: str | None, age: int | None, as_json: bool, as_fhir: bool
) -> None:
    """Ask INSTRUMENT's questions (or score --answers) and show the published score, band and next steps.

    INSTRUMENT is one of: audit, audit-c, dast-10, cage-aid, taps, s2bi, dsm5-sud, ciwa-ar, cows.
    """
    if as_json and as_fhir:
        raise InputError("choose one output: --json or --fhir")
    if answers is not None and not as_fhir:
        # The fast path: the same rules over the compiled instrument, without pydantic (tests compare the two).
        from recoverynav.screening import AnswerError, parse_answer_list, plain_dump, plain_instrument, plain_score

        plain = plain_instrument(instrument)
        if plain is not None:
            try:
                outcome = plain_score(plain, parse_answer_list(answers), sex=sex, age=age)
            except AnswerError as exc:
                raise InputError(str(exc)) from exc
            if as_json:
                click.echo(json.dumps(plain_dump(outcome), ensure_ascii=False, indent=2))
            else:
                click.echo(render_text(plain, outcome))
            return
    _screen(instrument, answers, sex, age, as_json=as_json, as_fhir=as_fhir)


def _screen(
    instrument: str, answers: str | None, sex: str | None, age: int | None, *, as_json: bool, as_fhir: bool
) -> None:
    """The full path: the validated models (asking on the terminal, --fhir, or an id the compiled file lacks)."""
    from recoverynav.screening import AnswerError, compiled_instrument, parse_answer_list, score_instrument

    # The compiled instruments (validated again from JSON); an unknown id goes the full way, which names it.
    chosen = compiled_instrument(instrument) or _full_instrument(instrument)
    try:
        given: dict[str, int | None] | list[int]
        if answers is None:
            given, sex = _ask(chosen, sex)
        else:
            given = parse_answer_list(answers)
        result = score_instrument(chosen, given, sex=sex, age=age)
    except AnswerError as exc:
        raise InputError(str(exc)) from exc
    if as_fhir:
        from recoverynav.screening import fhir_bundle_json

        click.echo(fhir_bundle_json(chosen, result))
    elif as_json:
        click.echo(json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        click.echo(render_text(chosen, result))


def _full_instrument(instrument: str) -> Instrument:
    from recoverynav.screening import UnknownInstrumentError, get_instrument

    try:
        return get_instrument(instrument)
    except UnknownInstrumentError as exc:
        raise InputError(str(exc)) from exc


def _ask(instrument: Instrument, sex: str | None) -> tuple[dict[str, int | None], str | None]:
    """Ask each item the published skip logic asks, in order, on the terminal."""
    from recoverynav.screening import asked_items

    click.echo(f"{instrument.name}: {instrument.title}")
    for line in (instrument.summary, instrument.timeframe, instrument.instructions):
        if line:
            click.echo(textwrap.fill(line, _WIDTH))
    click.echo("Nothing you answer is stored.\n")
    if instrument.needs_sex and sex is None:
        reply = click.prompt(
            "Cut-offs differ by sex: female or male (Enter to skip)",
            default="",
            show_default=False,
            type=click.Choice(["female", "male", ""]),
        )
        sex = reply or None
    chosen: dict[str, int | None] = {}
    for number, item in enumerate(instrument.items, start=1):
        if not asked_items(instrument, chosen)[item.id]:
            chosen[item.id] = None
            continue
        wording = item.wording("female" if sex == "female" else "male" if sex == "male" else None)
        click.echo(textwrap.fill(f"{number}. {wording}", _WIDTH))
        if item.help:
            click.echo(textwrap.fill(item.help, _WIDTH, initial_indent="   ", subsequent_indent="   "))
        for index, option in enumerate(item.options):
            click.echo(f"   {index}) {option.text}")
        chosen[item.id] = click.prompt("   Answer", type=click.IntRange(0, len(item.options) - 1))
    return chosen, sex


def render_text(instrument: Instrument, result: ScreeningResult) -> str:
    """The result as plain text: score, band, meaning, notes, next steps and the owner's terms."""
    lines = [
        f"{instrument.name} - {instrument.title}",
        f"{result.score_label}: {result.score} (range {result.min_score}-{result.max_score})",
        f"Result: {result.band_label}" + (f" (severity: {result.severity})" if result.severity_graded else ""),
        "",
        textwrap.fill(result.meaning, _WIDTH),
    ]
    if result.groups:
        lines += ["", "By substance (past 3 months):"]
        lines += [f"- {g.title}: {g.score} - {g.label}" for g in result.groups]
    for note in result.notes:
        lines += ["", textwrap.fill(f"Note: {note.text}", _WIDTH)]
    lines += ["", "Next steps:"]
    for step in result.next_steps:
        link = f" (on the site: {step.href})" if step.href else ""
        lines.append(textwrap.fill(f"- {step.text}{link}", _WIDTH, subsequent_indent="  "))
    lines += [
        "",
        textwrap.fill(f"{instrument.permission.holder}. {instrument.permission.terms}", _WIDTH),
        "",
        "A screening result, not a diagnosis. Nothing was stored. In an emergency call 911 (US) or your local number.",
    ]
    return "\n".join(lines)
