"""The placement engine: an open, explained, ASAM-informed level-of-care suggestion, over plain data.

The rules live in ``rules.yaml`` and the options guide in ``options.yaml``; ``bundle.py`` compiles what the engine
reads from them and from the knowledge base, the screening instruments, the emergency numbers and the bibliography
(each validated and cross-checked by its loader) into ``_place.json``, and a test fails when that file is stale.
:func:`plain_recommend` runs the rules over it with the standard library and answers the recommendation's JSON.

Each fired rule sets a minimum: a dimension rating, a level, a withdrawal-management level, or urgency. The answer is
the least intensive level meeting every minimum, so a single high-risk answer sets the level on its own; dimensions
are never averaged. Drug classes come from the knowledge base, never from a list of names here, and how dangerous
stopping is comes from its one withdrawal table (``knowledge/withdrawal.yaml``), so a new monograph is covered as
soon as it names its classes.

This is the only engine: ``recommend_level`` (``rules.py``: the library, the API, the web and back office, and the
command line's full path) validates the facts with :class:`~recoverynav.placement.Facts`, runs
:func:`plain_recommend` and validates its answer as a :class:`~recoverynav.placement.Recommendation`;
``recoverynav place --facts`` runs it directly on facts :func:`plain_facts` takes, without pydantic or YAML.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from recoverynav.knowledge.bundle import load_names
from recoverynav.knowledge.names import UnknownNameError, resolve_name
from recoverynav.placement.bundle import place_data
from recoverynav.placement.words import RATING_WORDS, SEVERITY_WORDS, WITHDRAWAL_WORDS, language, say
from recoverynav.screening import slug

_CHOICES: dict[str, frozenset[str]] = {
    "withdrawal_symptoms": frozenset({"none", "mild", "moderate", "severe"}),
    "suicidal_thoughts": frozenset({"none", "passive", "active_plan"}),
    "readiness": frozenset({"not_ready", "ambivalent", "ready"}),
    "cravings": frozenset({"none", "mild", "strong"}),
    "home": frozenset({"stable", "others_use", "unsafe", "homeless"}),
}
_BOOLS = (
    "daily_use",
    "history_withdrawal_seizures_or_dts",
    "unstable_medical_condition",
    "pregnant",
    "kidney_disease",
    "intrathecal_pump",
    "co_occurring_mental_health",
    "support_people",
    "in_remission_after_treatment",
)
_INTS = {"ciwa_ar": 67, "cows": 48, "prior_treatment_relapses": 1000}
_RESPONSIBILITIES = frozenset({"work", "school", "children", "caregiving"})
# Facts fields in the model's order (what model_dump gives the rules, without the lists and the place).
_VALUE_FIELDS = (
    "daily_use",
    "daily_dose_mg",
    "withdrawal_symptoms",
    "history_withdrawal_seizures_or_dts",
    "ciwa_ar",
    "cows",
    "unstable_medical_condition",
    "pregnant",
    "kidney_disease",
    "intrathecal_pump",
    "suicidal_thoughts",
    "co_occurring_mental_health",
    "readiness",
    "prior_treatment_relapses",
    "cravings",
    "home",
    "support_people",
    "in_remission_after_treatment",
)
_KNOWN = frozenset({*_VALUE_FIELDS, "substances", "responsibilities", "screening", "near"})
# A pump's emergency leads before medication.
_KIND_ORDER = ("pump", "medication")
# Which answers feed each derived signal, so every reason can name the facts behind it.
DERIVED_FROM: dict[str, tuple[str, ...]] = {
    "sedative_dependence": ("substances", "daily_use", "withdrawal_symptoms"),
    "opioid_dependence": ("substances", "daily_use", "withdrawal_symptoms"),
    "withdrawal_risk": ("substances", "daily_use", "withdrawal_symptoms"),
    "withdrawal_care_substance": ("substances",),
    "withdrawal_not_medical": ("substances", "withdrawal_symptoms"),
    "ciwa_severity": ("ciwa_ar",),
    "cows_severity": ("cows",),
    "renal_risk_substance": ("substances",),
    "dose_above_label": ("daily_dose_mg", "substances"),
    "dose_far_above_label": ("daily_dose_mg", "substances"),
    "lacks_support": ("support_people",),
    "screening_severity": ("screening",),
    "severity": ("daily_use", "withdrawal_symptoms", "cravings", "prior_treatment_relapses", "screening"),
}
# Gablofen patient information and label (drugs-com-gablofen-patient-information, empr-gablofen-monograph, label
# section 5.5): keep every refill, reschedule a missed one before the pump runs out, mind the alarms, the early
# withdrawal signs (spasticity back, itching, low blood pressure, tingling), hospital at once if it may fail (the words
# are in words.py).
PUMP_SOURCES = (
    "drugs-com-gablofen-patient-information",
    "gablofen-label-5-5-withdrawal-medlibrary",
    "empr-gablofen-monograph",
)
# The least-intensive reason's sources.
ENGINE_SOURCES = ("asam-criteria-3rd-edition-page", "improvingmipractices-asam-levels-of-care")


def _plain_name(name: Any) -> bool:
    """A substance name ``Facts`` takes as it is: text of 1-100 printable characters, not all spaces."""
    return isinstance(name, str) and 0 < len(name) <= 100 and name.isprintable() and bool(name.strip())


def plain_facts(raw: Any, place_known: Callable[[str], bool] | None = None) -> dict[str, Any] | None:
    """``Facts.model_validate(raw).model_dump()`` for facts read the same way by any validator, else None.

    None means: let the model decide (an error names the field). Only exact JSON types are taken: ``true`` for a
    yes/no answer, a whole number for a count, one of the listed words, screening results of plain text, and a
    place only when ``place_known`` vouches that the directory's geocoder knows it (the face has a fast look-up).
    """
    if not isinstance(raw, dict) or not set(raw) <= _KNOWN or "substances" not in raw:
        return None
    names = raw["substances"]
    if not isinstance(names, list) or not 1 <= len(names) <= 20 or not all(_plain_name(n) for n in names):
        return None
    facts: dict[str, Any] = dict.fromkeys(_VALUE_FIELDS)
    facts["substances"] = list(dict.fromkeys(n.strip() for n in names))
    for key in _BOOLS:
        value = raw.get(key)
        if value is not None and not isinstance(value, bool):
            return None
        facts[key] = value
    for key, top in _INTS.items():
        value = raw.get(key)
        if value is not None and (type(value) is not int or not 0 <= value <= top):
            return None
        facts[key] = value
    dose = raw.get("daily_dose_mg")
    if dose is not None:
        if type(dose) not in (int, float) or not math.isfinite(dose) or not 0 <= dose <= 100_000:
            return None
        facts["daily_dose_mg"] = float(dose)
    for key, words in _CHOICES.items():
        value = raw.get(key)
        if value is not None and not (isinstance(value, str) and value in words):
            return None
        facts[key] = value
    jobs = raw.get("responsibilities", [])
    if (
        not isinstance(jobs, list)
        or len(jobs) > 4
        or not all(isinstance(j, str) and j in _RESPONSIBILITIES for j in jobs)
    ):
        return None
    facts["responsibilities"] = list(jobs)
    screening = raw.get("screening", [])
    screening = [screening] if isinstance(screening, dict) else screening
    if not isinstance(screening, list) or len(screening) > 20:
        return None
    facts["screening"] = [_plain_score(result) for result in screening]
    if None in facts["screening"]:
        return None
    near = raw.get("near")
    if near is not None and not (isinstance(near, str) and len(near) <= 120):
        return None
    facts["near"] = near.strip() or None if near is not None else None
    if facts["near"] is not None and (place_known is None or not place_known(facts["near"])):
        return None
    return facts


def _plain_score(result: Any) -> dict[str, Any] | None:
    """``ScreeningScore.model_validate(result).model_dump()`` for a plain result (other keys are ignored), else None."""
    if not isinstance(result, dict):
        return None
    instrument, band = result.get("instrument"), result.get("band")
    score, severity = result.get("score"), result.get("severity")
    if not all(isinstance(text, str) and 1 <= len(text) <= 60 for text in (instrument, band)):
        return None
    if score is not None and (type(score) not in (int, float) or not math.isfinite(score)):
        return None
    if severity is not None and severity not in ("none", "mild", "moderate", "severe"):
        return None
    return {
        "instrument": instrument,
        "band": band,
        "score": None if score is None else float(score),
        "severity": severity,
    }


def _holds(data: dict[str, Any], name: str, test: list[Any], value: Any) -> bool:
    """A compiled ``rulebook.Test``: unknown answers (None) never fire a rule: we only raise risk on what the person
    told us."""
    if value is None:
        return False
    kind, expected = test
    if kind == "is":
        return bool(value) is expected
    if kind == "in":
        return value in expected
    orders: dict[str, dict[str, int]] = data["orders"]
    if name in orders:
        order = orders[name]
        return order[str(value)] >= order[str(expected)]
    return float(value) >= float(expected)


def _fires(data: dict[str, Any], when: dict[str, list[Any]], values: dict[str, Any]) -> bool:
    return all(_holds(data, name, test, values.get(name)) for name, test in when.items())


def _join(names: list[str], lang: str) -> str:
    """``a, b and c`` (``a, b y c`` in Spanish)."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + say("and", lang) + names[-1]


