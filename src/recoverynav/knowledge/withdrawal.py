"""The withdrawal table (``withdrawal.yaml``): how dangerous a sudden stop is, by substance class, with sources.

Usage::

    from recoverynav.knowledge import withdrawal_risk
    withdrawal_risk("methamphetamine").stopping_risk   # "not_dangerous"
    withdrawal_risk("benzodiazepine").sources          # a class id works too
"""

from __future__ import annotations

from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from recoverynav.datafiles import read_yaml
from recoverynav.knowledge.models import Substance
from recoverynav.references import check_ids

StoppingRisk = Literal["dangerous", "treat_with_medication", "not_dangerous"]
# Most dangerous first: the order rows must follow, and the order a mixture of substances is judged by.
STOPPING_RISKS: tuple[StoppingRisk, ...] = ("dangerous", "treat_with_medication", "not_dangerous")


class WithdrawalText(BaseModel):
    """A row's words in another language: the same statements, so the same sources (FOR REVIEW, our own Spanish)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(min_length=3)
    summary: str = Field(min_length=20)
    advice: str = Field(min_length=20)


class WithdrawalRisk(BaseModel):
    """One row: the classes it covers, how dangerous stopping is, what to do, and the sources that say so."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    title: str = Field(min_length=3)
    match: tuple[str, ...] = Field(min_length=1)
    stopping_risk: StoppingRisk
    summary: str = Field(min_length=20)
    advice: str = Field(min_length=20)
    sources: tuple[str, ...] = Field(min_length=1)
    es: WithdrawalText

    def covers(self, classes: tuple[str, ...] | list[str]) -> bool:
        """True when a substance with these classes belongs to this row (it has every class the row names)."""
        return set(self.match) <= set(classes)


class WithdrawalTable(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    rows: tuple[WithdrawalRisk, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _ordered(self) -> WithdrawalTable:
        ids = [r.id for r in self.rows]
        if len(ids) != len(set(ids)):
            raise ValueError("withdrawal.yaml: row ids must be unique")
        ranks = [STOPPING_RISKS.index(r.stopping_risk) for r in self.rows]
        if ranks != sorted(ranks):
            raise ValueError("withdrawal.yaml: rows must go from the most to the least dangerous stopping_risk")
        return self

    def for_classes(self, classes: tuple[str, ...] | list[str]) -> WithdrawalRisk | None:
        """The first row a substance with these classes matches, or None when no row covers it."""
        return next((r for r in self.rows if r.covers(classes)), None)


@cache
def withdrawal_table() -> WithdrawalTable:
    """Load and validate ``withdrawal.yaml``; unknown class ids or dangling source ids raise."""
    from recoverynav.knowledge.catalog import load_catalog

    table = WithdrawalTable.model_validate(read_yaml("recoverynav.knowledge", "withdrawal.yaml"))
    known = load_catalog().classes
    for row in table.rows:
        unknown = [c for c in row.match if c not in known]
        if unknown:
            raise ValueError(f"withdrawal.yaml row {row.id}: classes not in classes.yaml: {', '.join(unknown)}")
        check_ids(row.sources, where=f"knowledge/withdrawal.yaml ({row.id})")
    return table


def withdrawal_for(substance: Substance) -> WithdrawalRisk | None:
    """The row for a monograph, from its ``classes``; None when the table has no row for it."""
    return withdrawal_table().for_classes(substance.classes)


def withdrawal_risk(substance_or_class_id: str) -> WithdrawalRisk | None:
    """The row for a class id (``"opioid"``) or a monograph id (``"alprazolam"``); None when no row covers it.

    Raises :class:`recoverynav.knowledge.UnknownNameError` for an id that is neither.
    """
    from recoverynav.knowledge.catalog import get_substance, load_catalog

    if substance_or_class_id in load_catalog().classes:
        return next((r for r in withdrawal_table().rows if substance_or_class_id in r.match), None)
    return withdrawal_for(get_substance(substance_or_class_id))
