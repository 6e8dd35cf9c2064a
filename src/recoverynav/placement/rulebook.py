"""The placement rules as data (``rules.yaml``): their shape, loading and validation (the engine, ``plain.py``,
reads them compiled, a test as ``[kind, value]``)."""

from __future__ import annotations

import string
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from recoverynav.datafiles import read_yaml
from recoverynav.placement.guide import load_guide
from recoverynav.placement.models import Severity
from recoverynav.references import check_ids

# Ordered answers: a later word is worse. unsafe and homeless carry the same weight on purpose: both mean
# there is no safe place to recover.
ORDERS: dict[str, dict[str, int]] = {
    "withdrawal_symptoms": {"none": 0, "mild": 1, "moderate": 2, "severe": 3},
    "suicidal_thoughts": {"none": 0, "passive": 1, "active_plan": 2},
    "readiness": {"ready": 0, "ambivalent": 1, "not_ready": 2},
    "cravings": {"none": 0, "mild": 1, "strong": 2},
    "home": {"stable": 0, "others_use": 1, "unsafe": 2, "homeless": 2},
    "severity": {"none": 0, "mild": 1, "moderate": 2, "severe": 3},
    "screening_severity": {"none": 0, "mild": 1, "moderate": 2, "severe": 3},
    # CIWA-Ar and COWS totals read through the screening capability's own bands (their `severity`), so a score
    # falls in the same band on the screening result page and here.
    "ciwa_severity": {"none": 0, "mild": 1, "moderate": 2, "severe": 3},
    "cows_severity": {"none": 0, "mild": 1, "moderate": 2, "severe": 3},
}
NUMBERS = ("daily_dose_mg", "ciwa_ar", "cows", "prior_treatment_relapses")
FLAGS = (
    "daily_use",
    "history_withdrawal_seizures_or_dts",
    "unstable_medical_condition",
    "pregnant",
    "kidney_disease",
    "co_occurring_mental_health",
    "in_remission_after_treatment",
    "intrathecal_pump",
    # derived from the answers and the knowledge base (see plain.py, derive_signals)
    "sedative_dependence",
    "opioid_dependence",
    "withdrawal_care_substance",
    "withdrawal_not_medical",
    "withdrawal_risk",
    "renal_risk_substance",
    "dose_above_label",
    "dose_far_above_label",
    "lacks_support",
)
SIGNALS = frozenset((*ORDERS, *NUMBERS, *FLAGS))
PLACEHOLDERS = frozenset(
    {
        "dependence_names",
        "opioid_names",
        "renal_names",
        "care_names",
        "care_risk",
        "low_risk_names",
        "dose_mg",
        "dose_medicine",
        "label_max",
        "dose_ratio",
        "severity",
        "severity_because",
        "emergency_number",
        "withdrawal",
    }
)
StoppingRisk = Literal["dangerous", "treat_with_medication", "not_dangerous"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Test(_Strict):
    """One test on one answer: ``is``, ``at_least`` or ``in`` (``at_least`` in an answer's order, see :data:`ORDERS`).

    Unknown answers (None) never fire a rule: the engine only raises risk on what the person told us.
    """

    is_: bool | None = Field(default=None, alias="is")
    at_least: float | str | None = None
    in_: tuple[str | bool | int, ...] | None = Field(default=None, alias="in")

    @model_validator(mode="after")
    def _exactly_one(self) -> Test:
        if sum(x is not None for x in (self.is_, self.at_least, self.in_)) != 1:
            raise ValueError("a test needs exactly one of is, at_least, in")
        return self


def _check_when(when: dict[str, Test]) -> dict[str, Test]:
    for name, test in when.items():
        if name not in SIGNALS:
            raise ValueError(f"unknown answer {name!r} in when; known: {', '.join(sorted(SIGNALS))}")
        if name in ORDERS and test.at_least is not None and str(test.at_least) not in ORDERS[name]:
            raise ValueError(f"{name}: at_least must be one of {list(ORDERS[name])}")
        if name in NUMBERS and test.at_least is not None and isinstance(test.at_least, str):
            raise ValueError(f"{name}: at_least needs a number")
    if not when:
        raise ValueError("when needs at least one test")
    return when


class HeadlineSpec(_Strict):
    """A rule that leads the whole answer when it fires (urgent rules always lead, as a crisis)."""

    kind: Literal["pump", "medication"]
    title: str = Field(min_length=5)


def placeholders(text: str) -> set[str]:
    """The ``{names}`` a reason fills in."""
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


class RuleText(_Strict):
    """A rule's words in Spanish: the same statement, so the English rule's sources stand (FOR REVIEW, our own)."""

    reason: str = Field(min_length=10)
    # The headline's title, when the rule has one.
    title: str | None = Field(default=None, min_length=5)


class Rule(_Strict):
    id: str = Field(pattern=r"^[a-z0-9-]+$")
    when: dict[str, Test]
    dimension: int | None = Field(default=None, ge=1, le=6)
    rating: int | None = Field(default=None, ge=0, le=4)
    level: str | None = None
    withdrawal_management: str | None = None
    urgent: bool = False
    reason: str = Field(min_length=10)
    sources: tuple[str, ...] = ()
    # Also cite the withdrawal-table rows (knowledge/withdrawal.yaml) of the named substances with this risk.
    cite_withdrawal: StoppingRisk | None = None
    # Sources that speak about one class only: cited only when a named substance has that class, so a finding never
    # cites, say, a benzodiazepine warning when no benzodiazepine was named.
    class_sources: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    headline: HeadlineSpec | None = None
    es: RuleText

    _when = field_validator("when")(_check_when)

    @model_validator(mode="after")
    def _shape(self) -> Rule:
        if (self.dimension is None) != (self.rating is None):
            raise ValueError(f"{self.id}: dimension and rating go together")
        if not (self.rating is not None or self.level or self.withdrawal_management or self.urgent):
            raise ValueError(f"{self.id}: a rule must rate a dimension, set a level or mark urgency")
        if not self.sources and not self.cite_withdrawal:
            raise ValueError(f"{self.id}: a rule needs sources (or cite_withdrawal, whose rows have theirs)")
        used = placeholders(self.reason)
        if used - PLACEHOLDERS:
            raise ValueError(f"{self.id}: unknown placeholders {sorted(used - PLACEHOLDERS)}")
        spanish = placeholders(self.es.reason)
        if spanish != used:
            raise ValueError(
                f"{self.id}: es.reason must fill in the same placeholders as reason "
                f"(English {sorted(used)}, Spanish {sorted(spanish)})"
            )
        if (self.headline is None) != (self.es.title is None):
            raise ValueError(f"{self.id}: es.title is needed exactly when the rule has a headline")
        return self

    def reason_in(self, lang: str) -> str:
        """The reason's template in ``lang`` ("es" or English)."""
        return self.es.reason if lang == "es" else self.reason

    def title_in(self, lang: str) -> str | None:
        """The headline's title in ``lang``, or None when the rule has no headline."""
        if self.headline is None:
            return None
        return self.es.title if lang == "es" else self.headline.title


class SeverityRule(_Strict):
    when: dict[str, Test]
    severity: Severity
    because: str
    because_es: str = Field(min_length=3)

    _when = field_validator("when")(_check_when)


class Dimension(_Strict):
    number: int = Field(ge=1, le=6)
    name: str
    plain: str
    plain_es: str = Field(min_length=3)


class RuleSettings(_Strict):
    renal_risk_classes: tuple[str, ...]
    # A named substance with every one of these classes is the medicine in an intrathecal pump (baclofen).
    intrathecal_pump_classes: tuple[str, ...] = Field(min_length=1)
    far_above_label_factor: float = Field(gt=1)
    withdrawal_instruments: tuple[str, ...] = ()


class PlacementRules(_Strict):
    """Everything in ``rules.yaml``."""

    settings: RuleSettings
    dimensions: tuple[Dimension, ...]
    severity_rules: tuple[SeverityRule, ...]
    rules: tuple[Rule, ...]

    @model_validator(mode="after")
    def _consistent(self) -> PlacementRules:
        if [d.number for d in self.dimensions] != [1, 2, 3, 4, 5, 6]:
            raise ValueError("dimensions must list 1-6 in order")
        ids = [r.id for r in self.rules]
        if len(ids) != len(set(ids)):
            raise ValueError("rule ids must be unique")
        guide = load_guide()
        levels = {lv.id for lv in guide.levels}
        wms = {wm.id for wm in guide.withdrawal_levels}
        for rule in self.rules:
            if rule.level and rule.level not in levels:
                raise ValueError(f"{rule.id}: level {rule.level!r} is not in options.yaml")
            if rule.withdrawal_management and rule.withdrawal_management not in wms:
                raise ValueError(f"{rule.id}: {rule.withdrawal_management!r} is not a withdrawal level")
        return self


@cache
def load_rulebook() -> PlacementRules:
    """Load and validate ``rules.yaml``: unknown answers, levels, classes or sources raise."""
    from recoverynav.knowledge import load_catalog

    book = PlacementRules.model_validate(read_yaml("recoverynav.placement", "rules.yaml"))
    cited = [s for r in book.rules for s in (*r.sources, *(i for ids in r.class_sources.values() for i in ids))]
    check_ids(cited, where="placement/rules.yaml")
    known = load_catalog().classes
    s = book.settings
    conditional = [c for r in book.rules for c in r.class_sources]
    missing = [c for c in (*s.renal_risk_classes, *s.intrathecal_pump_classes, *conditional) if c not in known]
    if missing:
        raise ValueError(f"placement/rules.yaml: classes not in knowledge/classes.yaml: {', '.join(missing)}")
    return book
