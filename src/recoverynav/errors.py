"""The project's own error tree: every error raised on purpose for a person to read derives from one base.

A face turns these into its answer (the CLI: exit code 2 and the message, see ``cli/errors.py``; the API: 404 or
422 naming the field); anything else that escapes is a bug and keeps its traceback. Each class also keeps the
built-in base callers caught before (``ValueError``, ``LookupError``, ``KeyError``)::

    RecoverynavError
    ├── InputRejected (ValueError)        input that cannot be used as it is; nothing was written
    │   ├── AnswerError                   screening: a wrong number of answers or an option out of range
    │   ├── StorageRejected               a value the database columns cannot hold
    │   └── ImportRejected                a file or sync with row errors (``row N, field: problem``)
    │       └── FileProblem               a file that cannot be read at all (corrupt gzip, too large...)
    ├── NotFound (LookupError)            a name, id, place or answer we do not know; suggestions in the message
    │   ├── UnknownNameError, UnknownNamesError                 knowledge, interactions
    │   ├── UnknownSignError, UnknownCountryError               emergency
    │   ├── UnknownInstrumentError (KeyError)                   screening
    │   ├── UnknownReferenceError (KeyError)                    references
    │   └── UnknownFacilityError, UnknownPlaceError, UnknownChoiceError   directory
    └── Unavailable (RuntimeError)        busy or unreachable right now; retrying may help
        ├── StorageBusy                   another import holds the write lock
        └── SyncError                     the locator could not be read

A new capability raises one of these three (or a subclass), never a bare ``Exception``.
"""

from __future__ import annotations

__all__ = ["InputRejected", "NotFound", "RecoverynavError", "Unavailable"]


class RecoverynavError(Exception):
    """Base of every deliberate error: the message says what is wrong and how to fix it."""


class InputRejected(RecoverynavError, ValueError):
    """Input (a file, an option, an answer from a server) that cannot be used as it is; nothing was written."""


class NotFound(RecoverynavError, LookupError):
    """A name, id, place or answer that is not known here; the message suggests the known ones."""


class Unavailable(RecoverynavError, RuntimeError):
    """Something needed is busy or unreachable right now (a database lock, a remote server); retrying may help."""
