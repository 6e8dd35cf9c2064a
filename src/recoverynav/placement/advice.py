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

# Gablofen patient information and label (drugs-com-gablofen-patient-information, empr-gablofen-monograph, label
# section 5.5): keep every refill, reschedule a missed one before the pump runs out, mind the alarms, the early
# withdrawal signs (spasticity back, itching, low blood pressure, tingling), hospital at once if it may fail.
_PUMP_STEPS = (
    "Keep every pump refill appointment. If you miss one, call your pump doctor at once to reschedule before the pump "
    "runs out.",
    "If the pump alarm sounds, or spasticity comes back with itching, tingling or feeling faint (low blood pressure), "
    "call your pump team now; if the pump may have failed, go to a hospital now.",
)
_PUMP_SOURCES = (
    "drugs-com-gablofen-patient-information",
    "gablofen-label-5-5-withdrawal-medlibrary",
    "empr-gablofen-monograph",
)
_KIND_ORDER = ("pump", "medication")


def choose_headline(
    fired: list[Rule], reasons: list[Reason], urgent: Urgent | None, option_title: str, level: str, level_name: str
) -> Headline:
    """A crisis first; else the first fired rule marked as a headline (pump before medication); else the option."""
    by_rule = {r.rule: r for r in reasons}
    if urgent is not None:
        leading = [by_rule[r.id] for r in fired if r.urgent]
        numbers = " or ".join(c.number for c in urgent.contacts)
        return Headline(
            kind="crisis",
            title=f"Get help now: call {numbers}",
            text=" ".join(r.text for r in leading),
            sources=list(dict.fromkeys(s for r in leading for s in r.sources)),
        )
    marked = sorted((r for r in fired if r.headline), key=lambda r: _KIND_ORDER.index(r.headline.kind))  # type: ignore[union-attr]
    if marked:
        rule = marked[0]
        assert rule.headline is not None
        return Headline(
            kind=rule.headline.kind,
            title=rule.headline.title,
            text=by_rule[rule.id].text,
            sources=list(by_rule[rule.id].sources),
        )
    return Headline(kind="treatment", title=option_title, text=f"Suggested level of care: {level} {level_name}.")


def next_steps(
    guide: Guide, facts: Facts, signals: Signals, option: str, option_title: str, urgent: Urgent | None
) -> tuple[list[str], list[str]]:
    """The steps, in order and without repeats, and the source ids behind the steps that come from data."""
    values = signals.values
    steps: list[str] = []
    sources: list[str] = []
    if urgent:
        numbers = " or ".join(f"{c.name} ({c.number})" for c in urgent.contacts)
        steps.append(f"Now: get emergency help first. Call {numbers}.")
    if facts.intrathecal_pump:
        steps += _PUMP_STEPS
        sources += _PUMP_SOURCES
    medication_first = bool(facts.pregnant and values.get("opioid_dependence"))
    if medication_first:
        # ACOG Committee Opinion 711 and TIP 63 (cited by the pregnant-opioids rule): medication, not withdrawal.
        steps.append(
            "Ask for medication for opioid use disorder (buprenorphine or methadone) now: in pregnancy it is "
            "recommended rather than withdrawal. Use the medication links to find a prescriber or a programme."
        )
    withdrawal_now = (facts.withdrawal_symptoms or "none") != "none"
    advised_stop = False
    for row, names in signals.withdrawal_rows:
        applies = {
            "dangerous": bool(values.get("sedative_dependence")),
            "treat_with_medication": bool(values.get("opioid_dependence")) and not medication_first,
            "not_dangerous": bool(facts.daily_use) or withdrawal_now,
        }[row.stopping_risk]
        if applies:
            steps.append(f"{join_names(names)}: {row.advice}")
            sources += row.sources
            advised_stop = advised_stop or row.stopping_risk == "dangerous"
    if values.get("opioid_dependence"):
        # Tolerance falls after withdrawal (psu-e2i-overdose-transition-periods, cited by the opioid-dependence rule).
        steps.append(
            "After even a few days without opioids your body loses its tolerance: your old amount could kill you. "
            "Keep naloxone (Narcan) with you and do not use alone."
        )
    if urgent:
        steps.append(
            f"When the emergency is over, ask the team that helped you to arrange what comes next ({option_title})."
        )
    else:
        if option == "detox" and not advised_stop:
            steps.append("Do not stop suddenly on your own: ask a doctor, the helpline or a detox service to plan it.")
        steps += guide.option(option).next_steps
    jobs = set(facts.responsibilities)
    if jobs & {"work", "school"} and option == "outpatient":
        steps.append("Ask for evening or weekend sessions so you can keep working or studying.")
    if jobs & {"children", "caregiving"} and option in {"detox", "inpatient", "residential"}:
        steps.append("Ask about help with childcare or caregiving; some residential programmes have beds for children.")
    if facts.co_occurring_mental_health or values.get("suicidal_thoughts") in {"passive", "active_plan"}:
        steps.append("Ask for co-occurring care: one team for both mental health and substance use.")
    if facts.pregnant:
        steps.append("Tell the programme you are pregnant and ask how they work with your prenatal care.")
    steps.append("This is a suggestion: a clinician confirms the right level with a full assessment. Bring this page.")
    return list(dict.fromkeys(steps)), list(dict.fromkeys(sources))
