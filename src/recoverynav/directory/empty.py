"""What a search with no results says instead of nothing: what was searched, why nothing matched, what to try.

The models live here; ``explain.explain_empty`` fills them in. Every face renders the same answer: the web
page, ``recoverynav find`` and the API's ``empty`` field.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from recoverynav.finder import FinderQuery

__all__ = [
    "MEDICATION_FINDERS",
    "NATIONAL_HELPLINE",
    "EmptyReason",
    "EmptyResult",
    "FinderLink",
    "Helpline",
    "UnrecordedData",
    "medication_finder_query",
]

# Medications for opioid use disorder and the finder's medication answers (choices.yaml), as the treatment
# suggestion offers them for opioid dependence (placement) and an empty search offers them to everyone.
MEDICATION_FINDERS: tuple[tuple[str, str], ...] = (
    ("Find buprenorphine prescribers", "BU"),
    ("Find methadone programs", "METH"),
)

EmptyReason = Literal["no_listings_in_range", "listings_lack_requested_data", "no_listings_match"]


class Helpline(BaseModel):
    """A phone line to call when the directory has nothing nearby."""

    model_config = ConfigDict(frozen=True)

    name: str
    number: str
    tel: str
    hours: str
    source: str


# SAMHSA's treatment referral line (samhsa-national-helpline): free, confidential, 24/7, English and Spanish;
# it refers callers to the same kind of facilities this directory lists.
NATIONAL_HELPLINE = Helpline(
    name="SAMHSA National Helpline",
    number="1-800-662-4357",
    tel="tel:+18006624357",
    hours="free, confidential, 24 hours a day, 7 days a week, in English and Spanish",
    source="samhsa-national-helpline",
)


class FinderLink(BaseModel):
    """A search to try (``query``; each face makes its own link), with the distance to the nearest listing it finds."""

    model_config = ConfigDict(frozen=True)

    label: str
    query: FinderQuery
    medication: str | None = None
    radius_miles: int | None = None
    nearest_miles: float | None = None


class UnrecordedData(BaseModel):
    """How many listings in range record nothing at all about one thing that was asked (e.g. payment)."""

    model_config = ConfigDict(frozen=True)

    topic: str
    listings: int
    of: int


class EmptyResult(BaseModel):
    """Why a search found nothing, and what to do next.

    ``reason``: ``no_listings_in_range`` (no listing of any kind within the radius),
    ``listings_lack_requested_data`` (listings are in range, but none records everything asked), or
    ``no_listings_match`` (no place was given, and nothing matches). ``next_radius_miles`` is the smallest
    radius (a multiple of 5, at most 500) with a matching listing, ``next_radius_results`` how many it finds.
    """

    model_config = ConfigDict(frozen=True)

    searched: str
    reason: EmptyReason
    message: str
    listings_in_range: int = 0
    unrecorded: list[UnrecordedData] = []
    nearest_match_miles: float | None = None
    next_radius_miles: int | None = None
    next_radius_results: int = 0
    helpline: Helpline = NATIONAL_HELPLINE
    medication_links: list[FinderLink] = []


def medication_finder_query(medication: str, near: str | None = None, radius_miles: int | None = None) -> FinderQuery:
    """A finder search by a medication answer (``BU``, ``METH``), a place and a radius."""
    return FinderQuery(medication=medication, near=near or None, radius_miles=radius_miles)
