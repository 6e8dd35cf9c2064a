"""How a command reports a failure, without click: the one wording the click commands and the fast dispatch share.

:class:`~recoverynav.cli.errors.InputError` shows its message with :func:`error_text`, and
:func:`~recoverynav.cli.errors.project_errors` words an unusable path with :func:`path_problem`; a fast path that
answers before click is imported (``recoverynav drug NAME``, see :mod:`recoverynav.cli.quickdrug`) calls the same
two, so its errors read byte for byte as the command's.
"""

from __future__ import annotations


def error_text(message: str) -> str:
    """The line an input error prints on stderr (exit code 2)."""
    return f"Error: {message}"


def path_problem(exc: OSError) -> str:
    """An operating-system error as a sentence naming the path and what to check."""
    where = f"{exc.filename}: " if exc.filename else ""
    reason = exc.strerror or str(exc) or type(exc).__name__
    return f"{where}{reason} (check that the path exists and that you may read or write it)"
