"""The project's own error tree: every error raised on purpose for a person to read derives from one base.

A face turns these into its answer (the CLI: exit code 2 and the message; see ``cli/errors.py``); anything
else that escapes is a bug and keeps its traceback.
"""

from __future__ import annotations


class RecoverynavError(Exception):
    """Base of every deliberate error: the message says what is wrong and how to fix it."""


class InputRejected(RecoverynavError, ValueError):
    """Input (a file, an option, an answer from a server) that cannot be used as it is; nothing was written."""


class Unavailable(RecoverynavError, RuntimeError):
    """Something needed is busy or unreachable right now (a database lock, a remote server); retrying may help."""