def _lookup(name: str) -> tuple[str, bool] | list[str]:
    """``knowledge.lookup`` over the compiled names: (id, corrected), or the suggestions for an unknown name."""
    index, display, misspellings = load_names()
    try:
        match = resolve_name(name, index, display, misspellings)
    except UnknownNameError as exc:
        return list(exc.suggestions)
    return match.id, match.corrected


class Signals:
    """Answers plus derived signals (``values``, what the rules test), words to fill into reasons, notes for the
    person, the dose label's sources, every class of every substance named (the pump's baclofen included), the
    withdrawal-table rows of the substances whose withdrawal is judged with their names (in table order), and the
    names that take the opioid path (a ``treat_with_medication`` row and the opioid class)."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.fill: dict[str, str] = {}
        self.notes: list[str] = []
        self.dose_sources: list[str] = []
        self.named_classes: frozenset[str] = frozenset()
        self.withdrawal_rows: list[tuple[dict[str, Any], list[str]]] = []
        self.opioid_names: frozenset[str] = frozenset()

    def takes_opioid_path(self, names: list[str]) -> bool:
        """Whether a withdrawal row's names include a substance of the opioid class (its guidance is about opioids)."""
        return any(n in self.opioid_names for n in names)


def derive_signals(data: dict[str, Any], facts: dict[str, Any], lang: str) -> Signals:
    """Every signal a rule may test, computed once; the words filled into reasons and the notes in ``lang``."""
    subs = data["substances"]
    settings = data["settings"]
    orders = data["orders"]
    out = Signals()
    notes = out.notes
    unknown: list[str] = []
    found: list[tuple[str, dict[str, Any]]] = []
    for name in facts["substances"]:
        hit = _lookup(name)
        if isinstance(hit, list):
            notes.append(say("note_no_monograph", lang, name=repr(name)))
            unknown.append(name)
            continue
        sid, corrected = hit
        entry = subs[sid]
        shown = entry["es"] if lang != "en" and entry["es"] is not None else entry["generic"]
        if corrected:
            notes.append(say("note_corrected", lang, name=repr(name), generic=shown))
        found.append((shown, entry))
    values = {k: facts[k] for k in _VALUE_FIELDS}
    withdrawal_now = orders["withdrawal_symptoms"].get(facts["withdrawal_symptoms"] or "none", 0) > 0
    uses_regularly = bool(facts["daily_use"]) or withdrawal_now

    # Baclofen from an intrathecal pump is not a drug to come off: its withdrawal is a pump emergency (Gablofen label),
    # handled by the pump rules, never by detox. Every other substance named is judged as usual.
    pump_classes = set(settings["intrathecal_pump_classes"])
    pump_drug = {n for n, s in found if facts["intrathecal_pump"] and pump_classes <= set(s["classes"])}
    if pump_drug:
        notes.append(say("note_pump", lang, names=_join(sorted(pump_drug), lang)))
    judged = [(n, s) for n, s in found if n not in pump_drug]
    table = {row["id"]: row for row in data["withdrawal_rows"]}
    rows: dict[str, tuple[dict[str, Any], list[str]]] = {}
    no_row: list[str] = []
    for name, entry in judged:
        row_id = entry["withdrawal"]
        if row_id is None:
            no_row.append(name)
        elif name not in rows.setdefault(row_id, (table[row_id], []))[1]:
            rows[row_id][1].append(name)

    def with_risk(risk: str) -> list[str]:
        return list(dict.fromkeys(n for row, names in rows.values() if row["stopping_risk"] == risk for n in names))

    # The opioid path (medication for opioid use disorder, an OTP, ACOG's advice in pregnancy) is for substances of
    # the opioid class: its sources are about opioid use disorder. Another row that is best treated with medication
    # (kratom) gives its own advice from the withdrawal table, not the opioid guidance (#11: cite what says it).
    opioid_class = {n for n, s in judged if "opioid" in s["classes"]}
    dangerous = with_risk("dangerous")
    opioids = [n for n in with_risk("treat_with_medication") if n in opioid_class]
    low_risk = with_risk("not_dangerous")
    # No row, or no monograph at all: we cannot say stopping is safe, so symptoms are read the cautious way.
    uncertain = list(dict.fromkeys([*no_row, *unknown]))

    fill = out.fill
    values["dose_above_label"] = values["dose_far_above_label"] = None
    dose = facts["daily_dose_mg"]
    if dose is not None:
        labelled = [(n, s) for n, s in judged if s["label_max"] is not None]
        if labelled:
            name, entry = labelled[0]
            limit = entry["label_max"]
            ratio = dose / limit["value"]
            values["dose_above_label"] = ratio > 1
            values["dose_far_above_label"] = ratio >= settings["far_above_label_factor"]
            out.dose_sources = list(limit["sources"])
            fill.update(
                dose_mg=f"{dose:g}",
                dose_medicine=name,
                label_max=f"{float(limit['value']):g}",
                dose_ratio=f"{ratio:.1f}".rstrip("0").rstrip("."),
            )
        else:
            notes.append(say("note_no_label", lang))

    dependence = list(dangerous)
    if values["dose_above_label"] and fill["dose_medicine"] not in dependence:
        dependence.append(fill["dose_medicine"])
    renal_classes = set(settings["renal_risk_classes"])
    renal = list(dict.fromkeys(n for n, s in found if set(s["classes"]) & renal_classes))
    values["sedative_dependence"] = bool(dependence) and (uses_regularly or bool(values["dose_above_label"]))
    values["opioid_dependence"] = bool(opioids) and uses_regularly
    values["withdrawal_care_substance"] = bool(dangerous or uncertain)
    values["withdrawal_not_medical"] = withdrawal_now and bool(low_risk) and not (dangerous or uncertain or opioids)
    values["renal_risk_substance"] = bool(renal)
    values["lacks_support"] = None if facts["support_people"] is None else not facts["support_people"]
    values["ciwa_severity"] = _band(data, "ciwa-ar", facts["ciwa_ar"])
    values["cows_severity"] = _band(data, "cows", facts["cows"])
    # Withdrawal that may need medical care: a substance whose sudden stop is dangerous (or not known), or a
    # clinician's alcohol-withdrawal score. Opioid, stimulant and cannabis withdrawal alone are not in it (#11).
    values["withdrawal_risk"] = (
        values["sedative_dependence"]
        or (withdrawal_now and values["withdrawal_care_substance"])
        or orders["ciwa_severity"].get(values["ciwa_severity"] or "none", 0) >= orders["ciwa_severity"]["moderate"]
        or bool(values["dose_above_label"])
    )
    fill.update(
        dependence_names=_join(dependence, lang),
        opioid_names=_join(opioids, lang),
        renal_names=_join(renal, lang),
        care_names=_join([*dangerous, *uncertain], lang),
        care_risk=_care_risk(dangerous, uncertain, lang),
        low_risk_names=_join(low_risk, lang),
    )
    # The person's own word for their withdrawal, so a rule that fires for "at least mild" never calls it mild.
    fill["withdrawal"] = WITHDRAWAL_WORDS[lang][facts["withdrawal_symptoms"] or "none"]

    screening = _screening_severity(data, facts, notes, lang)
    values["screening_severity"] = screening
    severity, because = _severity(data, values, screening, lang)
    values["severity"] = severity
    fill.update(
        severity=SEVERITY_WORDS[lang][severity],
        severity_because=_join(because, lang) or say("from_answers", lang),
    )
    out.values = values
    out.named_classes = frozenset(c for _, s in found for c in s["classes"])
    order = [row["id"] for row in data["withdrawal_rows"]]
    out.withdrawal_rows = sorted(rows.values(), key=lambda row_names: order.index(row_names[0]["id"]))
    out.opioid_names = frozenset(opioids)
    return out


