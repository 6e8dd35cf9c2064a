"""Written vignettes -> the expected level of care, withdrawal management and option (rules tested as data)."""

from __future__ import annotations

from typing import Any

import pytest

from recoverynav.placement import DISCLAIMER, Facts, recommend_level

STABLE: dict[str, Any] = {"home": "stable", "support_people": True, "readiness": "ready"}

# (vignette, facts, level, withdrawal management, option)
VIGNETTES: list[tuple[str, dict[str, Any], str, str | None, str]] = [
    (
        "mild use, stable home, a job, no withdrawal, ready",
        {
            "substances": ["alcohol"],
            "daily_use": False,
            "withdrawal_symptoms": "none",
            "cravings": "mild",
            "responsibilities": ["work"],
            **STABLE,
        },
        "1",
        None,
        "outpatient",
    ),
    (
        "clean screen, nothing else: early intervention and a support group",
        {"substances": ["cannabis"], "screening": {"instrument": "dast-10", "band": "none"}, **STABLE},
        "0.5",
        None,
        "support_groups",
    ),
    (
        "low DAST-10 band, stable: outpatient",
        {"substances": ["cocaine"], "screening": {"instrument": "dast-10", "band": "low"}, **STABLE},
        "1",
        None,
        "outpatient",
    ),
    (
        "substantial DAST-10 band, stable home: intensive outpatient",
        {"substances": ["cocaine"], "screening": {"instrument": "dast-10", "band": "substantial"}, **STABLE},
        "2.1",
        None,
        "outpatient",
    ),
    (
        "in remission after treatment: aftercare",
        {"substances": ["alcohol"], "in_remission_after_treatment": True, "daily_use": False, **STABLE},
        "1",
        None,
        "aftercare",
    ),
    (
        "prescribed baclofen daily at the label dose: supervised taper at home",
        {"substances": ["baclofen"], "daily_use": True, "daily_dose_mg": 60, **STABLE},
        "1",
        "1-WM",
        "detox",
    ),
    (
        "daily benzodiazepine, mild withdrawal when late: ambulatory withdrawal",
        {"substances": ["Xanax"], "daily_use": True, "withdrawal_symptoms": "mild", **STABLE},
        "1",
        "1-WM",
        "detox",
    ),
    (
        "daily drinking with moderate withdrawal, support at home",
        {"substances": ["alcohol"], "daily_use": True, "withdrawal_symptoms": "moderate", **STABLE},
        "2.1",
        "2-WM",
        "detox",
    ),
    (
        "moderate withdrawal and nobody at home",
        {
            "substances": ["alcohol"],
            "daily_use": True,
            "withdrawal_symptoms": "moderate",
            "home": "stable",
            "support_people": False,
            "readiness": "ready",
        },
        "3.1",
        "3.2-WM",
        "detox",
    ),
    (
        "baclofen above the label maximum",
        {"substances": ["baclofen"], "daily_use": True, "daily_dose_mg": 120, **STABLE},
        "2.1",
        "2-WM",
        "detox",
    ),
    (
        "baclofen far above the label maximum",
        {"substances": ["baclofen"], "daily_use": True, "daily_dose_mg": 240, **STABLE},
        "3.7",
        "3.7-WM",
        "detox",
    ),
    (
        "alcohol with past withdrawal seizure: medically monitored withdrawal",
        {"substances": ["alcohol"], "daily_use": True, "history_withdrawal_seizures_or_dts": True, **STABLE},
        "3.7",
        "3.7-WM",
        "detox",
    ),
    (
        "severe withdrawal now after past DTs: hospital, urgent",
        {
            "substances": ["alcohol"],
            "daily_use": True,
            "withdrawal_symptoms": "severe",
            "history_withdrawal_seizures_or_dts": True,
            **STABLE,
        },
        "4",
        "4-WM",
        "detox",
    ),
    (
        "done-when: baclofen far above label + daily alcohol + past withdrawal seizure",
        {
            "substances": ["baclofen", "alcohol"],
            "daily_use": True,
            "daily_dose_mg": 300,
            "history_withdrawal_seizures_or_dts": True,
        },
        "4",
        "4-WM",
        "detox",
    ),
    (
        "CIWA-Ar 18 scored by a clinician: severe, urgent, withdrawal in hospital",
        {"substances": ["alcohol"], "daily_use": True, "ciwa_ar": 18, **STABLE},
        "4",
        "4-WM",
        "detox",
    ),
    (
        "daily opioids: an opioid treatment programme rather than withdrawal alone",
        {"substances": ["heroin"], "daily_use": True, **STABLE},
        "OTP",
        None,
        "outpatient",
    ),
    (
        "unsafe home, daily stimulant use: residential",
        {
            "substances": ["methamphetamine"],
            "daily_use": True,
            "home": "unsafe",
            "support_people": True,
            "readiness": "ready",
        },
        "3.1",
        None,
        "residential",
    ),
    (
        "homeless with severe use (daily, strong cravings): high-intensity residential",
        {
            "substances": ["cocaine"],
            "daily_use": True,
            "cravings": "strong",
            "home": "homeless",
            "readiness": "ambivalent",
        },
        "3.5",
        None,
        "residential",
    ),
    (
        "unsafe home but mild use: outpatient, home rated high",
        {"substances": ["cannabis"], "daily_use": False, "home": "unsafe", "readiness": "ready"},
        "1",
        None,
        "outpatient",
    ),
    (
        "people using at home and no support, daily use",
        {"substances": ["cocaine"], "daily_use": True, "home": "others_use", "support_people": False},
        "3.1",
        None,
        "residential",
    ),
    (
        "unstable medical condition, no withdrawal: medically monitored inpatient",
        {"substances": ["cocaine"], "unstable_medical_condition": True, **STABLE},
        "3.7",
        None,
        "inpatient",
    ),
    (
        "passive suicidal thoughts with depression: day programme",
        {"substances": ["cocaine"], "suicidal_thoughts": "passive", "co_occurring_mental_health": True, **STABLE},
        "2.5",
        None,
        "outpatient",
    ),
    (
        "active suicidal plan: urgent, hospital level",
        {"substances": ["alcohol"], "suicidal_thoughts": "active_plan", **STABLE},
        "4",
        None,
        "inpatient",
    ),
    (
        "three returns to use after treatment: intensive outpatient",
        {"substances": ["cocaine"], "prior_treatment_relapses": 3, **STABLE},
        "2.1",
        None,
        "outpatient",
    ),
    (
        "not ready, otherwise low risk: readiness alone does not raise the level",
        {"substances": ["alcohol"], "readiness": "not_ready", "home": "stable", "support_people": True},
        "1",
        None,
        "outpatient",
    ),
    (
        "pregnant and dependent on a benzodiazepine: medically monitored withdrawal",
        {"substances": ["diazepam"], "daily_use": True, "pregnant": True, **STABLE},
        "3.7",
        "3.7-WM",
        "detox",
    ),
    (
        "#11: daily methamphetamine, mild withdrawal: no detox",
        {"substances": ["methamphetamine"], "daily_use": True, "withdrawal_symptoms": "mild", **STABLE},
        "1",
        None,
        "outpatient",
    ),
    (
        "#11: daily cannabis, moderate withdrawal, nobody at home: still no detox",
        {"substances": ["cannabis"], "daily_use": True, "withdrawal_symptoms": "moderate", "support_people": False},
        "1",
        None,
        "outpatient",
    ),
    (
        "#11: pregnant, daily heroin with withdrawal: medication (opioid treatment programme), not detox",
        {"substances": ["heroin"], "daily_use": True, "withdrawal_symptoms": "moderate", "pregnant": True, **STABLE},
        "OTP",
        None,
        "outpatient",
    ),
    (
        "#11: baclofen pump, prescribed dose, no symptoms: pump advice, no detox",
        {"substances": ["baclofen"], "intrathecal_pump": True, "daily_use": True, "daily_dose_mg": 500, **STABLE},
        "1",
        None,
        "outpatient",
    ),
    (
        "#11: severe alcohol withdrawal: urgent, withdrawal in hospital",
        {"substances": ["alcohol"], "daily_use": True, "withdrawal_symptoms": "severe", **STABLE},
        "4",
        "4-WM",
        "detox",
    ),
]


