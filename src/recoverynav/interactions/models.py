"""The shape of interaction rules (``rules.yaml``) and of a combination report."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field, model_validator

from recoverynav.references import Citation, CitedSources


class Severity(StrEnum):
    """How dangerous a combination is, from ``none_known`` (no data) to ``contraindicated``."""

    NONE_KNOWN = "none_known"
    MINOR = "minor"
    MODERATE = "moderate"
    MAJOR = "major"
    CONTRAINDICATED = "contraindicated"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @property
    def urgent(self) -> bool:
        """Major or worse: faces show the "call the emergency number" alert."""
        return self.rank >= _RANK[Severity.MAJOR]


_RANK = {s: n for n, s in enumerate(Severity)}

# Highest first, the order faces list findings in.
SEVERITY_ORDER: tuple[Severity, ...] = tuple(reversed(Severity))


def strictest(*severities: Severity) -> Severity:
    return max(severities, key=lambda s: s.rank, default=Severity.NONE_KNOWN)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Selector(_Strict):
    """One side of a rule: entries with any of these classes, or these exact substance ids."""

    classes: tuple[str, ...] = ()
    substances: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _one_kind(self) -> Selector:
        if bool(self.classes) == bool(self.substances):
            raise ValueError("a selector names either `classes` or `substances` (exactly one of them)")
        return self

    @property
    def specific(self) -> bool:
        return bool(self.substances)


class MechanismSpanish(_Strict):
    label: str = Field(min_length=3)


class Mechanism(_Strict):
    """A way two substances hurt together, in plain words (and in Spanish, ``es.label``)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str
    es: MechanismSpanish


_NUMBER = re.compile(r"\d(?:[\d,.]*\d)?")


def numbers_in(text: str) -> list[str]:
    """The numbers a statement states, separators dropped ("4,000" and "4.000" read 4000), in sorted order: a
    translation states the same ones, so a statement moved to another place shows up."""
    return sorted(re.sub(r"[,.]", "", n) for n in _NUMBER.findall(text))


class SpanishStatements(_Strict):
    """A rule's ``es:`` block: its effects and advice in Spanish, one for one in the English order."""

    effects: tuple[str, ...] = ()
    advice: tuple[str, ...] = ()


def check_statements(where: str, english: dict[str, tuple[str, ...]], spanish: dict[str, tuple[str, ...]]) -> None:
    """Refuse a translation with a statement missing, added or moved: the same count in each list, and each
    statement stating the numbers its English states (same sources: the rule's ``sources`` cover both)."""
    for part, ours in english.items():
        theirs = spanish[part]
        if len(theirs) != len(ours):
            raise ValueError(
                f"{where}: es.{part} has {len(theirs)} statements, the English has {len(ours)}: translate every one, "
                "in the English order"
            )
        for n, (en, es) in enumerate(zip(ours, theirs, strict=True)):
            if numbers_in(en) != numbers_in(es):
                raise ValueError(
                    f"{where}: es.{part}[{n}] states {numbers_in(es) or 'no numbers'}, its English statement "
                    f"{numbers_in(en) or 'none'}: is a statement missing or moved?"
                )
            if not es.strip():
                raise ValueError(f"{where}: es.{part}[{n}] is empty")


class Rule(_Strict):
    """A cited pair rule: class x class, or substance x class/substance (specific, overrides class rules)."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    a: Selector
    b: Selector
    severity: Severity
    mechanism: str
    effects: tuple[str, ...] = Field(min_length=1)
    advice: tuple[str, ...] = Field(min_length=1)
    sources: tuple[str, ...] = Field(min_length=1)
    es: SpanishStatements

    @model_validator(mode="after")
    def _translated(self) -> Rule:
        _check_rule_spanish(self)
        return self

    @property
    def specific(self) -> bool:
        return self.a.specific or self.b.specific


class CombinationRule(_Strict):
    """A whole-combination rule: many depressants at once, or one substance entered twice."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    kind: Literal["cumulative", "duplicate"]
    classes: tuple[str, ...] = ()
    # Entries that count like members of `classes` without carrying the class (ketamine is not a CNS depressant
    # in general, but its sedation adds to theirs).
    substances: tuple[str, ...] = ()
    min_count: int = Field(default=2, ge=2)
    severity: Severity
    mechanism: str
    effects: tuple[str, ...] = Field(min_length=1)
    advice: tuple[str, ...] = Field(min_length=1)
    sources: tuple[str, ...] = Field(min_length=1)
    es: SpanishStatements

    @model_validator(mode="after")
    def _translated(self) -> CombinationRule:
        _check_rule_spanish(self)
        return self


def _check_rule_spanish(rule: Rule | CombinationRule) -> None:
    check_statements(
        f"rule {rule.id!r}",
        {"effects": rule.effects, "advice": rule.advice},
        {"effects": rule.es.effects, "advice": rule.es.advice},
    )


class TripSitMapping(_Strict):
    """Which TripSit group stands for our entries: by exact id first, else by class."""

    by_id: dict[str, str] = {}
    by_class: dict[str, str] = {}
    severity: dict[str, Severity]
    # TripSit alone may raise a finding no higher than this (never the only source of a major finding).
    alone_cap: Severity = Severity.MODERATE
    source: str
    # What to do when TripSit's rating is the only signal for a pair.
    advice: tuple[str, ...] = Field(min_length=1)
    advice_sources: tuple[str, ...] = Field(min_length=1)
    es: SpanishStatements

    @model_validator(mode="after")
    def _translated(self) -> TripSitMapping:
        check_statements("tripsit", {"advice": self.advice}, {"advice": self.es.advice})
        if self.es.effects:
            raise ValueError("tripsit.es: only `advice` (the effects are TripSit's own words)")
        return self


