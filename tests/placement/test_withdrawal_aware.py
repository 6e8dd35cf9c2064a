"""#11: withdrawal is judged by substance class from the one withdrawal table, and emergencies lead the answer.

The properties draw substances from the catalogue by their table row, never from a list of names, so a new
monograph is covered as soon as it names its classes.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recoverynav.knowledge import load_catalog, withdrawal_for
from recoverynav.placement import Facts, recommend_level
from recoverynav.screening import get_instrument


def _generic_names(risk: str, opioid: bool | None = None) -> list[str]:
    """Generic names whose withdrawal row has this risk; ``opioid`` also asks for (or against) the opioid class."""
    catalog = load_catalog()
    found = []
    for substance in catalog.substances.values():
        row = withdrawal_for(substance)
        wanted_class = opioid is None or ("opioid" in substance.classes) == opioid
        if row is not None and row.stopping_risk == risk and wanted_class:
            found.append(substance.names.generic)
    return sorted(found)


DANGEROUS = _generic_names("dangerous")
OPIOIDS = _generic_names("treat_with_medication", opioid=True)
# Best treated with medication but not an opioid (kratom today): its own row's advice, never the opioid guidance.
MEDICATION_NOT_OPIOID = _generic_names("treat_with_medication", opioid=False)
OPIOID_PATH_RULES = {"opioid-dependence", "pregnant-opioids"}
OPIOID_GUIDANCE = {"acog-co-711-opioid-use-pregnancy", "samhsa-tip-63-moud"}
LOW_RISK = _generic_names("not_dangerous")
PUMP_NAMES = ["baclofen", "Lioresal", "Gablofen"]

ORDERED: dict[str, list[str]] = {
    "withdrawal_symptoms": ["none", "mild", "moderate", "severe"],
    "suicidal_thoughts": ["none", "passive", "active_plan"],
    "readiness": ["ready", "ambivalent", "not_ready"],
    "cravings": ["none", "mild", "strong"],
    "home": ["stable", "others_use", "unsafe", "homeless"],
}
FLAGS = [
    "daily_use",
    "history_withdrawal_seizures_or_dts",
    "unstable_medical_condition",
    "pregnant",
    "kidney_disease",
    "co_occurring_mental_health",
    "support_people",
    "in_remission_after_treatment",
]


def _other_answers(**fixed: Any) -> st.SearchStrategy[dict[str, Any]]:
    """Every answer but the substances, anything goes; ``fixed`` pins some of them."""
    answers: dict[str, st.SearchStrategy[Any]] = {
        **{k: st.one_of(st.none(), st.sampled_from(v)) for k, v in ORDERED.items()},
        **{k: st.one_of(st.none(), st.booleans()) for k in FLAGS},
        "daily_dose_mg": st.one_of(st.none(), st.integers(0, 2000)),
        "prior_treatment_relapses": st.one_of(st.none(), st.integers(0, 6)),
        "cows": st.one_of(st.none(), st.integers(0, 48)),
        "responsibilities": st.lists(st.sampled_from(["work", "school", "children", "caregiving"]), unique=True),
    }
    answers.update({k: st.just(v) for k, v in fixed.items()})
    return st.fixed_dictionaries(answers)


def _recommend(substances: list[str], answers: dict[str, Any]) -> Any:
    return recommend_level(Facts.model_validate({"substances": substances, **answers}))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(LOW_RISK), min_size=1, max_size=3, unique=True), _other_answers())
def test_stimulant_and_cannabis_withdrawal_never_means_detox(names: list[str], answers: dict[str, Any]) -> None:
    rec = _recommend(names, answers)
    assert rec.withdrawal_management is None and rec.option != "detox", [r.rule for r in rec.reasons]
    assert not any("doctor's supervision" in r.text for r in rec.reasons)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(OPIOIDS), min_size=1, max_size=2, unique=True), _other_answers())
def test_opioid_withdrawal_means_medication_not_detox(names: list[str], answers: dict[str, Any]) -> None:
    rec = _recommend(names, answers)
    assert rec.withdrawal_management is None, [r.rule for r in rec.reasons]
    if answers["daily_use"] or answers["withdrawal_symptoms"] not in (None, "none"):
        assert rec.medication_finder_links and any("buprenorphine or methadone" in s for s in rec.next_steps)


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(DANGEROUS), _other_answers(daily_use=True))
def test_daily_use_of_a_drug_dangerous_to_stop_gets_withdrawal_management(name: str, answers: dict[str, Any]) -> None:
    rec = _recommend([name], answers)
    assert rec.withdrawal_management is not None and rec.option == "detox"
    assert any("suddenly" in step for step in rec.next_steps)


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(DANGEROUS), _other_answers(withdrawal_symptoms="severe"))
def test_severe_withdrawal_from_a_drug_dangerous_to_stop_is_urgent(name: str, answers: dict[str, Any]) -> None:
    rec = _recommend([name], answers)
    assert rec.urgent is not None and rec.headline.kind == "crisis"
    assert rec.next_steps[0].startswith("Now: get emergency help first")


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(DANGEROUS),
    st.sampled_from([{"withdrawal_symptoms": "severe"}, {"ciwa_ar": 20}, {"intrathecal_pump": True}]),
    st.sampled_from([None, "none", "passive"]),
)
def test_a_medical_emergency_names_the_emergency_number_not_the_crisis_line(
    name: str, emergency: dict[str, Any], thoughts: str | None
) -> None:
    """Severe withdrawal or a pump that may have failed: the reasons say emergency department or 911, and the headline
    agrees; 988 (a talk line for suicidal, mental-health and substance-use crises) is never offered as the
    alternative to 911 there."""
    rec = recommend_level(
        Facts(
            substances=[name, "baclofen"], daily_use=True, withdrawal_symptoms="mild", suicidal_thoughts=thoughts
        ).model_copy(update=emergency)
    )
    assert rec.urgent is not None and rec.headline.kind == "crisis"
    assert [c.number for c in rec.urgent.contacts] == ["911"]
    assert "988" not in rec.headline.title + rec.urgent.message + rec.next_steps[0]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.sampled_from([*DANGEROUS, *OPIOIDS, *LOW_RISK]), min_size=1, max_size=3, unique=True),
    _other_answers(suicidal_thoughts="active_plan"),
)
def test_an_active_plan_leads_as_a_crisis_and_never_sends_to_phone_about_a_bed(
    names: list[str], answers: dict[str, Any]
) -> None:
    rec = _recommend(names, answers)
    assert rec.headline.kind == "crisis" and "988" in rec.headline.title and "911" in rec.headline.title
    assert "988" in rec.next_steps[0] and "911" in rec.next_steps[0]
    assert not any("have a bed" in step or "before you go" in step for step in rec.next_steps)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.sampled_from(OPIOIDS), min_size=1, max_size=2, unique=True),
    _other_answers(pregnant=True, daily_use=True, suicidal_thoughts="none"),
)
def test_pregnancy_with_opioid_dependence_leads_with_medication(names: list[str], answers: dict[str, Any]) -> None:
    rec = _recommend(names, answers)
    assert rec.withdrawal_management is None and rec.option != "detox"
    if rec.urgent is None:
        assert rec.headline.kind == "medication" and "buprenorphine or methadone" in rec.headline.title
        assert "acog-co-711-opioid-use-pregnancy" in rec.headline.sources
        assert "buprenorphine or methadone" in rec.next_steps[0]
    queries = [link.query for link in rec.medication_finder_links]
    assert [(q.medication, q.codes, q.near) for q in queries] == [("BU", (), None), ("METH", (), None)]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(PUMP_NAMES), min_size=1, max_size=2, unique=True),
    _other_answers(intrathecal_pump=True),
)
def test_a_baclofen_pump_user_is_never_sent_to_detox(names: list[str], answers: dict[str, Any]) -> None:
    rec = _recommend(names, answers)
    assert rec.option != "detox" and rec.withdrawal_management is None, [r.rule for r in rec.reasons]
    steps = " ".join(rec.next_steps)
    assert "refill" in steps and "hospital now" in steps
    assert rec.headline.kind in {"crisis", "pump"}
    assert "dailymed-gablofen-intrathecal-boxed-warning" in {s.id for s in rec.sources}
    if answers["withdrawal_symptoms"] not in (None, "none"):
        assert rec.urgent is not None and "hospital now" in rec.headline.text


def test_pump_advice_names_the_early_signs() -> None:
    rec = recommend_level(Facts(substances=["baclofen"], intrathecal_pump=True, daily_use=True))
    assert rec.headline.kind == "pump"
    text = rec.headline.text + " ".join(rec.next_steps)
    # The Gablofen label's early withdrawal signs (section 5.5), each with the label cited.
    for sign in ("spasticity", "itching", "low blood pressure", "tingling", "run dry", "refill"):
        assert sign in text
    assert "gablofen-label-5-5-withdrawal-medlibrary" in rec.headline.sources


def test_daily_methamphetamine_with_mild_withdrawal_is_not_detox() -> None:
    rec = recommend_level(Facts(substances=["methamphetamine"], daily_use=True, withdrawal_symptoms="mild"))
    assert rec.option != "detox" and rec.withdrawal_management is None
    assert any(r.rule == "withdrawal-not-medical" for r in rec.reasons)


@pytest.mark.parametrize("typed", ["Soma", "carisoprodol"])
def test_daily_soma_with_mild_withdrawal_gets_supervised_withdrawal_from_its_own_row(typed: str) -> None:
    rec = recommend_level(Facts(substances=[typed], daily_use=True, withdrawal_symptoms="mild"))
    assert rec.option == "detox" and rec.withdrawal_management is not None
    cited = {s.id for s in rec.sources}
    assert (
        "ni-2007-carisoprodol-withdrawal-delirium" in cited or "reeves-2004-carisoprodol-withdrawal-syndrome" in cited
    )


def test_daily_kratom_with_mild_withdrawal_is_medication_not_detox() -> None:
    rec = recommend_level(Facts(substances=["kratom"], daily_use=True, withdrawal_symptoms="mild"))
    assert rec.option != "detox" and rec.withdrawal_management is None
    assert any("buprenorphine" in s for s in rec.next_steps)


def test_unknown_substance_with_withdrawal_keeps_the_cautious_reading() -> None:
    rec = recommend_level(Facts(substances=["zzqx-unknown"], withdrawal_symptoms="mild"))
    assert rec.withdrawal_management == "1-WM"


@given(st.integers(0, 67))
@settings(max_examples=68, deadline=None)
def test_ciwa_ar_band_is_the_same_in_screening_and_placement(total: int) -> None:
    band = next(b for b in get_instrument("ciwa-ar").bands if b.min <= total <= b.max)
    rec = recommend_level(Facts(substances=["alcohol"], ciwa_ar=total))
    assert (rec.urgent is not None) == (band.severity == "severe"), (total, band.id)
    assert (rec.withdrawal_management is not None) == (band.severity in {"moderate", "severe"})


def test_ciwa_ar_15_is_severe_and_urgent() -> None:
    assert recommend_level(Facts(substances=["alcohol"], ciwa_ar=15)).urgent is not None
    assert recommend_level(Facts(substances=["alcohol"], ciwa_ar=14)).urgent is None


@pytest.mark.skipif(not MEDICATION_NOT_OPIOID, reason="no non-opioid row is treated with medication")
@settings(max_examples=40, deadline=None)
@given(st.sampled_from(MEDICATION_NOT_OPIOID or ["-"]), _other_answers())
def test_a_non_opioid_treated_with_medication_never_takes_the_opioid_path(name: str, answers: dict[str, Any]) -> None:
    """#11 (cite what says it): opioid-use-disorder guidance (TIP 63, ACOG 711 in pregnancy) is about opioids, so a
    substance whose row says "treat with medication" without being an opioid (kratom) gets its own row's advice."""
    rec = _recommend([name], answers)
    assert not OPIOID_PATH_RULES & {r.rule for r in rec.reasons}, [r.rule for r in rec.reasons]
    assert not OPIOID_GUIDANCE & {s for r in rec.reasons for s in r.sources}
    row = withdrawal_for(next(s for s in load_catalog().substances.values() if s.names.generic == name))
    assert row is not None
    if answers["daily_use"] or answers["withdrawal_symptoms"] not in (None, "none"):
        assert any(row.advice in step for step in rec.next_steps), rec.next_steps
