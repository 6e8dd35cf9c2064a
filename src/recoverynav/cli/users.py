"""``recoverynav users``: add staff accounts (with two-factor enrolment), disable them, reset 2FA, list them.

Every change is an audit event whose actor is ``cli:<operating-system user>``. The ``otpauth://`` URI is printed
once, when the account is made or its second factor is reset; it is stored nowhere in the clear.
"""

from __future__ import annotations

import getpass
import json
import sys

import click

from recoverynav.cli.errors import InputError

# recoverynav.backoffice.ROLES, without importing it at start-up
ROLE_NAMES = ["consultant", "supervisor", "admin", "facility"]


def cli_actor() -> str:
    """Who ran the command, as the audit trail names them."""
    try:
        return f"cli:{getpass.getuser()}"[:80]
    except (KeyError, OSError):
        return "cli:unknown"


def _say_key_file() -> None:
    from recoverynav.storage.crypto import load_key_ring

    ring = load_key_ring()
    if ring.created_file is not None:
        click.echo(f"Made a new encryption key file: {ring.created_file} (mode 0600). Back it up.", err=True)


@click.group()
def users() -> None:
    """Staff accounts of the back office (roles: consultant, supervisor, admin, facility)."""


@users.command()
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(ROLE_NAMES), help="What they may do.")
@click.option(
    "--facility",
    "facilities",
    multiple=True,
    metavar="FRID",
    help="A listing a facility account acts for (repeatable; required with --role facility).",
)
@click.option("--password-stdin", is_flag=True, required=True, help="Read the password from standard input (one line).")
@click.option("--json", "as_json", is_flag=True, help="Print {id, email, role, totp_uri, facilities} as JSON.")
def add(email: str, role: str, facilities: tuple[str, ...], password_stdin: bool, as_json: bool) -> None:
    """Create an account and enrol its authenticator app (the otpauth:// URI is shown once).

    A facility account (--role facility) is tied to one or more listings with --facility FRID; it sees only
    referrals sent to those listings and posts their openings.
    """
    from datetime import UTC, datetime

    from recoverynav.backoffice import add_staff
    from recoverynav.wiring import back_office_unit

    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise InputError("--password-stdin: no password on standard input; pipe one line, e.g. from a password manager")
    _say_key_file()
    if facilities:
        # The listings live in the directory: make sure the bundled ones are loaded before looking an id up.
        from recoverynav.wiring import facility_repository

        facility_repository()
    with back_office_unit() as uow:
        new = add_staff(
            uow.staff,
            uow.audit,
            email=email,
            role=role,
            password=password,
            by=cli_actor(),
            now=datetime.now(UTC),
            facilities=facilities,
        )
        uow.commit()
    if as_json:
        click.echo(json.dumps(new.model_dump()))
        return
    click.echo(f"Added {new.role} {new.email} (id {new.id}).")
    if new.facilities:
        click.echo(f"Acts for listings: {', '.join(new.facilities)}")
    click.echo("Add this to their authenticator app now (it is not shown again):")
    click.echo(new.totp_uri)


@users.command()
@click.argument("who", metavar="ID_OR_EMAIL")
def disable(who: str) -> None:
    """Switch an account off; its sessions end at once."""
    from recoverynav.backoffice import disable_staff
    from recoverynav.wiring import back_office_unit

    with back_office_unit() as uow:
        account = disable_staff(uow.staff, uow.audit, who, by=cli_actor())
        uow.commit()
    click.echo(f"Disabled {account.id}.")


@users.command("reset-2fa")
@click.argument("who", metavar="ID_OR_EMAIL")
@click.option("--json", "as_json", is_flag=True, help="Print {id, email, role, totp_uri} as JSON.")
def reset_2fa(who: str, as_json: bool) -> None:
    """Give an account a new authenticator secret (the old one stops working; sessions end)."""
    from recoverynav.backoffice import reset_two_factor
    from recoverynav.wiring import back_office_unit

    with back_office_unit() as uow:
        new = reset_two_factor(uow.staff, uow.audit, who, by=cli_actor())
        uow.commit()
    if as_json:
        click.echo(json.dumps(new.model_dump()))
        return
    click.echo(f"New second factor for {new.id}; add this to their authenticator app now (not shown again):")
    click.echo(new.totp_uri)


@users.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
def list_users(as_json: bool) -> None:
    """Every account: id, e-mail, role, and whether it is disabled or locked."""
    from datetime import UTC, datetime

    from recoverynav.backoffice import AuditEvent
    from recoverynav.wiring import back_office_unit

    now = datetime.now(UTC)
    with back_office_unit() as uow:
        accounts = uow.staff.all()
        # Listing shows e-mail addresses (personal data): the read is audited like any other.
        uow.audit.record(AuditEvent(actor=cli_actor(), action="user.list", record_type="staff_user"))
        uow.commit()
    rows = [
        {
            "id": a.id,
            "email": a.email,
            "role": a.role,
            "facilities": list(a.facilities),
            "disabled": a.disabled,
            "locked": a.locked_until is not None and a.locked_until > now,
        }
        for a in accounts
    ]
    if as_json:
        click.echo(json.dumps(rows))
        return
    if not rows:
        click.echo("No staff accounts yet: `recoverynav users add EMAIL --role consultant --password-stdin`.")
    for row in rows:
        state = "disabled" if row["disabled"] else "locked" if row["locked"] else "active"
        click.echo(f"{row['id']}  {row['role']:<10}  {state:<8}  {row['email']}")
