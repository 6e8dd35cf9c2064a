"""The interactions package's errors, apart from the models so that the command line's fast path needs no pydantic."""

from __future__ import annotations

from collections.abc import Sequence

from recoverynav.errors import NotFound
from recoverynav.knowledge.names import UnknownNameError


class UnknownNamesError(NotFound):
    """Fewer than two names are known, so there is no combination to check.

    ``errors`` carries each unknown name with its suggestions; ``known`` the display names that were recognised.
    """

    def __init__(self, errors: Sequence[UnknownNameError], known: Sequence[str] = ()) -> None:
        self.errors = list(errors)
        self.known = list(known)
        found = f" Known: {', '.join(self.known)}." if self.known else ""
        super().__init__(
            f"A combination needs at least two known names.{found} " + " ".join(str(e) for e in self.errors)
        )
