"""The "Find treatment" form's questions as any-of groups of service codes (``choices.yaml``), and a search
that honours any-of groups on top of the directory's all-of ``codes``.

Usage::

    from recoverynav.directory.choices import any_of_groups, search_any_of
    groups = any_of_groups(payment="none", language="SP")    # [["NP", "SS", "PA", "SF"], ["SP"]]
    search_any_of(FacilityQuery(near="22902"), groups, repo)
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field, model_validator

from recoverynav.datafiles import read_yaml
from recoverynav.directory.codes import catalogue
from recoverynav.directory.models import FacilityQuery, Place, SearchResult
from recoverynav.errors import NotFound
from recoverynav.references import check_ids

if TYPE_CHECKING:
    from recoverynav.directory.repository import FacilityRepository


QUESTIONS: tuple[str, ...] = ("care", "medication", "payment", "language", "age")


class Choice(BaseModel):
    """One answer to a form question: our wording and the codes any one of which satisfies it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[A-Za-z0-9_]{1,20}$")
    label: str = Field(min_length=2)
    help: str | None = None
    any_of: tuple[str, ...] = Field(min_length=1)
    # The same words in Spanish (pages only: the API's choices stay as they were).
    label_es: str = Field(min_length=2, exclude=True)
    help_es: str | None = Field(default=None, exclude=True)

    @model_validator(mode="after")
    def _help_in_both_languages(self) -> Choice:
        if (self.help is None) != (self.help_es is None):
            raise ValueError(f"choice {self.id!r}: give help and help_es together")
        return self

    def label_in(self, lang: str) -> str:
        """The label in ``lang`` ("en" or "es")."""
        return self.label_es if lang == "es" else self.label

    def help_in(self, lang: str) -> str | None:
        """The help text in ``lang`` ("en" or "es"), if any."""
        return self.help_es if lang == "es" else self.help


class Choices(BaseModel):
    """Every question of the form with its answers, in the order the form asks them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sources: list[str] = Field(min_length=1)
    care: tuple[Choice, ...]
    medication: tuple[Choice, ...]
    payment: tuple[Choice, ...]
    language: tuple[Choice, ...]
    age: tuple[Choice, ...]

    @model_validator(mode="after")
    def _known_codes_and_unique_ids(self) -> Choices:
        known = catalogue()
        for question in QUESTIONS:
            answers: tuple[Choice, ...] = getattr(self, question)
            ids = [a.id for a in answers]
            if len(ids) != len(set(ids)):
                raise ValueError(f"{question}: an answer id is listed twice")
            for answer in answers:
                unknown = [c for c in answer.any_of if c not in known]
                if unknown:
                    raise ValueError(f"{question}.{answer.id}: unknown code(s) {', '.join(unknown)}")
        return self

    def answers(self, question: str) -> tuple[Choice, ...]:
        """The answers to one question (``care``, ``medication``, ``payment``, ``language``, ``age``)."""
        if question not in QUESTIONS:
            raise KeyError(question)
        answers: tuple[Choice, ...] = getattr(self, question)
        return answers


class UnknownChoiceError(NotFound, ValueError):
    """An answer id the form does not offer; ``field`` names the question, ``allowed`` the valid ids."""

    def __init__(self, field: str, value: str, allowed: Sequence[str]) -> None:
        self.field = field
        self.value = value
        self.allowed = list(allowed)
        super().__init__(f"{field}: {value!r} is not one of {', '.join(self.allowed)}")


@cache
def load_choices() -> Choices:
    """Read and validate ``choices.yaml`` (every code must be in the catalogue, every source cited)."""
    choices = Choices.model_validate(read_yaml("recoverynav.directory", "choices.yaml"))
    check_ids(choices.sources, where="directory/choices.yaml")
    return choices


def choice_for(question: str, answer_id: str) -> Choice:
    """One answer by id (case-insensitive), or :class:`UnknownChoiceError` naming the question."""
    answers = load_choices().answers(question)
    for answer in answers:
        if answer.id.casefold() == answer_id.strip().casefold():
            return answer
    raise UnknownChoiceError(question, answer_id, [a.id for a in answers])


def any_of_groups(**answers: str | None) -> list[list[str]]:
    """The any-of code groups for the given answers (``payment="none"``, ``care="DT"``...); blanks are skipped."""
    groups: list[list[str]] = []
    for question, answer_id in answers.items():
        if answer_id and answer_id.strip():
            groups.append(list(choice_for(question, answer_id).any_of))
    return groups


def matches_groups(codes: Sequence[str], groups: Sequence[Sequence[str]]) -> bool:
    """True when ``codes`` has at least one code of every group."""
    have = set(codes)
    return all(have.intersection(group) for group in groups)


def search_any_of(
    query: FacilityQuery, any_codes: Sequence[Sequence[str]], repo: FacilityRepository, *, now: datetime | None = None
) -> SearchResult:
    """``search_facilities`` plus any-of groups: each group needs at least one of its codes.

    One-code groups join the query's all-of ``codes``; wider groups become the repository filter's ``any_of``
    (SQL over the code bitmasks), so a page costs one search however many facilities match. No match at all
    carries ``empty``.
    """
    result = any_of_page(query, any_codes, repo, now=now)
    if result.total == 0:
        from recoverynav.directory.explain import explain_empty

        groups = [list(g) for g in any_codes if g]
        result = result.model_copy(update={"empty": explain_empty(query, groups, repo, result.origin)})
    return result


def any_of_page(
    query: FacilityQuery,
    any_codes: Sequence[Sequence[str]],
    repo: FacilityRepository,
    origin: Place | None = None,
    *,
    now: datetime | None = None,
) -> SearchResult:
    """One page of ``search_any_of`` without the explanation of an empty result (``origin`` if resolved)."""
    from recoverynav.directory.geocode import geocode
    from recoverynav.directory.search import search_page

    if origin is None and query.near:
        origin = geocode(query.near)
    groups = [sorted({c.upper() for c in g}) for g in any_codes if g]
    singles = {g[0] for g in groups if len(g) == 1}
    wide = [g for g in groups if len(g) > 1]
    base = query.model_copy(update={"codes": sorted(set(query.codes) | singles)})
    if not wide:
        return search_page(base, repo, origin, now=now)

    # The repository filters the wider groups in SQL (over the code bitmasks): one query per page.
    return search_page(base, repo, origin, any_of=tuple(tuple(g) for g in wide), now=now)
