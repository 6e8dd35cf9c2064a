"""One citation model and one numbering, used by every face (web page, terminal, JSON).

A page or an answer cites sources by id as it goes. Readers see numbers: the first source used is [1], the next new
one [2], and a source used again keeps its number. Before this module each face numbered on its own (a dict built in
a route, a counter in a template, ``enumerate`` in a command), with small differences between them; now every face
asks :func:`cite_sources` and renders the :class:`Citation` list it returns.

Usage::

    from recoverynav.references import cite_sources
    cited = cite_sources(["leung-2006-baclofen-overdose", "fda-lioresal-label", "leung-2006-baclofen-overdose"])
    cited.citations[1].n                              # 2
    cited.marks(["fda-lioresal-label", "leung-2006-baclofen-overdose"])   # [1, 2]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from pydantic import BaseModel, ConfigDict, Field

from recoverynav.references.catalog import get_reference
from recoverynav.references.lines import citation_line
from recoverynav.references.models import Reference


class Citation(BaseModel):
    """A reference as a reader sees it on one page or in one answer: its number there and what to show.

    Usage::

        Citation.of(get_reference("fda-lioresal-label"), 1).text()   # "Lioresal ... FDA, 2019."
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    n: int = Field(ge=1, description="Its number on this page or in this answer: [n]")
    id: str = Field(description="The reference id in the project's bibliography")
    title: str
    authors: str | None = None
    source: str = Field(description="The publisher or the journal")
    year: int | str = Field(description='The year, or "n.d." for an undated page')
    url: str | None = None
    doi: str | None = None
    link: str = Field(description="Where a reader follows it: the URL, else the DOI resolver")

    @classmethod
    def of(cls, ref: Reference, n: int) -> Citation:
        """The bibliography entry ``ref`` cited as number ``n``."""
        return cls(
            n=n,
            id=ref.id,
            title=ref.title,
            authors=ref.authors,
            source=ref.source,
            year=ref.year,
            url=ref.url,
            doi=ref.doi,
            link=ref.link,
        )

    def text(self) -> str:
        """The one-line citation, "Authors. Title. Source, year.", as every face writes it."""
        return citation_line(self.authors, self.title, self.source, self.year)


def first_use_numbers(ids: Iterable[str]) -> dict[str, int]:
    """Number ids in order of first use: 1, 2, 3... with no gaps; an id used again keeps its first number."""
    numbers: dict[str, int] = {}
    for ref_id in ids:
        numbers.setdefault(ref_id, len(numbers) + 1)
    return numbers


class CitedSources(Mapping[str, int]):
    """The numbered sources of one page or answer: ``cited[id]`` is its number, ``citations`` the list to print.

    Numbered by :func:`cite_sources`; a face holding an answer whose citations are already numbered (a
    combination report, a placement recommendation) wraps them again with ``CitedSources(answer.sources)``.
    """

    __slots__ = ("_numbers", "citations")

    def __init__(self, citations: Iterable[Citation]) -> None:
        self.citations = tuple(citations)
        self._numbers = {c.id: c.n for c in self.citations}

    def __getitem__(self, ref_id: str) -> int:
        return self._numbers[ref_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._numbers)

    def __len__(self) -> int:
        return len(self._numbers)

    def marks(self, ids: Iterable[str]) -> list[int]:
        """The numbers one statement shows for its sources: each once, smallest first ([1][3], never [3][1][3])."""
        return sorted({self._numbers[i] for i in ids})

    def subset(self, ids: Iterable[str]) -> list[Citation]:
        """The citations among ``ids``, in number order (a part of the page that lists only its own sources)."""
        wanted = set(ids)
        return [c for c in self.citations if c.id in wanted]


def cite_sources(ids: Iterable[str]) -> CitedSources:
    """The numbered source list for the ids a page or answer uses, in the order it uses them.

    Raises :class:`~recoverynav.references.UnknownReferenceError` for an id not in the bibliography.
    """
    numbers = first_use_numbers(ids)
    return CitedSources(tuple(Citation.of(get_reference(ref_id), n) for ref_id, n in numbers.items()))
