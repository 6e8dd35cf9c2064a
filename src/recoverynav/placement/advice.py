"""What leads the answer (:class:`Headline`) and what to do next, from the fired rules and the withdrawal table.

Order matters for safety: a crisis leads (988 / the emergency number first), then a baclofen pump's emergency advice,
then medication where it is recommended over withdrawal, and only then the treatment option. No step is repeated,
and withdrawal advice comes only from the table rows of the substances actually named.
"""

from __future__ import annotations

from recoverynav.placement.guide import Guide
from recoverynav.placement.models import Facts, Headline, Reason, Urgent
from recoverynav.placement.rulebook import Rule
from recoverynav.placement.signals import Signals, join_names
from recoverynav.placement.words import language, say

# Gablofen patient information and label (drugs-com-gablofen-patient-information, empr-gablofen-monograph, label
# section 5.5): keep every refill, reschedule a missed one before the pump runs out, mind the alarms, the early
# withdrawal signs (spasticity back, itching, low blood pressure, tingling), hospital at once if it may fail (the words
# are in words.py).
_PUMP_STEPS = ("pump_refill", "pump_alarm")
_PUMP_SOURCES = (
    "drugs-com-gablofen-patient-information",
    "gablofen-label-5-5-withdrawal-medlibrary",
    "empr-gablofen-monograph",
)
_KIND_ORDER = ("pump", "medication")


def choose_headline(
    fired: list[Rule],
    reasons: list[Reason],
    urgent: Urgent | None,
    option_title: str,
    level: str,
    level_name: str,
    lang: str = "en",
) -> Headline:
    """A crisis first; else the first fired rule marked as a headline (pump before medication); else the option."""
    by_rule = {r.rule: r for r in reasons}
    if urgent is not None:
        leading = [by_rule[r.id] for r in fired if r.urgent]
        numbers = say("or", lang).join(c.number for c in urgent.contacts)
        return Headline(
            kind="crisis",
            title=say("crisis_title", lang, numbers=numbers),
            text=" ".join(r.text for r in leading),
            sources=list(dict.fromkeys(s for r in leading for s in r.sources)),
        )
    marked = sorted((r for r in fired if r.headline), key=lambda r: _KIND_ORDER.index(r.headline.kind))  # type: ignore[union-attr]
    if marked:
        rule = marked[0]
        assert rule.headline is not None
        return Headline(
            kind=rule.headline.kind,
            title=rule.title_in(lang) or rule.headline.title,
            text=by_rule[rule.id].text,
            sources=list(by_rule[rule.id].sources),
        )
    text = say("treatment_text", lang, level=level, level_name=level_name)
    return Headline(kind="treatment", title=option_title, text=text)


def next_steps(
    guide: Guide,
    facts: Facts,
    signals: Signals,
    option: str,
    option_title: str,
    urgent: Urgent | None,
    lang: str = "en",
) -> tuple[list[str], list[str]]:
    """The steps, in order and without repeats, and the source ids behind the steps that come from data.

    ``guide`` is the options guide in ``lang`` (its next steps are drawn from it), as are the steps written here.
    """
    lang = language(lang)
    values = signals.values
    steps: list[str] = []
    sources: list[str] = []
    if urgent:
        numbers = say("or", lang).join(f"{c.name} ({c.number})" for c in urgent.contacts)
        steps.append(say("emergency_step", lang, numbers=numbers))
    if facts.intrathecal_pump:
        steps += [say(key, lang) for key in _PUMP_STEPS]
        sources += _PUMP_SOURCES
    medication_first = bool(facts.pregnant and values.get("opioid_dependence"))
    if medication_first:
        # ACOG Committee Opinion 711 and TIP 63 (cited by the pregnant-opioids rule): medication, not withdrawal.
        steps.append(say("medication_step", lang))
    withdrawal_now = (facts.withdrawal_symptoms or "none") != "none"
    advised_stop = False
    for row, names in signals.withdrawal_rows:
        opioid_row = signals.takes_opioid_path(names)
        applies = {
            "dangerous": bool(values.get("sedative_dependence")),
            # An opioid's row joins the opioid guidance; another row best treated with medication (kratom) is the
            # only advice about its withdrawal, so it is given whenever that withdrawal is in question.
            "treat_with_medication": (
                (bool(values.get("opioid_dependence")) and not medication_first)
                if opioid_row
                else bool(facts.daily_use) or withdrawal_now
            ),
            "not_dangerous": bool(facts.daily_use) or withdrawal_now,
        }[row.stopping_risk]
        if applies:
            advice = row.es.advice if lang == "es" else row.advice
            steps.append(say("row_step", lang, names=join_names(names, lang), advice=advice))
            sources += row.sources
            advised_stop = advised_stop or row.stopping_risk == "dangerous"
    if values.get("opioid_dependence"):
        # Tolerance falls after withdrawal (psu-e2i-overdose-transition-periods, cited by the opioid-dependence rule).
        steps.append(say("tolerance_step", lang))
    if urgent:
        steps.append(say("after_emergency", lang, option=option_title))
    else:
        if option == "detox" and not advised_stop:
            steps.append(say("detox_step", lang))
        steps += guide.option(option).next_steps
    jobs = set(facts.responsibilities)
    if jobs & {"work", "school"} and option == "outpatient":
        steps.append(say("evening_step", lang))
    if jobs & {"children", "caregiving"} and option in {"detox", "inpatient", "residential"}:
        steps.append(say("childcare_step", lang))
    if facts.co_occurring_mental_health or values.get("suicidal_thoughts") in {"passive", "active_plan"}:
        steps.append(say("co_occurring_step", lang))
    if facts.pregnant:
        steps.append(say("pregnant_step", lang))
    steps.append(say("clinician_step", lang))
    return list(dict.fromkeys(steps)), list(dict.fromkeys(sources))