def _band(data: dict[str, Any], instrument: str, total: int | None) -> str | None:
    """The screening capability's band for a withdrawal-scale total (CIWA-Ar, COWS), read as its ``severity``, so a
    score falls in the same band on the screening result page and here."""
    if total is None:
        return None
    severity: str = next(s for low, high, s in data["bands"][instrument] if low <= total <= high)
    return severity


def _care_risk(dangerous: list[str], uncertain: list[str], lang: str) -> str:
    """Why symptoms from these substances need medical care, true for each name: a known danger, or an unknown one."""
    parts = []
    if dangerous:
        parts.append(say("care_dangerous", lang, names=_join(dangerous, lang)))
    if uncertain:
        parts.append(say("care_unknown", lang, names=_join(uncertain, lang)))
    return say("care_join", lang).join(parts)


def _instrument(data: dict[str, Any], name: str) -> str | None:
    """``screening.get_instrument``'s id for ``name``, or None when it knows no such instrument."""
    known: dict[str, Any] = data["instruments"]
    key = slug(name)
    if key in known:
        return key
    compact = {k.replace("-", ""): k for k in known}
    return compact.get(key.replace("-", ""))


def _screening_severity(data: dict[str, Any], facts: dict[str, Any], notes: list[str], lang: str) -> str | None:
    """The most serious screening result, read from the screening capability's typed band severity."""
    order = data["orders"]["screening_severity"]
    worst: str | None = None
    for result in facts["screening"]:
        instrument = _instrument(data, result["instrument"])
        named = instrument or result["instrument"].strip().lower()
        if named in data["settings"]["withdrawal_instruments"]:
            notes.append(say("note_withdrawal_scale", lang, instrument=result["instrument"]))
            continue
        band = data["instruments"][instrument].get(slug(result["band"])) if instrument else None
        # A known instrument's own band decides; a severity given alongside is only for instruments we do not know.
        severity = band or (result["severity"] if instrument is None else None)
        if severity is None:
            notes.append(say("note_unknown_band", lang, band=repr(result["band"]), instrument=result["instrument"]))
            continue
        if worst is None or order[severity] > order[worst]:
            worst = severity
    return worst


