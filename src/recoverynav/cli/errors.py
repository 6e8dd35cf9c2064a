"""Input errors: a clear message on stderr and exit code 2, nothing printed as a result."""

from __future__ import annotations

import click


class InputError(click.ClickException):
    """Bad input from the person: exit code 2, like a usage error."""

    exit_code = 2

    def show(self, file: object = None) -> None:
        click.echo(f"Error: {self.format_message()}", err=True)
