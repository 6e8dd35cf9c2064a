"""Entry point: a click group whose subcommands are imported only when they run (fast start-up)."""

from __future__ import annotations

from importlib import import_module
from typing import Any

import click

from recoverynav.cli.errors import InputError, project_errors

# name -> (module, attribute, one-line help). The help lives here so `--help` imports nothing else.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "check": ("recoverynav.cli.check", "check", "Check what a combination of substances risks and what to do."),
    "compare": (
        "recoverynav.cli.compare",
        "compare",
        "Compare up to three facilities side by side.",
    ),
    "facilities": (
        "recoverynav.cli.facilities",
        "facilities",
        "Load treatment facilities (import a SAMHSA file, sync the locator), review wrong-listing reports, export.",
    ),
    "find": ("recoverynav.cli.find", "find", "Find treatment facilities near a place (SAMHSA data, offline)."),
    "meetings": ("recoverynav.cli.meetings", "meetings", "Support-group meetings near a place; import feeds."),
    "drug": ("recoverynav.cli.drug", "drug", "Show the cited monograph for a substance (any name)."),
    "overdose": (
        "recoverynav.cli.overdose",
        "overdose",
        "Overdose first aid now: what to do for the signs you see.",
    ),
    "plan": (
        "recoverynav.cli.plan",
        "plan",
        "Turn a recovery plan file into a PDF (plan + wallet card) and a calendar.",
    ),
    "place": ("recoverynav.cli.place", "place", "Which treatment fits: an explained level-of-care suggestion."),
    "questions": ("recoverynav.cli.questions", "questions", "Questions to ask a facility before you go (cited)."),
    "screen": (
        "recoverynav.cli.screen",
        "screen",
        "Screening questionnaires (AUDIT, DAST-10, TAPS...), scored as published; --json/--fhir.",
    ),
    "serve": ("recoverynav.cli.serve", "serve", "Run the web site and JSON API."),
    "users": (
        "recoverynav.cli.users",
        "users",
        "Staff accounts: add (with 2FA), disable, reset-2fa, list.",
    ),
    "audit": ("recoverynav.cli.audit", "audit", "The back office's audit trail: verify the hash chain, export FHIR."),
    "keys": ("recoverynav.cli.keys", "keys", "Rotate the keys that encrypt personal data at rest (resumable)."),
    "coverage": (
        "recoverynav.cli.coverage",
        "coverage",
        "Will my insurance pay? Read a 271 eligibility answer, write a 270 inquiry (X12 5010).",
    ),
    "notifications": (
        "recoverynav.cli.notifications",
        "notifications",
        "Neutral sign-in messages to staff and facilities: list the outbox, deliver by SMTP, queue follow-ups.",
    ),
}


class LazyGroup(click.Group):
    """A group that imports a subcommand's module only when that subcommand is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, attr, _ = COMMANDS[cmd_name]
        command = getattr(import_module(module), attr)
        assert isinstance(command, click.Command)
        return command

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # A byte of argv that is not UTF-8 reaches Python as a lone surrogate, which no file, database or terminal
        # can take: refuse it once here, naming its place, rather than in every command that prints or stores it.
        for place, arg in enumerate(args, start=1):
            try:
                arg.encode("utf-8")
            except UnicodeEncodeError:
                raise InputError(f"argument {place} is not valid UTF-8 text: retype it (or rename the file)") from None
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        with project_errors():
            return super().invoke(ctx)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="recoverynav")
def cli() -> None:
    """recoverynav: cited drug facts, combination risk, overdose first aid, screening and treatment finding.

    Not medical advice. In an emergency call your local emergency number (911 in the US).
    """


def main(argv: list[str] | None = None) -> Any:
    return cli.main(args=argv, prog_name="recoverynav")
