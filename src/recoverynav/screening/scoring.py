"""``score_instrument``: answers in, the published score, band, meaning and next steps out.

Answers are 0-based option indexes in the published order of the items and of their options (yes/no items
are ordered no, yes). They arrive either as a list with one index per item, or as a mapping from item id to
index where items that the published skip logic does not ask may be left out. Nothing is stored.
"""

from __future__ import annotations

from typing import cast

from pydantic import BaseModel, ConfigDict

from recoverynav.screening.catalog import get_instrument
from recoverynav.screening.models import Instrument, NextStep, Severity, Sex
from recoverynav.screening.rules import AnswerError, Answers, Kinds, asked_items, parse_answer_list, parse_number, score

__all__ = [
    "AnswerError",
    "AnsweredItem",
    "GroupResult",
    "ResultNote",
    "ScreeningResult",
    "asked_items",
    "parse_answer_list",
    "parse_number",
    "score_instrument",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class AnsweredItem(_Frozen):
    """One item as answered: the option chosen, its points, and whether it counted."""

    item: str
    number: int
    text: str
    option: int | None
    answer: str | None
    points: int
    asked: bool
    counted: bool


class ResultNote(_Frozen):
    """A note on a result (a band's caveat, an age outside the validated range) with the sources that say it."""

    id: str
    text: str
    sources: tuple[str, ...]


class GroupResult(_Frozen):
    """A per-substance section score (TAPS-2)."""

    id: str
    title: str
    score: int
    band: str
    label: str


class ScreeningResult(_Frozen):
    """The scored result of one screening; nothing in it is stored anywhere.

    Usage::

        result = score_instrument("audit-c", [2, 1, 0], sex="female")
        result.score, result.band  # (3, "positive")
    """

    instrument: str
    instrument_name: str
    score: int
    min_score: int
    max_score: int
    score_label: str
    band: str
    band_label: str
    positive: bool | None
    severity: Severity
    # True when the severity is the authors' own grade; a reading of a risk level or cut-off is not shown as one.
    severity_graded: bool
    meaning: str
    next_steps: tuple[NextStep, ...]
    notes: tuple[ResultNote, ...]
    groups: tuple[GroupResult, ...]
    answers: tuple[AnsweredItem, ...]
    sex: Sex | None
    age: int | None
    loinc_total: str | None
    sources: tuple[str, ...]


def score_instrument(
    instrument_id: str | Instrument,
    answers: Answers,
    sex: str | None = None,
    age: int | None = None,
) -> ScreeningResult:
    """Score ``answers`` exactly as the instrument's authors publish it; raise :class:`AnswerError` on bad input."""
    instrument = instrument_id if isinstance(instrument_id, Instrument) else get_instrument(instrument_id)
    return cast("ScreeningResult", score(instrument, answers, sex, age, _KINDS))


_KINDS = Kinds(result=ScreeningResult, answered=AnsweredItem, note=ResultNote, group=GroupResult)
