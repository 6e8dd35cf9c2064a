"""``recoverynav questions [--care DT] [--medication BU] [--json]``: questions to ask a facility before you go.

Every care type and medication pair (with "none" for each) is compiled by ``scripts/build_bundle.py`` into
``cli/_questions.json`` (from :func:`render_questions_bundle`): the answer's JSON and its text, as the full path
prints them. The command reads that file with ``json`` only; a choice it does not hold goes the full way, which
names the field. A test fails when the committed file differs from a fresh build.
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Any

import click

from recoverynav.cli.errors import InputError

if TYPE_CHECKING:
    from pathlib import Path

WIDTH = 88
QUESTIONS_BUNDLE = "_questions.json"
_PATH = os.path.join(os.path.dirname(__file__), QUESTIONS_BUNDLE)


@click.command()
@click.option("--care", default="", help="Type of care: DT, HI, RES, ODT, OIT or OP.")
@click.option("--medication", default="", help="Medication: BU, METH or NU.")
@click.option("--json", "as_json", is_flag=True, help="Print the questions as JSON.")
def questions(care: str, medication: str, as_json: bool) -> None:
    """Questions to ask a treatment facility before you go, tailored by care and medication, with sources."""
    answer, text = compiled_questions(care, medication) or full_questions(care, medication)
    if as_json:
        click.echo(json.dumps(answer, ensure_ascii=False, indent=2))
        return
    click.echo(text)


def full_questions(care: str, medication: str) -> tuple[dict[str, Any], str]:
    """The answer's JSON and its text, computed from the validated questions and choices."""
    from recoverynav.cli.citations import marks, reference_lines
    from recoverynav.directory import UnknownChoiceError, questions_for
    from recoverynav.references import cite_sources

    try:
        chosen = questions_for(care, medication)
    except UnknownChoiceError as exc:
        raise InputError(f"--{exc.field}: {exc.value!r} is not an option; use one of {', '.join(exc.allowed)}") from exc
    cited = cite_sources(chosen.before_you_call.cites + [c for q in chosen.questions for c in q.cites])
    lines = ["Before you call: " + chosen.before_you_call.text + " " + marks(cited.marks(chosen.before_you_call.cites))]
    lines.append("")
    for n, q in enumerate(chosen.questions, start=1):
        lines += [f"{n:>2}. {q.ask}", f"    why: {q.why} {marks(cited.marks(q.cites))}"]
    lines += ["", "Sources:", *reference_lines(cited.citations, WIDTH)]
    return chosen.model_dump(mode="json"), "\n".join(lines)


def _key(care: str, medication: str) -> str:
    return f"{care.strip().upper()}|{medication.strip().upper()}"


def render_questions_bundle() -> dict[str, str]:
    """The committed file's text by file name: every (care, medication) answer, "" meaning none chosen."""
    from recoverynav.directory import load_choices

    choices = load_choices()
    answers = {}
    for care in ["", *(c.id for c in choices.care)]:
        for medication in ["", *(m.id for m in choices.medication)]:
            answer, text = full_questions(care, medication)
            answers[_key(care, medication)] = {"answer": answer, "text": text}
    return {QUESTIONS_BUNDLE: json.dumps(answers, ensure_ascii=False, separators=(",", ":")) + "\n"}


def questions_bundle_dir() -> Path:
    from pathlib import Path

    return Path(_PATH).parent


def compiled_questions(care: str, medication: str) -> tuple[dict[str, Any], str] | None:
    """:func:`full_questions`'s answer from the compiled file, or None for a choice it does not hold."""
    with open(_PATH, encoding="utf-8") as fh:
        found = json.load(fh).get(_key(care, medication))
    return None if found is None else (found["answer"], found["text"])