def _severity(data: dict[str, Any], values: dict[str, Any], screening: str | None, lang: str) -> tuple[str, list[str]]:
    """The most serious reading any rule or screening result gives; 'mild' when nothing says more or less."""
    order = data["orders"]["severity"]
    fired = [r for r in data["severity_rules"] if _fires(data, r["when"], values)]
    best = "mild" if screening is None else screening
    for rule in fired:
        if order[rule["severity"]] > order[best]:
            best = rule["severity"]
    because = []
    # The screening result is a reason only when it reads as serious as the answer given.
    if screening is not None and order[screening] > 0 and order[screening] >= order[best]:
        because.append(say("screening_because", lang, severity=SEVERITY_WORDS[lang][screening]))
    because += [r["because"][lang] for r in fired if r["severity"] == best]
    return best, list(dict.fromkeys(because))


class _Guide:
    """The options guide's look-ups over its compiled form in one language."""

    def __init__(self, guide: dict[str, Any]) -> None:
        self.levels = {lv["id"]: lv for lv in guide["levels"]}
        self.withdrawal_levels = guide["withdrawal_levels"]
        self.wm = {wm["id"]: wm for wm in guide["withdrawal_levels"]}
        self.options = {o["id"]: o for o in guide["options"]}

    def most_intensive(self, ids: list[str]) -> str:
        return max(ids, key=lambda i: self.levels[i]["intensity"])

    def withdrawal_for_setting(self, level_id: str, wm: str | None) -> str | None:
        """Withdrawal is managed where the person is: in a 24-hour setting, use that setting's withdrawal level."""
        if wm is None:
            return None
        rank = self.levels[level_id]["intensity"]
        hosted = [w for w in self.withdrawal_levels if self.levels[w["host"]]["intensity"] <= rank]
        best = max(hosted, key=lambda w: w["intensity"])
        chosen: str = best["id"] if best["intensity"] > self.wm[wm]["intensity"] else wm
        return chosen