@pytest.mark.parametrize(
    ("facts", "level", "wm", "option"),
    [pytest.param(f, lv, wm, opt, id=name) for name, f, lv, wm, opt in VIGNETTES],
)
def test_vignette(facts: dict[str, Any], level: str, wm: str | None, option: str) -> None:
    rec = recommend_level(Facts.model_validate(facts))
    assert (rec.level, rec.withdrawal_management, rec.option) == (level, wm, option), [r.rule for r in rec.reasons]
    assert rec.disclaimer == DISCLAIMER
    assert rec.reasons and all(r.sources for r in rec.reasons)
    assert len(rec.dimension_ratings) == 6


def test_there_are_at_least_twenty_vignettes() -> None:
    assert len(VIGNETTES) >= 20


def test_done_when_high_dose_baclofen_alcohol_and_seizure_names_both_substances() -> None:
    rec = recommend_level(
        Facts(
            substances=["baclofen", "alcohol"],
            daily_use=True,
            daily_dose_mg=300,
            history_withdrawal_seizures_or_dts=True,
        )
    )
    assert rec.withdrawal_management in {"3.7-WM", "4-WM"} and rec.option == "detox"
    text = " ".join(r.text for r in rec.reasons)
    assert "baclofen" in text and "alcohol" in text
    assert "80 mg" in text  # the label maximum, from the knowledge base
    assert "dailymed-baclofen-tablet-b4f2f888" in {s.id for s in rec.sources}
    assert any("suddenly" in step for step in rec.next_steps)


