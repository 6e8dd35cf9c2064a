"""Input errors: a clear message on stderr and exit code 2, nothing printed as a result.

:func:`project_errors` is the one place the project's deliberate errors (``recoverynav.errors``) and paths
that cannot be read or written become that exit; the command group wraps every command in it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click

from recoverynav.cli.plain import error_text, path_problem
from recoverynav.errors import RecoverynavError

__all__ = ["InputError", "path_problem", "project_errors"]


class InputError(click.ClickException):
    """Bad input from the person: exit code 2, like a usage error."""

    exit_code = 2

    def show(self, file: object = None) -> None:
        click.echo(error_text(self.format_message()), err=True)


@contextmanager
def project_errors() -> Iterator[None]:
    """Run a command; a :class:`RecoverynavError` or an unusable path exits with code 2 and its message."""
    try:
        yield
    except RecoverynavError as exc:
        raise InputError(str(exc)) from exc
    except OSError as exc:
        raise InputError(path_problem(exc)) from exc
    except ValueError as exc:
        # The OS refuses a path with a NUL in it before any file is touched; commands that check their own paths
        # name the option first, this catches the rest.
        if "null byte" not in str(exc):
            raise
        raise InputError("a path contains a NUL character, which no file name can hold: retype it") from exc
