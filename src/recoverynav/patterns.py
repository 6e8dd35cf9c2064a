"""Closed sets of words as OpenAPI patterns, so the schema states what the validators accept (#12)."""

from __future__ import annotations

import re
from collections.abc import Iterable


def any_case(word: str) -> str:
    """``word`` as a regex matching it in any letter case (OpenAPI's ECMA regexes have no ``(?i)`` flag)."""
    return "".join(f"[{ch.upper()}{ch.lower()}]" if ch.isalpha() else re.escape(ch) for ch in word)


def one_of(words: Iterable[str]) -> str:
    """A non-capturing group matching any of ``words`` in any case, longest first so none shadows another."""
    return "(?:" + "|".join(any_case(w) for w in sorted(set(words), key=lambda w: (-len(w), w))) + ")"