def _reason(rule: dict[str, Any], signals: Signals, fill: dict[str, str], lang: str) -> dict[str, Any]:
    """Which answers raised which dimension or level, in words, with the sources behind the rule."""
    sources = list(rule["sources"])
    if any(k.startswith("dose_") for k in rule["when"]):
        # The label that sets the maximum is the source for "above the label maximum".
        sources += signals.dose_sources
    cite = rule["cite_withdrawal"]
    if cite:
        # The withdrawal-table rows of the substances named, and only those (#11).
        # A `treat_with_medication` rule speaks of opioids, so it cites only rows naming an opioid (not kratom's).
        sources += [
            s
            for row, names in signals.withdrawal_rows
            if row["stopping_risk"] == cite and (cite != "treat_with_medication" or signals.takes_opioid_path(names))
            for s in row["sources"]
        ]
    sources += [s for cls, ids in rule["class_sources"].items() if cls in signals.named_classes for s in ids]
    facts_behind: list[str] = []
    for key in rule["when"]:
        facts_behind.extend(DERIVED_FROM.get(key, (key,)))
    return {
        "rule": rule["id"],
        "dimension": rule["dimension"],
        "rating": rule["rating"],
        "text": " ".join(rule["reason"][lang].format(**fill).split()),
        "facts": list(dict.fromkeys(facts_behind)),
        "sources": list(dict.fromkeys(sources)),
    }


