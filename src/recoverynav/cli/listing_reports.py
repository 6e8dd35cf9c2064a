"""``recoverynav facilities reports``: the queue of wrong-listing reports; ``reports resolve ID --note`` closes one."""

from __future__ import annotations

import getpass
import json
from typing import TYPE_CHECKING

import click

from recoverynav.cli.errors import InputError

if TYPE_CHECKING:
    from recoverynav.directory import ListingReportRepository


def _repository() -> ListingReportRepository:
    from recoverynav.wiring import listing_report_repository

    return listing_report_repository()


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"[:200]
    except (KeyError, OSError):
        return "cli:unknown"


@click.group(invoke_without_command=True)
@click.option("--open", "open_only", is_flag=True, help="Only reports not yet resolved.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (one array) instead of text.")
@click.option(
    "--show-contact",
    is_flag=True,
    help="Decrypt and show the reporters' contacts; each read is recorded (who, when, which report) without the value.",
)
@click.pass_context
def reports(ctx: click.Context, open_only: bool, as_json: bool, show_contact: bool) -> None:
    """List reports of wrong listings, newest first (contacts hidden unless --show-contact)."""
    if ctx.invoked_subcommand is not None:
        return
    listed = _repository().queue(open_only=open_only, reveal_contact_for=_actor() if show_contact else None)
    if as_json:
        click.echo(json.dumps([r.model_dump(mode="json") for r in listed], indent=2))
        return
    if not listed:
        click.echo("No open reports." if open_only else "No reports.")
        return
    for r in listed:
        click.echo(f"#{r.id} [{r.status}] {r.created_at:%Y-%m-%d %H:%M} UTC  {r.frid}  {r.reason}")
        click.echo(f"    listing then: {r.snapshot.name}; phone {r.snapshot.phone or '-'}; {r.snapshot.address or '-'}")
        if r.details:
            click.echo(f"    details: {r.details}")
        if r.has_contact:
            click.echo(f"    contact: {r.contact if r.contact is not None else '(hidden; --show-contact)'}")
        if r.status == "resolved" and r.resolved_at is not None:
            click.echo(f"    resolved {r.resolved_at:%Y-%m-%d}: {r.resolution_note}")


@reports.command()
@click.argument("report_id", metavar="ID", type=click.IntRange(min=1))
@click.option("--note", required=True, help="What was done (e.g. phone checked, listing correct).")
def resolve(report_id: int, note: str) -> None:
    """Close report ID with a note; the facility page stops showing its notice."""
    from recoverynav.directory import UnknownReportError, resolve_report

    try:
        done = resolve_report(report_id, note, actor=_actor(), reports=_repository())
    except UnknownReportError as exc:
        raise InputError(f"ID: {exc}") from exc
    except ValueError as exc:
        raise InputError(f"--{exc}") from exc
    click.echo(f"Report #{done.id} about {done.frid} resolved.")