def test_done_when_active_plan_puts_988_and_the_emergency_number_first() -> None:
    rec = recommend_level(Facts(substances=["alcohol"], suicidal_thoughts="active_plan"))
    assert rec.urgent is not None
    numbers = [c.number for c in rec.urgent.contacts]
    assert "988" in numbers and "911" in numbers
    assert rec.reasons[0].rule == "suicidal-plan-urgent"
    assert "988" in rec.next_steps[0] and "911" in rec.next_steps[0]


def test_least_intensive_level_is_explained_when_nothing_raises_it() -> None:
    rec = recommend_level(Facts(substances=["alcohol"], **STABLE))
    assert any(r.rule == "least-intensive" for r in rec.reasons)


def test_one_high_dimension_sets_the_level_without_averaging() -> None:
    rec = recommend_level(Facts(substances=["cocaine"], unstable_medical_condition=True, **STABLE))
    ratings = [d.rating for d in rec.dimension_ratings]
    assert sum(ratings) / 6 < 1 and rec.level == "3.7"


def test_reasons_name_the_facts_behind_them() -> None:
    rec = recommend_level(Facts(substances=["alcohol"], home="unsafe", daily_use=True))
    residential = next(r for r in rec.reasons if r.rule == "unsafe-home-moderate-disorder")
    assert residential.dimension == 6 and "home" in residential.facts and "daily use" in residential.text


def test_unknown_substance_is_noted_not_rejected() -> None:
    rec = recommend_level(Facts(substances=["zzqx-unknown"], **STABLE))
    assert rec.notes and "zzqx-unknown" in rec.notes[0]


def test_finder_query_names_every_code_and_the_place() -> None:
    rec = recommend_level(
        Facts(substances=["alcohol"], daily_use=True, history_withdrawal_seizures_or_dts=True, near="22902")
    )
    assert (rec.finder_query.codes, rec.finder_query.near) == (("DT", "RES"), "22902")


def test_co_occurring_and_pregnancy_add_service_codes() -> None:
    rec = recommend_level(Facts(substances=["alcohol"], co_occurring_mental_health=True, pregnant=True, **STABLE))
    assert {"CO", "PW"} <= set(rec.facility_codes)


@pytest.mark.parametrize(
    ("instrument", "band", "level"),
    [
        ("dast-10", "none", "0.5"),
        ("audit", "zone-2", "1"),
        ("audit", "zone-4", "2.1"),
        ("taps", "higher-risk", "2.1"),
        ("dsm5-sud", "severe", "2.1"),
        ("s2bi", "no-use", "0.5"),
        ("ciwa-ar", "severe", "1"),  # a withdrawal scale says nothing about the disorder's severity
        ("made-up", "purple", "1"),
    ],
)
def test_screening_bands_from_the_screening_capability(instrument: str, band: str, level: str) -> None:
    facts = Facts(substances=["alcohol"], screening=[{"instrument": instrument, "band": band}], **STABLE)
    assert recommend_level(facts).level == level
