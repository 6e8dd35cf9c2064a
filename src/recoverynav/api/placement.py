"""``/api/v1/placement``: the treatment options guide and an explained level-of-care suggestion."""

from __future__ import annotations

from fastapi import APIRouter

from recoverynav.placement import Facts, Guide, Recommendation, load_guide, recommend_level
from recoverynav.settings import get_settings

router = APIRouter(tags=["placement"])


@router.post("/placement")
def place(facts: Facts) -> Recommendation:
    """Suggest a level of care, withdrawal management and treatment option, with reasons (a clinician confirms)."""
    return recommend_level(facts, country=get_settings().country)


@router.get("/placement/options", response_model=Guide)
def treatment_options() -> Guide:
    """The six treatment options, the ASAM levels of care and the service codes that offer them."""
    return load_guide()
