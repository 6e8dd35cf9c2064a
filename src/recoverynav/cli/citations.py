"""How every command prints citations: ``[1][3]`` marks beside a statement and a numbered reference list.

The numbers come from :func:`recoverynav.references.cite_sources` (or a capability answer that already carries
numbered :class:`~recoverynav.references.Citation` objects); this module only lays them out for a terminal. It
imports nothing heavy, so ``recoverynav drug`` (which reads its JSON bundle without pydantic) stays fast.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from recoverynav.references import citation_line


class Cited(Protocol):
    """What a reference line needs: a :class:`~recoverynav.references.Citation` has all of it."""

    @property
    def n(self) -> int: ...
    @property
    def id(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def authors(self) -> str | None: ...
    @property
    def source(self) -> str: ...
    @property
    def year(self) -> int | str: ...
    @property
    def link(self) -> str: ...


def marks(numbers: Iterable[int]) -> str:
    """``[1][3]``: the numbers a statement cites, each once, smallest first."""
    return "".join(f"[{n}]" for n in sorted(set(numbers)))


def numbers_of(citations: Iterable[Cited | Mapping[str, Any]]) -> dict[str, int]:
    """id -> number for citations already numbered by ``cite_sources`` (objects or their JSON form)."""
    return {str(c["id"]): int(c["n"]) for c in (dict(x) if isinstance(x, Mapping) else _fields(x) for x in citations)}


def reference_line(citation: Cited | Mapping[str, Any], width: int) -> str:
    """One numbered reference; the link goes on its own line, unbroken, so a terminal can open or copy it.

    Takes a :class:`~recoverynav.references.Citation` or its JSON form (the monograph bundle's ``references``).
    """
    c = dict(citation) if isinstance(citation, Mapping) else _fields(citation)
    text = textwrap.fill(
        f"[{c['n']}] {citation_line(c.get('authors'), c['title'], c['source'], c['year'])}",
        width=width,
        subsequent_indent="    ",
        break_on_hyphens=False,
    )
    return f"{text}\n    {c['link']}"


def reference_lines(citations: Iterable[Cited | Mapping[str, Any]], width: int) -> list[str]:
    """The numbered reference list, one entry per citation, in the order given (their number order)."""
    return [reference_line(c, width) for c in citations]


def _fields(citation: Cited) -> dict[str, Any]:
    return {
        "id": citation.id,
        "n": citation.n,
        "authors": citation.authors,
        "title": citation.title,
        "source": citation.source,
        "year": citation.year,
        "link": citation.link,
    }
