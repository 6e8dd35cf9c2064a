"""The ``recoverynav`` click group: its subcommands are imported only when they run (fast start-up).

:mod:`recoverynav.cli.main` imports this module only when a command line needs click (everything except the
common shapes of ``drug NAME``, which :mod:`recoverynav.cli.quickdrug` answers first).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

import click

from recoverynav.cli.errors import InputError, project_errors
from recoverynav.cli.main import COMMANDS


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
