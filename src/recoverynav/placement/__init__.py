"""Which treatment? The six options explained, and an open, explained level-of-care suggestion.

Usage::

    from recoverynav.placement import Facts, recommend_level, load_guide
    rec = recommend_level(Facts(substances=["baclofen", "alcohol"], daily_use=True, daily_dose_mg=300,
                                history_withdrawal_seizures_or_dts=True))
    rec.option, rec.withdrawal_management      # ("detox", "4-WM")
    rec.headline.kind                          # "crisis", "pump", "medication" or "treatment": what to show first
    load_guide().option("residential").who_it_suits

Every answer is an ASAM-informed suggestion, not an ASAM Criteria assessment; a clinician confirms.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from recoverynav.lazy import lazy_exports

if TYPE_CHECKING:
    from recoverynav.placement.bundle import build_place_bundle, place_data
    from recoverynav.placement.guide import (
        Guide,
        Level,
        SupportGroup,
        TreatmentOption,
        WithdrawalLevel,
        level_rank,
        load_guide,
        withdrawal_rank,
    )
    from recoverynav.placement.models import (
        DISCLAIMER,
        DimensionRating,
        Facts,
        FinderLink,
        Headline,
        Reason,
        Recommendation,
        ScreeningScore,
        Urgent,
    )
    from recoverynav.placement.plain import plain_facts, plain_recommend
    from recoverynav.placement.rulebook import load_rulebook
    from recoverynav.placement.rules import finder_query, intensity, recommend_level

# Exports load on first use (PEP 562), so that ``recoverynav place --facts``'s fast path (the engine, ``plain``, over
# the compiled ``_place.json``, without the models) never imports pydantic or the YAML.
_EXPORTS = {
    **dict.fromkeys(
        ("Guide", "Level", "SupportGroup", "TreatmentOption", "WithdrawalLevel", "level_rank", "load_guide"), "guide"
    ),
    "withdrawal_rank": "guide",
    **dict.fromkeys(
        (
            "DISCLAIMER",
            "DimensionRating",
            "Facts",
            "FinderLink",
            "Headline",
            "Reason",
            "Recommendation",
            "ScreeningScore",
            "Urgent",
        ),
        "models",
    ),
    "load_rulebook": "rulebook",
    "build_place_bundle": "bundle",
    "place_data": "bundle",
    "plain_facts": "plain",
    "plain_recommend": "plain",
    **dict.fromkeys(("finder_query", "intensity", "recommend_level"), "rules"),
}

__getattr__ = lazy_exports(__name__, _EXPORTS)

__all__ = [
    "DISCLAIMER",
    "DimensionRating",
    "Facts",
    "FinderLink",
    "Guide",
    "Headline",
    "Level",
    "Reason",
    "Recommendation",
    "ScreeningScore",
    "SupportGroup",
    "TreatmentOption",
    "Urgent",
    "WithdrawalLevel",
    "build_place_bundle",
    "finder_query",
    "intensity",
    "level_rank",
    "load_guide",
    "load_rulebook",
    "place_data",
    "plain_facts",
    "plain_recommend",
    "recommend_level",
    "withdrawal_rank",
]