def _next_steps(
    guide: _Guide,
    facts: dict[str, Any],
    signals: Signals,
    option: str,
    option_title: str,
    urgent: dict[str, Any] | None,
    lang: str,
) -> tuple[list[str], list[str]]:
    """The steps, in order and without repeats, and the source ids behind the steps that come from data.

    Order matters for safety: the emergency first, then a baclofen pump's advice, then medication where it is
    recommended over withdrawal, and only then the treatment option. Withdrawal advice comes only from the table rows
    of the substances actually named. ``guide`` is the options guide in ``lang``, as are the steps written here.
    """
    values = signals.values
    steps: list[str] = []
    sources: list[str] = []
    if urgent:
        numbers = say("or", lang).join(f"{c['name']} ({c['number']})" for c in urgent["contacts"])
        steps.append(say("emergency_step", lang, numbers=numbers))
    if facts["intrathecal_pump"]:
        steps += [say("pump_refill", lang), say("pump_alarm", lang)]
        sources += PUMP_SOURCES
    medication_first = bool(facts["pregnant"] and values.get("opioid_dependence"))
    if medication_first:
        # ACOG Committee Opinion 711 and TIP 63 (cited by the pregnant-opioids rule): medication, not withdrawal.
        steps.append(say("medication_step", lang))
    withdrawal_now = (facts["withdrawal_symptoms"] or "none") != "none"
    advised_stop = False
    for row, names in signals.withdrawal_rows:
        opioid_row = signals.takes_opioid_path(names)
        risk = row["stopping_risk"]
        if risk == "dangerous":
            applies = bool(values.get("sedative_dependence"))
        elif risk == "treat_with_medication":
            # An opioid's row joins the opioid guidance; another row best treated with medication (kratom) is the
            # only advice about its withdrawal, so it is given whenever that withdrawal is in question.
            applies = (
                (bool(values.get("opioid_dependence")) and not medication_first)
                if opioid_row
                else bool(facts["daily_use"]) or withdrawal_now
            )
        else:
            applies = bool(facts["daily_use"]) or withdrawal_now
        if applies:
            steps.append(say("row_step", lang, names=_join(names, lang), advice=row["advice"][lang]))
            sources += row["sources"]
            advised_stop = advised_stop or risk == "dangerous"
    if values.get("opioid_dependence"):
        # Tolerance falls after withdrawal (psu-e2i-overdose-transition-periods, cited by the opioid-dependence rule).
        steps.append(say("tolerance_step", lang))
    if urgent:
        steps.append(say("after_emergency", lang, option=option_title))
    else:
        if option == "detox" and not advised_stop:
            steps.append(say("detox_step", lang))
        steps += guide.options[option]["next_steps"]
    jobs = set(facts["responsibilities"])
    if jobs & {"work", "school"} and option == "outpatient":
        steps.append(say("evening_step", lang))
    if jobs & {"children", "caregiving"} and option in {"detox", "inpatient", "residential"}:
        steps.append(say("childcare_step", lang))
    if facts["co_occurring_mental_health"] or values.get("suicidal_thoughts") in {"passive", "active_plan"}:
        steps.append(say("co_occurring_step", lang))
    if facts["pregnant"]:
        steps.append(say("pregnant_step", lang))
    steps.append(say("clinician_step", lang))
    return list(dict.fromkeys(steps)), list(dict.fromkeys(sources))


