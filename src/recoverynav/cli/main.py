"""Entry point: a click group whose subcommands are imported only when they run (fast start-up).

``recoverynav drug NAME`` (with ``--lang en|es`` and ``--json`` in any order) is answered before click is even
imported (:mod:`recoverynav.cli.quickdrug`, the same output); every other command line goes to the click group
(:mod:`recoverynav.cli.group`, which ``cli`` and ``LazyGroup`` here load on first use).
"""

from __future__ import annotations

import sys
from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from recoverynav.cli.group import LazyGroup as LazyGroup
    from recoverynav.cli.group import cli as cli

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


def main(argv: list[str] | None = None) -> Any:
    args = sys.argv[1:] if argv is None else list(argv)
    if args[:1] == ["drug"]:
        from recoverynav.cli.quickdrug import quick_drug

        code = quick_drug(args[1:])
        if code is not None:
            sys.exit(code)
    from recoverynav.cli.group import cli

    return cli.main(args=argv, prog_name="recoverynav")


def __getattr__(name: str) -> Any:
    """``cli`` (the click group) and ``LazyGroup``, imported with click when first asked for."""
    if name in ("cli", "LazyGroup"):
        return getattr(import_module("recoverynav.cli.group"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
