"""From the person's answers to the signals the rules test: which drug classes, how far above the label, how serious.

Drug classes come from the knowledge base (``recoverynav.knowledge``), never from a list of names here, so a
new sedative monograph is covered as soon as it names its classes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from recoverynav.knowledge import Substance, UnknownNameError, lookup
from recoverynav.placement.models import Facts
from recoverynav.placement.rulebook import ORDERS, RuleBook, fires


@dataclass
class Signals:
    """Answers plus derived signals, words to fill into reasons, and notes for the person."""

    values: dict[str, Any]
    fill: dict[str, str]
    notes: list[str] = field(default_factory=list)
    dose_sources: tuple[str, ...] = ()
    substances: list[Substance] = field(default_factory=list)


def _join(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _resolve(facts: Facts, notes: list[str]) -> list[tuple[str, Substance]]:
    found: list[tuple[str, Substance]] = []
    for name in facts.substances:
        try:
            hit = lookup(name)
        except UnknownNameError:
            notes.append(
                f"We have no monograph for {name!r} yet, "
                "so its withdrawal risk was judged from your other answers only."
            )
            continue
        if hit.corrected:
            notes.append(f"We read {name!r} as {hit.substance.names.generic}.")
        found.append((hit.substance.names.generic, hit.substance))
    return found


def _named(found: list[tuple[str, Substance]], classes: tuple[str, ...]) -> list[str]:
    return list(dict.fromkeys(n for n, s in found if set(s.classes) & set(classes)))


def derive_signals(facts: Facts, book: RuleBook) -> Signals:
    """Every signal a rule may test, computed once."""
    notes: list[str] = []
    found = _resolve(facts, notes)
    values: dict[str, Any] = facts.model_dump(exclude={"substances", "responsibilities", "screening", "near"})
    settings = book.settings
    withdrawal_now = ORDERS["withdrawal_symptoms"].get(facts.withdrawal_symptoms or "none", 0) > 0
    uses_regularly = bool(facts.daily_use) or withdrawal_now

    fill: dict[str, str] = {}
    dose_sources: tuple[str, ...] = ()
    values["dose_above_label"] = values["dose_far_above_label"] = None
    if facts.daily_dose_mg is not None:
        labelled = [(n, s) for n, s in found if s.label_max_daily_dose is not None]
        if labelled:
            name, substance = labelled[0]
            limit = substance.label_max_daily_dose
            assert limit is not None
            ratio = facts.daily_dose_mg / limit.value
            values["dose_above_label"] = ratio > 1
            values["dose_far_above_label"] = ratio >= settings.far_above_label_factor
            dose_sources = limit.sources
            fill.update(
                dose_mg=f"{facts.daily_dose_mg:g}",
                dose_medicine=name,
                label_max=f"{limit.value:g}",
                dose_ratio=f"{ratio:.1f}".rstrip("0").rstrip("."),
            )
        else:
            notes.append("A daily dose was given, but none of the substances named has a label maximum on file.")

    dependence = _named(found, settings.dependence_classes)
    if values["dose_above_label"] and fill["dose_medicine"] not in dependence:
        dependence.append(fill["dose_medicine"])
    opioids = _named(found, settings.opioid_classes)
    renal = _named(found, settings.renal_risk_classes)
    values["sedative_dependence"] = bool(dependence) and (uses_regularly or bool(values["dose_above_label"]))
    values["opioid_dependence"] = bool(opioids) and uses_regularly
    values["renal_risk_substance"] = bool(renal)
    values["lacks_support"] = None if facts.support_people is None else not facts.support_people
    values["withdrawal_risk"] = (
        values["sedative_dependence"]
        or values["opioid_dependence"]
        or withdrawal_now
        or (facts.ciwa_ar or 0) >= 8
        or (facts.cows or 0) >= 5
        or bool(values["dose_above_label"])
    )
    fill.update(dependence_names=_join(dependence), opioid_names=_join(opioids), renal_names=_join(renal))
    # The person's own word for their withdrawal, so a rule that fires for "at least mild" never calls it mild.
    fill["withdrawal"] = facts.withdrawal_symptoms or "no"

    screening = _screening_severity(facts, book, notes)
    values["screening_severity"] = screening
    severity, because = _severity(values, book, screening)
    values["severity"] = severity
    fill.update(severity=severity, severity_because=_join(because) or "from your answers")
    return Signals(values, fill, notes, dose_sources, [s for _, s in found])


def _screening_severity(facts: Facts, book: RuleBook, notes: list[str]) -> str | None:
    order = ORDERS["screening_severity"]
    worst: str | None = None
    for result in facts.screening:
        if result.instrument.strip().lower() in book.settings.withdrawal_instruments:
            notes.append(f"{result.instrument} measures withdrawal; give its total as ciwa_ar or cows instead.")
            continue
        key = " ".join(result.band.lower().replace("-", " ").replace("_", " ").split())
        mapped = book.screening_bands.get(key)
        if mapped is None:
            notes.append(f"The screening band {result.band!r} ({result.instrument}) is unknown; not used.")
            continue
        if worst is None or order[mapped] > order[worst]:
            worst = mapped
    return worst


def _severity(values: dict[str, Any], book: RuleBook, screening: str | None) -> tuple[str, list[str]]:
    """The most serious reading any rule or screening result gives; 'mild' when nothing says more or less."""
    order = ORDERS["severity"]
    fired = [r for r in book.severity_rules if fires(r.when, values)]
    if screening is not None:
        best = screening
        because = [f"screening result: {screening}"] if order[screening] > 0 else []
    else:
        best, because = "mild", []
    for rule in fired:
        if order[rule.severity] > order[best]:
            best = rule.severity
    because += [r.because for r in fired if r.severity == best]
    if screening is not None and order[screening] < order[best]:
        because = [b for b in because if not b.startswith("screening")]
    return best, list(dict.fromkeys(because))