def _headline(
    fired: list[dict[str, Any]],
    reasons: list[dict[str, Any]],
    urgent: dict[str, Any] | None,
    option_title: str,
    level: str,
    level_name: str,
    lang: str,
) -> dict[str, Any]:
    """What every face shows first: a crisis; else the first fired rule marked as a headline (pump before
    medication); else the treatment option."""
    by_rule = {r["rule"]: r for r in reasons}
    if urgent is not None:
        leading = [by_rule[r["id"]] for r in fired if r["urgent"]]
        numbers = say("or", lang).join(c["number"] for c in urgent["contacts"])
        return {
            "kind": "crisis",
            "title": say("crisis_title", lang, numbers=numbers),
            "text": " ".join(r["text"] for r in leading),
            "sources": list(dict.fromkeys(s for r in leading for s in r["sources"])),
        }
    marked = sorted((r for r in fired if r["headline"]), key=lambda r: _KIND_ORDER.index(r["headline"]["kind"]))
    if marked:
        rule = marked[0]
        return {
            "kind": rule["headline"]["kind"],
            "title": rule["headline"]["title"][lang] or rule["headline"]["title"]["en"],
            "text": by_rule[rule["id"]]["text"],
            "sources": list(by_rule[rule["id"]]["sources"]),
        }
    text = say("treatment_text", lang, level=level, level_name=level_name)
    return {"kind": "treatment", "title": option_title, "text": text, "sources": []}


def _query(codes: list[str] = (), medication: str | None = None, near: str | None = None) -> dict[str, Any]:  # type: ignore[assignment]
    """A facility-finder search (a ``FinderQuery``) as its JSON."""
    return {"codes": list(codes), "medication": medication, "near": near, "payment": None, "radius_miles": None}


