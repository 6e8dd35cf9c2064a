"""``recoverynav audit verify`` (does the hash chain hold?) and ``audit export --since`` (FHIR R4B AuditEvents)."""

from __future__ import annotations

from datetime import UTC, datetime

import click

from recoverynav.cli.errors import InputError


@click.group()
def audit() -> None:
    """The back office's audit trail: check it, export it."""


@audit.command()
def verify() -> None:
    """Exit 0 with the count when every event's hash holds; exit 1 naming the first broken event."""
    from recoverynav.backoffice import ChainWalk
    from recoverynav.cli.quickstaff import audit_walk

    report = audit_walk()  # the SQLite file read with the standard library when nothing could differ
    if report is None:
        from recoverynav.wiring import audit_chain_report

        full = audit_chain_report()
        report = ChainWalk(full.count, full.broken_seq, full.problem, full.head_hash)
    if report.broken_seq is None:
        click.echo(f"The audit trail holds: {report.count} events (head {report.head_hash[:16]}).")
        return
    click.echo(f"The audit trail is broken at event {report.broken_seq}: {report.problem}.", err=True)
    click.echo(f"{report.count} events before it hold.", err=True)
    raise SystemExit(1)


@audit.command()
@click.option("--since", required=True, help="First day to export, YYYY-MM-DD (UTC), or a full ISO 8601 time.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write here instead of stdout.")
def export(since: str, output: str | None) -> None:
    """Write the events since a date as a FHIR R4B Bundle of AuditEvents (IHE BALP shape; ids only)."""
    from pathlib import Path

    from recoverynav.backoffice import AuditEvent, audit_bundle
    from recoverynav.cli.users import cli_actor
    from recoverynav.wiring import audit_events, back_office_unit

    try:
        moment = datetime.fromisoformat(since.strip())
    except ValueError as exc:
        raise InputError("--since: give a date as YYYY-MM-DD, e.g. 2026-12-01") from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    bundle = audit_bundle(audit_events(since=moment))
    text = bundle.model_dump_json(indent=2)
    if output:
        Path(output).write_text(text + "\n", encoding="utf-8")
    else:
        click.echo(text)
    with back_office_unit() as uow:
        uow.audit.record(AuditEvent(actor=cli_actor(), action="export.audit", reason=f"since {moment.date()}"))
        uow.commit()
