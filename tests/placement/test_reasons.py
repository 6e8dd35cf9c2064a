"""Reasons read as true for the person's own answers: a rule that fires for "at least X" never states X."""

from __future__ import annotations

from typing import Any

import pytest

from recoverynav.placement import Facts, recommend_level

# (facts, words that must appear in the reasons, words that must not)
CASES: list[tuple[dict[str, Any], list[str], list[str]]] = [
    ({"substances": ["alcohol"], "withdrawal_symptoms": "mild"}, ["mild withdrawal symptoms"], []),
    (
        {"substances": ["alcohol"], "withdrawal_symptoms": "moderate"},
        ["moderate withdrawal symptoms"],
        ["mild withdrawal"],
    ),
    (
        {"substances": ["alcohol"], "withdrawal_symptoms": "severe", "support_people": False},
        ["severe withdrawal symptoms", "With severe withdrawal and nobody"],
        ["mild withdrawal", "moderate withdrawal and", "symptoms are moderate"],
    ),
    ({"substances": ["heroin"], "cows": 30}, ["at least moderate"], ["means moderate opioid"]),
    (
        {"substances": ["cocaine"], "home": "homeless", "support_people": False, "daily_use": True},
        ["no safe or stable place"],
        ["Living with people who use", "People using at home"],
    ),
    ({"substances": ["cocaine"], "home": "others_use"}, ["Living with people who use"], []),
    ({"substances": ["cocaine"], "readiness": "not_ready"}, ["Not feeling ready"], ["Feeling unsure"]),
    ({"substances": ["cocaine"], "cravings": "strong"}, ["Strong cravings"], ["Some cravings are normal"]),
    ({"substances": ["alcohol"], "daily_use": True}, ["Regular use of alcohol: the body adapts"], ["these"]),
]


@pytest.mark.parametrize(("facts", "present", "absent"), CASES)
def test_reason_words_match_the_answers(facts: dict[str, Any], present: list[str], absent: list[str]) -> None:
    text = " ".join(r.text for r in recommend_level(Facts.model_validate(facts)).reasons)
    for words in present:
        assert words in text, (words, text)
    for words in absent:
        assert words not in text, (words, text)


def test_sedative_advice_never_endorses_the_current_dose() -> None:
    rec = recommend_level(Facts(substances=["baclofen"], daily_use=True, daily_dose_mg=300))
    steps = " ".join(rec.next_steps)
    assert "suddenly" in steps and "usual amount" not in steps and "do not take more" in steps


def test_opioid_dependence_names_medication_and_lost_tolerance() -> None:
    rec = recommend_level(Facts(substances=["heroin"], daily_use=True, withdrawal_symptoms="moderate"))
    steps = " ".join(rec.next_steps)
    assert "buprenorphine or methadone" in steps and "tolerance" in steps and "naloxone" in steps
    assert "psu-e2i-overdose-transition-periods" in [s.id for s in rec.sources]
