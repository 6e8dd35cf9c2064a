"""``/api/v1/placement``: the treatment options guide and an explained level-of-care suggestion."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import Field

from recoverynav import placement
from recoverynav.api.deps import settings as current_settings
from recoverynav.placement import Facts, FinderLink, Guide, load_guide, recommend_level
from recoverynav.web.finder_links import with_finder_urls

router = APIRouter(tags=["placement"])


class MedicationFinderLink(FinderLink):
    """A labelled finder search with the web finder's address for it."""

    url: str = Field(description="The web finder page for this search, e.g. /find?medication=BU")


# Named as the capability's model, so the API schema keeps the name clients know.
class Recommendation(placement.Recommendation):
    """The recommendation, with each finder search also as the web finder's address (built here, not in placement)."""

    finder_url: str = Field(description="The web finder page for finder_query, e.g. /find?code=DT&near=22902")
    medication_finder_links: list[MedicationFinderLink] = Field(default_factory=list)  # type: ignore[assignment]


def answer(rec: placement.Recommendation) -> Recommendation:
    """``rec`` as the API answers it: every field, plus the web finder's address beside each finder query."""
    return Recommendation.model_validate(with_finder_urls(rec.model_dump()))


@router.post("/placement", response_model=Recommendation)
def place(facts: Facts) -> Recommendation:
    """Suggest a level of care, withdrawal management and treatment option, with reasons (a clinician confirms)."""
    return answer(recommend_level(facts, country=current_settings().country))


@router.get("/placement/options", response_model=Guide)
def treatment_options() -> Guide:
    """The six treatment options, the ASAM levels of care and the service codes that offer them."""
    return load_guide()
