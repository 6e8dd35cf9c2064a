"""From the person's answers to the signals the rules test: which drug classes, how far above the label, how serious.

Drug classes come from the knowledge base (``recoverynav.knowledge``), never from a list of names here, and how
dangerous stopping is comes from its one withdrawal table (``knowledge/withdrawal.yaml``), so a new monograph is
covered as soon as it names its classes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from recoverynav.knowledge import Substance, UnknownNameError, WithdrawalRisk, lookup, withdrawal_for
from recoverynav.placement.models import Facts, Severity
from recoverynav.placement.rulebook import ORDERS, PlacementRules, fires
from recoverynav.placement.words import SEVERITY_WORDS, WITHDRAWAL_WORDS, language, say


@dataclass
class Signals:
    """Answers plus derived signals, words to fill into reasons, and notes for the person."""

    values: dict[str, Any]
    fill: dict[str, str]
    notes: list[str] = field(default_factory=list)
    dose_sources: tuple[str, ...] = ()
    substances: list[Substance] = field(default_factory=list)
    # Every class of every substance named (the pump's baclofen included).
    named_classes: frozenset[str] = frozenset()
    # The withdrawal-table rows of the substances whose withdrawal is judged, with their names, in table order.
    withdrawal_rows: list[tuple[WithdrawalRisk, list[str]]] = field(default_factory=list)
    # The names that take the opioid path (a `treat_with_medication` row and the opioid class).
    opioid_names: frozenset[str] = frozenset()

    def takes_opioid_path(self, names: list[str]) -> bool:
        """Whether a withdrawal row's names include a substance of the opioid class (its guidance is about opioids)."""
        return any(n in self.opioid_names for n in names)


def join_names(names: list[str], lang: str = "en") -> str:
    """``a, b and c`` (``a, b y c`` in Spanish)."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + say("and", lang) + names[-1]


def _resolve(facts: Facts, notes: list[str], unknown: list[str], lang: str) -> list[tuple[str, Substance]]:
    found: list[tuple[str, Substance]] = []
    for name in facts.substances:
        try:
            hit = lookup(name)
        except UnknownNameError:
            notes.append(say("note_no_monograph", lang, name=repr(name)))
            unknown.append(name)
            continue
        shown = _name_in(hit.substance, lang)
        if hit.corrected:
            notes.append(say("note_corrected", lang, name=repr(name), generic=shown))
        found.append((shown, hit.substance))
    return found


def _name_in(substance: Substance, lang: str) -> str:
    """The substance's name in ``lang``: its translated monograph's name ("heroína"), else the generic name."""
    if lang != "en":
        from recoverynav.knowledge import load_catalog

        translation = load_catalog().translations.get(lang, {}).get(substance.id)
        if translation is not None:
            return translation.name
    return substance.names.generic


def _band_severity(instrument_id: str, total: int | None) -> Severity | None:
    """The screening capability's band for a withdrawal-scale total, read as its ``severity``."""
    if total is None:
        return None
    from recoverynav.screening import get_instrument

    band = next(b for b in get_instrument(instrument_id).bands if b.min <= total <= b.max)
    return band.severity


