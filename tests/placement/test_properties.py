"""Properties: worsening any single answer never lowers the recommended intensity, and urgency never goes away.

Intensity is ordered by (level of care, withdrawal management), each by its place in ``options.yaml``.
``in_remission_after_treatment`` is history, not risk, so it is left out: remission moves a no-risk person from
early intervention (0.5) to aftercare (1).
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from recoverynav.placement import Facts, intensity, recommend_level

NAMES = ["alcohol", "baclofen", "Xanax", "zolpidem", "heroin", "cocaine", "cannabis", "no-such-drug"]
ORDERED: dict[str, list[str]] = {
    "withdrawal_symptoms": ["none", "mild", "moderate", "severe"],
    "suicidal_thoughts": ["none", "passive", "active_plan"],
    "readiness": ["ready", "ambivalent", "not_ready"],
    "cravings": ["none", "mild", "strong"],
    "home": ["stable", "others_use", "unsafe", "homeless"],
}
RISK_FLAGS = [
    "daily_use",
    "history_withdrawal_seizures_or_dts",
    "unstable_medical_condition",
    "pregnant",
    "kidney_disease",
    "co_occurring_mental_health",
]
NUMBERS = {"daily_dose_mg": 2000, "prior_treatment_relapses": 10, "ciwa_ar": 67, "cows": 48}
DAST_BANDS = ["none", "low", "moderate", "substantial", "severe"]


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


facts_strategy = st.fixed_dictionaries(
    {
        "substances": st.lists(st.sampled_from(NAMES), min_size=1, max_size=3, unique=True),
        **{k: maybe(st.sampled_from(v)) for k, v in ORDERED.items()},
        **{k: maybe(st.booleans()) for k, v in zip(RISK_FLAGS, RISK_FLAGS, strict=True)},
        "support_people": maybe(st.booleans()),
        "daily_dose_mg": maybe(st.integers(0, 1000)),
        "prior_treatment_relapses": maybe(st.integers(0, 6)),
        "ciwa_ar": maybe(st.integers(0, 40)),
        "cows": maybe(st.integers(0, 40)),
        "screening": st.one_of(
            st.just([]), st.sampled_from(DAST_BANDS).map(lambda b: [{"instrument": "dast-10", "band": b}])
        ),
        "in_remission_after_treatment": maybe(st.booleans()),
    }
)


def worsenings(facts: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Every single-answer change that makes the situation worse."""
    found: list[tuple[str, dict[str, Any]]] = []
    for key, order in ORDERED.items():
        start = -1 if facts[key] is None else order.index(facts[key])
        found += [(f"{key}->{v}", {**facts, key: v}) for v in order[start + 1 :]]
    for key in RISK_FLAGS:
        if facts[key] is not True:
            found.append((f"{key}->True", {**facts, key: True}))
    if facts["support_people"] is not False:
        found.append(("support_people->False", {**facts, "support_people": False}))
    for key, top in NUMBERS.items():
        if facts[key] is not None and facts[key] < top:
            found.append((f"{key}->more", {**facts, key: min(top, facts[key] * 2 + 1)}))
    if facts["screening"]:
        band = facts["screening"][0]["band"]
        for worse in DAST_BANDS[DAST_BANDS.index(band) + 1 :]:
            found.append((f"dast->{worse}", {**facts, "screening": [{"instrument": "dast-10", "band": worse}]}))
    return found


@settings(max_examples=300, deadline=None)
@given(facts_strategy)
def test_worsening_one_answer_never_lowers_intensity(raw: dict[str, Any]) -> None:
    before = recommend_level(Facts.model_validate(raw))
    for change, worse in worsenings(raw):
        after = recommend_level(Facts.model_validate(worse))
        assert intensity(after)[0] >= intensity(before)[0], (change, before.level, after.level)
        assert intensity(after)[1] >= intensity(before)[1], (
            change,
            before.withdrawal_management,
            after.withdrawal_management,
        )
        assert after.urgent is not None or before.urgent is None, change
        dims_before = [d.rating for d in before.dimension_ratings]
        dims_after = [d.rating for d in after.dimension_ratings]
        assert all(a >= b for a, b in zip(dims_after, dims_before, strict=True)), change


@settings(max_examples=100, deadline=None)
@given(facts_strategy)
def test_every_recommendation_is_complete_and_cited(raw: dict[str, Any]) -> None:
    rec = recommend_level(Facts.model_validate(raw))
    assert rec.reasons and rec.next_steps and rec.sources
    assert rec.finder_query.codes == tuple(rec.facility_codes) and not rec.finder_query.medication
    if rec.withdrawal_management:
        assert rec.option == "detox" and "DT" in rec.facility_codes
    if rec.urgent:
        # The emergency number always; the crisis line (988) only for a suicide plan, never as the alternative to
        # 911 for a medical emergency (a failing baclofen pump, severe withdrawal).
        assert "911" in rec.urgent.message
        assert ("988" in rec.urgent.message) == (raw.get("suicidal_thoughts") == "active_plan"), rec.urgent.message
        assert ("988" in rec.headline.title) == ("988" in rec.urgent.message) == ("988" in rec.next_steps[0])
