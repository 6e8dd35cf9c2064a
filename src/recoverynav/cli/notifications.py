"""``recoverynav notifications``: the outbox of neutral sign-in messages (#16): list, deliver by SMTP, follow-ups.

Messages carry no personal data (a neutral subject and a sign-in link), so listing them shows their text; the
recipient is an account id. ``deliver`` sends what is waiting when ``RECOVERYNAV_SMTP_HOST`` is set; run it (and
``follow-ups``) from a timer.
"""

from __future__ import annotations

import json

import click

from recoverynav.cli.errors import InputError


@click.group()
def notifications() -> None:
    """Neutral sign-in messages to staff and facility accounts: list the outbox, deliver by SMTP."""


@notifications.command("list")
@click.option("--pending", is_flag=True, help="Only messages not yet sent.")
@click.option("--limit", type=click.IntRange(1, 1000), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
def list_messages(pending: bool, limit: int, as_json: bool) -> None:
    """The newest messages: id, account id, kind, subject, queued and sent times."""
    from recoverynav.cli.quickstaff import outbox_listing

    rows = outbox_listing(pending=pending, limit=limit)  # the SQLite file with the standard library, when it may
    if rows is None:
        from recoverynav.wiring import back_office_unit

        with back_office_unit(read_only=True) as uow:
            messages = uow.outbox.pending(limit) if pending else uow.outbox.listing(limit=limit)
        rows = [m.model_dump(mode="json") for m in messages]
    if as_json:
        click.echo(json.dumps(rows))
        return
    if not rows:
        click.echo("The outbox is empty.")
    for row in rows:
        sent = row["sent_at"] or "waiting"
        click.echo(f"{row['id']:>6}  {row['recipient']:<18}  {row['kind']:<18}  {row['created_at']}  {sent}")


@notifications.command()
def deliver() -> None:
    """Send every waiting message through the configured SMTP server (exit 1 if any failed; they stay queued)."""
    from recoverynav.wiring import deliver_notifications

    counts = deliver_notifications()
    if counts is None:
        raise InputError(
            "RECOVERYNAV_SMTP_HOST: no mail server is configured, so messages stay in the outbox "
            "(`recoverynav notifications list`); set it (and RECOVERYNAV_SMTP_FROM) to send them"
        )
    sent, failed = counts
    click.echo(f"Sent {sent}; {failed} could not be sent and stay queued.")
    if failed:
        raise SystemExit(1)


@notifications.command("follow-ups")
def follow_ups() -> None:
    """Queue one "follow-up due" message to each owner of a case due now (then deliver when SMTP is set)."""
    from datetime import UTC, datetime

    from recoverynav.backoffice import queue_follow_ups_due
    from recoverynav.wiring import back_office_unit, deliver_notifications, sign_in_url

    now = datetime.now(UTC)
    with back_office_unit() as uow:
        queued = queue_follow_ups_due(uow, sign_in_url=sign_in_url(), now=now)
        uow.commit()
    click.echo(f"Queued {queued} follow-up message{'' if queued == 1 else 's'}.")
    deliver_notifications(now)