def derive_signals(facts: Facts, book: PlacementRules, lang: str = "en") -> Signals:
    """Every signal a rule may test, computed once; the words filled into reasons and the notes in ``lang``."""
    lang = language(lang)
    notes: list[str] = []
    unknown: list[str] = []
    found = _resolve(facts, notes, unknown, lang)
    values: dict[str, Any] = facts.model_dump(exclude={"substances", "responsibilities", "screening", "near"})
    settings = book.settings
    withdrawal_now = ORDERS["withdrawal_symptoms"].get(facts.withdrawal_symptoms or "none", 0) > 0
    uses_regularly = bool(facts.daily_use) or withdrawal_now

    # Baclofen from an intrathecal pump is not a drug to come off: its withdrawal is a pump emergency (Gablofen label),
    # handled by the pump rules, never by detox. Every other substance named is judged as usual.
    pump_classes = set(settings.intrathecal_pump_classes)
    pump_drug = {n for n, s in found if facts.intrathecal_pump and pump_classes <= set(s.classes)}
    if pump_drug:
        notes.append(say("note_pump", lang, names=join_names(sorted(pump_drug), lang)))
    judged = [(n, s) for n, s in found if n not in pump_drug]
    rows: dict[str, tuple[WithdrawalRisk, list[str]]] = {}
    no_row: list[str] = []
    for name, substance in judged:
        row = withdrawal_for(substance)
        if row is None:
            no_row.append(name)
        elif name not in rows.setdefault(row.id, (row, []))[1]:
            rows[row.id][1].append(name)

    def with_risk(risk: str) -> list[str]:
        return list(dict.fromkeys(n for row, names in rows.values() if row.stopping_risk == risk for n in names))

    # The opioid path (medication for opioid use disorder, an OTP, ACOG's advice in pregnancy) is for substances of
    # the opioid class: its sources are about opioid use disorder. Another row that is best treated with medication
    # (kratom) gives its own advice from the withdrawal table, not the opioid guidance (#11: cite what says it).
    opioid_class = {n for n, s in judged if "opioid" in s.classes}
    dangerous, opioids, low_risk = (
        with_risk("dangerous"),
        [n for n in with_risk("treat_with_medication") if n in opioid_class],
        with_risk("not_dangerous"),
    )
    # No row, or no monograph at all: we cannot say stopping is safe, so symptoms are read the cautious way.
    uncertain = list(dict.fromkeys([*no_row, *unknown]))

    fill: dict[str, str] = {}
    dose_sources: tuple[str, ...] = ()
    values["dose_above_label"] = values["dose_far_above_label"] = None
    if facts.daily_dose_mg is not None:
        labelled = [(n, s) for n, s in judged if s.label_max_daily_dose is not None]
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
            notes.append(say("note_no_label", lang))

    dependence = list(dangerous)
    if values["dose_above_label"] and fill["dose_medicine"] not in dependence:
        dependence.append(fill["dose_medicine"])
    renal = list(dict.fromkeys(n for n, s in found if set(s.classes) & set(settings.renal_risk_classes)))
    values["sedative_dependence"] = bool(dependence) and (uses_regularly or bool(values["dose_above_label"]))
    values["opioid_dependence"] = bool(opioids) and uses_regularly
    values["withdrawal_care_substance"] = bool(dangerous or uncertain)
    values["withdrawal_not_medical"] = withdrawal_now and bool(low_risk) and not (dangerous or uncertain or opioids)
    values["renal_risk_substance"] = bool(renal)
    values["lacks_support"] = None if facts.support_people is None else not facts.support_people
    values["ciwa_severity"] = _band_severity("ciwa-ar", facts.ciwa_ar)
    values["cows_severity"] = _band_severity("cows", facts.cows)
    # Withdrawal that may need medical care: a substance whose sudden stop is dangerous (or not known), or a
    # clinician's alcohol-withdrawal score. Opioid, stimulant and cannabis withdrawal alone are not in it (#11).
    values["withdrawal_risk"] = (
        values["sedative_dependence"]
        or (withdrawal_now and values["withdrawal_care_substance"])
        or ORDERS["ciwa_severity"].get(values["ciwa_severity"] or "none", 0) >= ORDERS["ciwa_severity"]["moderate"]
        or bool(values["dose_above_label"])
    )
    fill.update(
        dependence_names=join_names(dependence, lang),
        opioid_names=join_names(opioids, lang),
        renal_names=join_names(renal, lang),
        care_names=join_names([*dangerous, *uncertain], lang),
        care_risk=_care_risk(dangerous, uncertain, lang),
        low_risk_names=join_names(low_risk, lang),
    )
    # The person's own word for their withdrawal, so a rule that fires for "at least mild" never calls it mild.
    fill["withdrawal"] = WITHDRAWAL_WORDS[lang][facts.withdrawal_symptoms or "none"]

    screening = _screening_severity(facts, book, notes, lang)
    values["screening_severity"] = screening
    severity, because = _severity(values, book, screening, lang)
    values["severity"] = severity
    fill.update(
        severity=SEVERITY_WORDS[lang][severity],
        severity_because=join_names(because, lang) or say("from_answers", lang),
    )
    return Signals(
        values,
        fill,
        notes,
        dose_sources,
        [s for _, s in found],
        frozenset(c for _, s in found for c in s.classes),
        sorted(rows.values(), key=lambda row_names: _table_order(row_names[0])),
        frozenset(opioids),
    )


def _care_risk(dangerous: list[str], uncertain: list[str], lang: str = "en") -> str:
    """Why symptoms from these substances need medical care, true for each name: a known danger, or an unknown one."""
    parts = []
    if dangerous:
        parts.append(say("care_dangerous", lang, names=join_names(dangerous, lang)))
    if uncertain:
        parts.append(say("care_unknown", lang, names=join_names(uncertain, lang)))
    return say("care_join", lang).join(parts)


def _table_order(row: WithdrawalRisk) -> int:
    from recoverynav.knowledge import withdrawal_table

    return withdrawal_table().rows.index(row)


def _screening_severity(facts: Facts, book: PlacementRules, notes: list[str], lang: str = "en") -> Severity | None:
    """The most serious screening result, read from the screening capability's typed band severity."""
    from recoverynav.screening import UnknownInstrumentError, get_instrument

    order = ORDERS["screening_severity"]
    worst: Severity | None = None
    withdrawal_scales = book.settings.withdrawal_instruments
    for result in facts.screening:
        try:
            instrument = get_instrument(result.instrument)
        except UnknownInstrumentError:
            instrument = None
        named = instrument.id if instrument else result.instrument.strip().lower()
        if named in withdrawal_scales:
            notes.append(say("note_withdrawal_scale", lang, instrument=result.instrument))
            continue
        band = instrument.find_band(result.band) if instrument else None
        # A known instrument's own band decides; a severity given alongside is only for instruments we do not know.
        severity = band.severity if band else (result.severity if instrument is None else None)
        if severity is None:
            notes.append(say("note_unknown_band", lang, band=repr(result.band), instrument=result.instrument))
            continue
        if worst is None or order[severity] > order[worst]:
            worst = severity
    return worst


def _severity(
    values: dict[str, Any], book: PlacementRules, screening: Severity | None, lang: str = "en"
) -> tuple[Severity, list[str]]:
    """The most serious reading any rule or screening result gives; 'mild' when nothing says more or less.

    The reasons ("because") are in ``lang``.
    """
    order = ORDERS["severity"]
    fired = [r for r in book.severity_rules if fires(r.when, values)]
    best: Severity = "mild" if screening is None else screening
    for rule in fired:
        if order[rule.severity] > order[best]:
            best = rule.severity
    because = []
    # The screening result is a reason only when it reads as serious as the answer given.
    if screening is not None and order[screening] > 0 and order[screening] >= order[best]:
        because.append(say("screening_because", lang, severity=SEVERITY_WORDS[lang][screening]))
    because += [r.because_es if lang == "es" else r.because for r in fired if r.severity == best]
    return best, list(dict.fromkeys(because))