class UrgentSpanish(_Strict):
    when: str = Field(min_length=10)


class UrgentRule(_Strict):
    """What ``rules.yaml`` says to do at once about a major or worse combination: the signs to call on, cited."""

    when: str = Field(min_length=10)
    es: UrgentSpanish
    sources: tuple[str, ...] = Field(min_length=1)


# The note beside two entries that overlap (a class and its member); ``{a}`` and ``{b}`` are their names.
_PLACEHOLDERS = re.compile(r"\{[a-z_]*\}")


class BookSpanish(_Strict):
    """``rules.yaml``'s top-level ``es:`` block: the notes in Spanish."""

    none_known: str = Field(min_length=10)
    overlap: str = Field(min_length=10)


class RuleBook(_Strict):
    """Everything in ``rules.yaml``."""

    mechanisms: tuple[Mechanism, ...] = Field(min_length=1)
    rules: tuple[Rule, ...] = Field(min_length=1)
    combination_rules: tuple[CombinationRule, ...] = ()
    none_known: str = Field(min_length=10)
    overlap: str = Field(min_length=10, description="{a} and {b}: the two names")
    urgent: UrgentRule
    tripsit: TripSitMapping
    es: BookSpanish

    @model_validator(mode="after")
    def _consistent(self) -> RuleBook:
        known = {m.id for m in self.mechanisms}
        everything: list[Rule | CombinationRule] = [*self.rules, *self.combination_rules]
        for rule in everything:
            if rule.mechanism not in known:
                raise ValueError(f"rule {rule.id!r}: unknown mechanism {rule.mechanism!r}")
        ids = [r.id for r in everything]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"rule ids used twice: {', '.join(dupes)}")
        if sorted(_PLACEHOLDERS.findall(self.overlap)) != ["{a}", "{b}"]:
            raise ValueError("overlap: name the two entries as {a} and {b}, once each")
        if sorted(_PLACEHOLDERS.findall(self.es.overlap)) != ["{a}", "{b}"]:
            raise ValueError("es.overlap: the same placeholders as the English, {a} and {b}")
        return self


class MechanismHit(_Strict):
    id: str
    label: str
    severity: Severity
    rules: tuple[str, ...]


class TripSitRating(_Strict):
    """TripSit's community rating for the pair (secondary, attributed)."""

    groups: tuple[str, str]
    status: str
    severity: Severity
    note: str | None = None


class Finding(_Strict):
    """One risk: a pair (two ids), the whole combination, or a substance entered twice."""

    kind: Literal["pair", "combination", "duplicate"]
    substances: tuple[str, ...] = Field(min_length=1)
    severity: Severity
    mechanism: str
    mechanisms: tuple[MechanismHit, ...] = ()
    effects: tuple[str, ...]
    advice: tuple[str, ...]
    # Numbered as in the report that holds the finding (first cited, first numbered).
    sources: tuple[Citation, ...] = Field(min_length=1)
    tripsit: TripSitRating | None = None


class ResolvedSubstance(_Strict):
    """An entry the person named, with every name they used for it."""

    id: str
    name: str
    kind: Literal["substance", "class"]
    classes: tuple[str, ...]
    entered_as: tuple[str, ...]
    corrected: bool = False


class UnknownName(_Strict):
    """A name no monograph lists, left out of the check, with similar known names to confirm."""

    name: str
    suggestions: tuple[str, ...] = ()


class UrgentAdvice(_Strict):
    """Call the emergency number now if these signs show; faces add the country's number after "call"."""

    when: str = Field(description='The signs, as a clause: "If anyone is very drowsy, ... cannot be woken"')
    sources: tuple[Citation, ...] = Field(min_length=1)


class CombinationReport(_Strict):
    """The answer to "is this combination dangerous?".

    Usage::

        from recoverynav.interactions import check
        report = check(["baclofen", "alcohol"])
        report.highest_severity          # Severity.MAJOR
        report.findings[0].mechanism     # "additive CNS and respiratory depression"
        check(["xanax", "oxycodone", "kratomm"]).unknown[0].name   # "kratomm": not checked, shown beside

    ``unknown`` lists the names that were not checked: their risks are unknown here, not absent. Every face shows
    this model as it is: ``model_dump(mode="json")`` is the CLI's ``--json`` and the API's body.
    """

    # The JSON always carries every field, so its schema says so (a client may rely on ``unknown`` being there).
    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_serialization_defaults_required=True)

    substances: tuple[ResolvedSubstance, ...]
    findings: tuple[Finding, ...]
    highest_severity: Severity
    notes: tuple[str, ...] = ()
    attribution: str | None = None
    urgent_advice: UrgentAdvice | None = Field(
        default=None, description="Shown first when the combination is major or worse; its sources are numbered first"
    )
    references: tuple[Citation, ...] = Field(
        default=(), description="Every cited reference once, numbered in order of first citation"
    )
    unknown: tuple[UnknownName, ...] = Field(
        default=(),
        description="Names no monograph lists, left out of the check (their risks are unknown, not absent), "
        "each with similar known names to confirm; a similar name is never used in its place",
    )

    @computed_field(description="Major or worse: show the call-the-emergency-number alert")  # type: ignore[prop-decorator]
    @property
    def urgent(self) -> bool:
        return self.highest_severity.urgent

    def cited(self) -> CitedSources:
        """The report's numbering, for faces that put ``[n]`` marks beside a finding."""
        return CitedSources(self.references)
