"""#11: the suggestion never repeats a next step, and a finding only cites class-specific sources for classes named.

``CLASS_SPECIFIC`` is written from the bibliography by hand (what each source is about), not read from the rules, so
the test can catch a rule that cites, say, the benzodiazepine boxed warning when no benzodiazepine was named.
"""

from __future__ import annotations

import contextlib
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from recoverynav.knowledge import UnknownNameError, lookup
from recoverynav.placement import Facts, recommend_level

# source id -> the classes it speaks about; a finding may cite it only when one of them was named.
CLASS_SPECIFIC: dict[str, set[str]] = {
    "fda-dsc-2020-09-23-benzodiazepine-boxed-warning": {"benzodiazepine"},
    "brunner-2025-benzodiazepine-tapering-guideline": {"benzodiazepine"},
    "wikem-sedative-hypnotic-withdrawal": {"benzodiazepine", "barbiturate", "z_drug", "sedative_hypnotic"},
    "dailymed-baclofen-tablet-b4f2f888": {"gaba_b_agonist"},
    "dailymed-baclofen-tablet-69d0027a": {"gaba_b_agonist"},
    "franchitto-2018-baclofen-self-poisoning": {"gaba_b_agonist"},
    "crpv-nancy-2017-ansm-baclofen-80mg": {"gaba_b_agonist"},
    "merck-manual-professional-ghb": {"gaba_b_agonist"},
    "lyrica-label-discontinuation-quoted": {"gabapentinoid"},
    "samhsa-tip-63-moud": {"opioid"},
    "acog-co-711-opioid-use-pregnancy": {"opioid"},
    "elsevier-clinical-overview-opioid-withdrawal": {"opioid"},
    "psu-e2i-overdose-transition-periods": {"opioid"},
    "au-health-psychostimulant-withdrawal": {"stimulant"},
    "bonnet-preuss-2017-cannabis-withdrawal": {"cannabinoid"},
    "asam-2020-alcohol-withdrawal-guideline-news": {"alcohol"},
}
# Answers that name a class on their own: a baclofen pump, a CIWA-Ar (alcohol) or COWS (opioid) score.
IMPLIED_BY = {"intrathecal_pump": {"gaba_b_agonist"}, "ciwa_ar": {"alcohol"}, "cows": {"opioid"}}
PUMP_SOURCES = {"dailymed-gablofen-intrathecal-boxed-warning", "drugs-com-gablofen-patient-information"}

NAMES = [
    "alcohol", "Xanax", "diazepam", "zolpidem", "phenobarbital", "baclofen", "GHB", "gabapentin", "pregabalin",
    "heroin", "fentanyl", "buprenorphine", "methamphetamine", "cocaine", "cannabis", "sertraline", "ketamine",
    "no-such-drug",
]  # fmt: skip

facts_strategy = st.fixed_dictionaries(
    {
        "substances": st.lists(st.sampled_from(NAMES), min_size=1, max_size=4, unique=True),
        "daily_use": st.one_of(st.none(), st.booleans()),
        "withdrawal_symptoms": st.one_of(st.none(), st.sampled_from(["none", "mild", "moderate", "severe"])),
        "suicidal_thoughts": st.one_of(st.none(), st.sampled_from(["none", "passive", "active_plan"])),
        "home": st.one_of(st.none(), st.sampled_from(["stable", "others_use", "unsafe", "homeless"])),
        "support_people": st.one_of(st.none(), st.booleans()),
        "pregnant": st.one_of(st.none(), st.booleans()),
        "kidney_disease": st.one_of(st.none(), st.booleans()),
        "intrathecal_pump": st.one_of(st.none(), st.booleans()),
        "co_occurring_mental_health": st.one_of(st.none(), st.booleans()),
        "history_withdrawal_seizures_or_dts": st.one_of(st.none(), st.booleans()),
        "daily_dose_mg": st.one_of(st.none(), st.integers(0, 400)),
        "ciwa_ar": st.one_of(st.none(), st.integers(0, 67)),
        "cows": st.one_of(st.none(), st.integers(0, 48)),
        "responsibilities": st.lists(st.sampled_from(["work", "school", "children", "caregiving"]), unique=True),
    }
)


def _named_classes(facts: dict[str, Any]) -> set[str]:
    classes: set[str] = set()
    for name in facts["substances"]:
        with contextlib.suppress(UnknownNameError):
            classes |= set(lookup(name).substance.classes)
    for answer, implied in IMPLIED_BY.items():
        if facts.get(answer):
            classes |= implied
    return classes


@settings(max_examples=150, deadline=None)
@given(facts_strategy)
def test_no_next_step_is_repeated(facts: dict[str, Any]) -> None:
    steps = recommend_level(Facts.model_validate(facts)).next_steps
    assert len(steps) == len(set(steps)), steps


@settings(max_examples=150, deadline=None)
@given(facts_strategy)
def test_findings_cite_class_specific_sources_only_for_classes_named(facts: dict[str, Any]) -> None:
    rec = recommend_level(Facts.model_validate(facts))
    named = _named_classes(facts)
    findings = [(r.rule, r.sources) for r in rec.reasons] + [("headline", rec.headline.sources)]
    for rule, sources in findings:
        for source in sources:
            about = CLASS_SPECIFIC.get(source)
            assert about is None or about & named, (rule, source, sorted(named))
            if source in PUMP_SOURCES:
                assert facts["intrathecal_pump"] or "gaba_b_agonist" in named, (rule, source)


def test_no_benzodiazepine_warning_without_a_benzodiazepine() -> None:
    rec = recommend_level(Facts(substances=["alcohol", "baclofen"], daily_use=True, daily_dose_mg=300))
    cited = {s for r in rec.reasons for s in r.sources}
    assert "fda-dsc-2020-09-23-benzodiazepine-boxed-warning" not in cited
    rec = recommend_level(Facts(substances=["Xanax"], daily_use=True))
    assert "fda-dsc-2020-09-23-benzodiazepine-boxed-warning" in {s for r in rec.reasons for s in r.sources}


def test_the_detox_advice_to_stop_gradually_is_given_once() -> None:
    rec = recommend_level(Facts(substances=["alcohol"], daily_use=True))
    assert sum("suddenly" in step for step in rec.next_steps) == 1
