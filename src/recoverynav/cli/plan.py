"""``recoverynav plan``: a plan file (JSON, as saved from /plan) to a PDF and, optionally, a calendar."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from recoverynav.cli.errors import InputError


@click.command()
@click.option(
    "--file",
    "plan_file",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The plan file (JSON) saved from /plan.",
)
@click.option(
    "--pdf",
    "pdf_out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the PDF (page 1 the plan, page 2 the wallet card).",
)
@click.option(
    "--ics",
    "ics_out",
    default=None,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the meetings and check-ins as a weekly calendar (.ics).",
)
def plan(plan_file: Path, pdf_out: Path, ics_out: Path | None) -> None:
    """Turn a recovery plan file into a one-page PDF with a wallet card, and a calendar of its meetings."""
    from recoverynav.plans import NothingToScheduleError, PlanFileError, load_plan, plan_calendar, plan_pdf
    from recoverynav.wiring import settings as current_settings

    for option, out in (("--pdf", pdf_out), ("--ics", ics_out)):
        if out is not None:
            _check_writable(option, out)
    try:
        data = plan_file.read_bytes()
    except OSError as exc:
        raise InputError(f"--file: cannot read {plan_file}: {exc.strerror}") from None
    try:
        recovery_plan = load_plan(data)
    except PlanFileError as exc:
        raise InputError(f"--file: {exc}") from None
    calendar = None
    if ics_out is not None:
        now = dt.datetime.now(dt.UTC)
        try:
            calendar = plan_calendar(recovery_plan, start=now.date(), now=now)
        except NothingToScheduleError as exc:
            raise InputError(f"--ics: {exc}") from None
    # Everything is built before anything is written: a bad plan leaves no half-written files.
    pdf = plan_pdf(recovery_plan, current_settings().country)
    try:
        pdf_out.write_bytes(pdf)
        if calendar is not None and ics_out is not None:
            ics_out.write_bytes(calendar)
    except OSError as exc:
        raise InputError(f"cannot write the output: {exc.strerror}") from None
    click.echo(f"Wrote {pdf_out}" + (f" and {ics_out}" if ics_out else ""))


def _check_writable(option: str, out: Path) -> None:
    """Refuse an output path that cannot be written before the (slow) PDF is made: a folder, or a missing one."""
    import os

    if out.is_dir():
        raise InputError(f"{option}: {out} is a folder; give a file name such as plan.pdf")
    folder = out.parent
    if not folder.is_dir():
        raise InputError(f"{option}: the folder {folder} does not exist; create it or choose another")
    if not os.access(folder, os.W_OK):
        raise InputError(f"{option}: cannot write in {folder}; choose a folder you can write to")