def plain_recommend(facts: dict[str, Any], country: str = "US", lang: str = "en") -> dict[str, Any]:
    """The recommendation for ``facts`` (``Facts.model_dump()``, or :func:`plain_facts`' answer) as its JSON.

    ``lang`` ("en" or "es") is the language of the words: reasons, steps, notes, headline, option title and ratings.
    Levels, codes, sources and ASAM's own level and dimension names are the same in every language. Raises KeyError
    for a country the compiled numbers lack (``recommend_level`` names it).
    """
    lang = language(lang)
    data = place_data()
    guide = _Guide(data["guide"][lang])
    contacts = data["contacts"][country.strip().upper()]
    signals = derive_signals(data, facts, lang)
    fill = {**signals.fill, "emergency_number": contacts["emergency_number"]}
    values = signals.values
    fired = [r for r in data["rules"] if _fires(data, r["when"], values)]

    ratings = dict.fromkeys(range(1, 7), 0)
    for rule in fired:
        if rule["dimension"] is not None and rule["rating"] is not None:
            ratings[rule["dimension"]] = max(ratings[rule["dimension"]], rule["rating"])

    # No disorder signs at all (a clean screen, nothing else) is early intervention; otherwise outpatient.
    baseline = "0.5" if values["severity"] == "none" else "1"
    treatment = guide.most_intensive([baseline, *(r["level"] for r in fired if r["level"])])
    wm_ids = [r["withdrawal_management"] for r in fired if r["withdrawal_management"]]
    wm = max(wm_ids, key=lambda w: guide.wm[w]["intensity"]) if wm_ids else None
    level = treatment
    if wm is not None:
        level = guide.most_intensive([treatment, guide.wm[wm]["host"]])
    wm = guide.withdrawal_for_setting(level, wm)

    ordered = sorted(fired, key=lambda r: (not r["urgent"], r["dimension"] or 7))
    reasons = [_reason(r, signals, fill, lang) for r in ordered]
    if wm is not None and level != treatment:
        host = guide.levels[level]
        # "within level 2.1 (Intensive Outpatient Services)": no article to get wrong before a vowel.
        text = say("withdrawal_setting", lang, wm=wm, level=level, host=host["name"], setting=guide.wm[wm]["setting"])
        reasons.append(
            {
                "rule": "withdrawal-setting",
                "dimension": 1,
                "rating": ratings[1],
                "text": text,
                "facts": ["substances", "daily_use", "withdrawal_symptoms"],
                "sources": list(guide.wm[wm]["sources"]),
            }
        )
    if wm is None and treatment == baseline:
        reasons.append(
            {
                "rule": "least-intensive",
                "dimension": None,
                "rating": None,
                "text": say("least_intensive", lang),
                "facts": [],
                "sources": list(ENGINE_SOURCES),
            }
        )

    remission = any(r["id"] == "remission-after-treatment" for r in fired)
    if wm is not None:
        option = "detox"
    elif remission and guide.levels[level]["intensity"] <= guide.levels["1"]["intensity"]:
        option = "aftercare"
    else:
        option = guide.levels[level]["option"]

    urgent = None
    if any(r["urgent"] for r in fired):
        # The crisis lines (988) join the emergency number only for a mental-health emergency (an urgent rule of
        # dimension 3, e.g. a suicide plan). A failing baclofen pump or severe withdrawal is a medical emergency: the
        # reasons say "go to an emergency department or call 911", and the headline must not offer a talk line
        # as the alternative.
        crisis = contacts["crisis_lines"] if any(r["urgent"] and r["dimension"] == 3 for r in fired) else []
        lines = [contacts["emergency_number"]] + [c["number"] for c in crisis]
        people = [
            {"name": say("emergency", lang), "number": contacts["emergency_number"], "tel": contacts["emergency_tel"]}
        ]
        people += [{"name": c["name"][lang], "number": c["number"], "tel": c["tel"]} for c in crisis]
        urgent = {"message": say("urgent_message", lang, numbers=say("or", lang).join(lines)), "contacts": people}

    codes = list(guide.wm[wm]["facility_codes"] if wm else guide.levels[level]["facility_codes"])
    if option == "aftercare":
        codes = list(guide.options["aftercare"]["facility_codes"])
    if facts["co_occurring_mental_health"] or ratings[3] >= 2:
        codes.append("CO")
    if facts["pregnant"]:
        codes.append("PW")
    codes = list(dict.fromkeys(codes))

    option_title = guide.options[option]["title"]
    steps, step_sources = _next_steps(guide, facts, signals, option, option_title, urgent, lang)
    headline = _headline(fired, reasons, urgent, option_title, level, guide.levels[level]["name"], lang)
    source_ids = [*headline["sources"], *(s for r in reasons for s in r["sources"]), *step_sources]
    source_ids += list(guide.levels[level]["sources"]) + list(guide.options[option]["sources"])
    if wm:
        source_ids += list(guide.wm[wm]["sources"])
    numbers: dict[str, int] = {}
    for ref_id in source_ids:
        numbers.setdefault(ref_id, len(numbers) + 1)
    references = data["references"]
    medication_links = []
    # For opioid dependence, finder searches by medication (buprenorphine, methadone): the directory's own.
    if values.get("opioid_dependence"):
        medication_links = [
            {"label": label, "query": _query(medication=med, near=facts["near"])}
            for label, med in data["medication_finders"]
        ]
    # The names no monograph lists, once each, with similar names for the person to confirm ("did you mean …?"); a
    # similar name never feeds a rule, it is only offered.
    unknown: dict[str, dict[str, Any]] = {}
    for name in facts["substances"]:
        hit = _lookup(name)
        if isinstance(hit, list):
            unknown.setdefault(name, {"name": name, "suggestions": hit})
    return {
        "disclaimer": say("disclaimer", lang),
        "headline": headline,
        "urgent": urgent,
        "level": level,
        "level_name": guide.levels[level]["name"],
        "level_name_4th": guide.levels[level]["name_4th"],
        "withdrawal_management": wm,
        "withdrawal_management_name": guide.wm[wm]["name"] if wm else None,
        "after_withdrawal_level": treatment if wm else None,
        "option": option,
        "option_title": option_title,
        "dimension_ratings": [
            {
                "dimension": d["number"],
                "name": d["name"],
                "plain": d["plain_es"] if lang == "es" else d["plain"],
                "rating": r,
                "label": RATING_WORDS[lang][r],
            }
            for d, r in zip(data["dimensions"], ratings.values(), strict=True)
        ],
        "reasons": reasons,
        "next_steps": steps,
        "facility_codes": codes,
        "finder_query": _query(codes, near=facts["near"]),
        "medication_finder_links": medication_links,
        "notes": signals.notes,
        "unknown": list(unknown.values()),
        "sources": [{"n": n, **references[ref_id]} for ref_id, n in numbers.items()],
    }
