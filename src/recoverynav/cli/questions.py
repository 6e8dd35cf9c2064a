"""``recoverynav questions [--care DT] [--medication BU] [--json]``: questions to ask a facility before you go."""

from __future__ import annotations

import json

import click

from recoverynav.cli.errors import InputError

WIDTH = 88


@click.command()
@click.option("--care", default="", help="Type of care: DT, HI, RES, ODT, OIT or OP.")
@click.option("--medication", default="", help="Medication: BU, METH or NU.")
@click.option("--json", "as_json", is_flag=True, help="Print the questions as JSON.")
def questions(care: str, medication: str, as_json: bool) -> None:
    """Questions to ask a treatment facility before you go, tailored by care and medication, with sources."""
    from recoverynav.cli.citations import marks, reference_lines
    from recoverynav.directory import UnknownChoiceError, questions_for
    from recoverynav.references import cite_sources

    try:
        chosen = questions_for(care, medication)
    except UnknownChoiceError as exc:
        raise InputError(f"--{exc.field}: {exc.value!r} is not an option; use one of {', '.join(exc.allowed)}") from exc
    if as_json:
        click.echo(json.dumps(chosen.model_dump(mode="json"), ensure_ascii=False, indent=2))
        return
    cited = cite_sources(chosen.before_you_call.cites + [c for q in chosen.questions for c in q.cites])
    lines = ["Before you call: " + chosen.before_you_call.text + " " + marks(cited.marks(chosen.before_you_call.cites))]
    lines.append("")
    for n, q in enumerate(chosen.questions, start=1):
        lines += [f"{n:>2}. {q.ask}", f"    why: {q.why} {marks(cited.marks(q.cites))}"]
    lines += ["", "Sources:", *reference_lines(cited.citations, WIDTH)]
    click.echo("\n".join(lines))
