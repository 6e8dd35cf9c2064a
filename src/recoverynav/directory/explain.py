"""``explain_empty``: why a search found nothing, measured on the same repository, and the next thing to try.

Three questions, each answered with a search: are there listings of any kind in range (if so, the asked
services or payment are what is missing, and often just not recorded: the 2020 MOUD list has no payment
data); how far is the nearest listing that matches everything (the next radius to offer); and how far are
buprenorphine and methadone (the medication finder links, never offered when nothing is within reach).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from recoverynav.directory.choices import any_of_page, load_choices
from recoverynav.directory.codes import catalogue
from recoverynav.directory.empty import (
    MEDICATION_FINDERS,
    EmptyResult,
    FinderLink,
    UnrecordedData,
    medication_finder_query,
)
from recoverynav.directory.models import FacilityQuery, Place
from recoverynav.directory.repository import FacilityRepository
from recoverynav.directory.search import effective_radius, search_page

__all__ = ["explain_empty"]

RADIUS_STEP = 5
MAX_RADIUS = 500  # FacilityQuery's own limit
# How many in-range listings are read to tell which asked data they do not record.
GAP_SCAN = 500

# Categories where a listing with no code at all means its source recorded nothing about the topic (not that
# the facility refuses), as the topic is said to people.
_DATA_TOPICS = {
    "PAY": "payment",
    "PYAS": "payment",
    "SL": "language",
    "OL": "language",
    "AIL": "language",
    "AGE": "age group",
}
_TYPES = {"SA": "substance use facilities", "MH": "mental health facilities"}


def explain_empty(
    query: FacilityQuery, groups: Sequence[Sequence[str]], repo: FacilityRepository, origin: Place | None
) -> EmptyResult:
    """Why ``query`` (with any-of ``groups``) found nothing near ``origin``, and what to try instead."""
    groups = [sorted({c.upper() for c in g}) for g in groups if g]
    wanted = _describe(query, groups)
    links = _medication_links(query, groups, repo, origin)
    if origin is None:
        return EmptyResult(
            searched=wanted or "listings",
            reason="no_listings_match",
            message="No listing in the directory matches everything you asked. Give a place to search near it.",
            medication_links=links,
        )
    radius = effective_radius(query, origin)
    where = f"within {radius:g} miles of {origin.label}" if radius is not None else f"near {origin.label}"
    searched = f"{wanted} {where}" if wanted else f"listings {where}"
    bare = query.model_copy(
        update={"codes": [], "name": None, "facility_type": None, "has_openings": False, "page": 1, "page_size": 1}
    )
    in_range = search_page(bare, repo, origin).total
    nearest = _nearest_miles(query, groups, repo, origin)
    next_radius, next_results = None, 0
    if nearest is not None and radius is not None:
        candidate = _round_up(nearest)
        if candidate <= MAX_RADIUS:
            wider = query.model_copy(update={"radius_miles": float(candidate), "page": 1, "page_size": 1})
            next_radius, next_results = candidate, any_of_page(wider, groups, repo, origin).total

    far = f" The nearest listing that matches is {nearest:,.0f} miles away." if nearest is not None else ""
    if radius is None:  # nearest-N found nothing: no listing matches, however far
        return EmptyResult(
            searched=searched,
            reason="no_listings_match",
            message="No listing in the directory near there matches everything you asked.",
            listings_in_range=in_range,
            medication_links=links,
        )
    if in_range == 0 or not wanted:
        message = f"No listing{' of any kind' if wanted else ''} in the directory is {where}.{far}"
        return EmptyResult(
            searched=searched,
            reason="no_listings_in_range",
            message=message if far else message + " None that matches is within reach.",
            listings_in_range=in_range,
            nearest_match_miles=nearest,
            next_radius_miles=next_radius,
            next_radius_results=next_results,
            medication_links=links,
        )
    unrecorded = _unrecorded(query, groups, repo, origin, in_range)
    them = "listing is" if in_range == 1 else "listings are"
    message = f"{in_range} {them} {where}, but none records everything you asked for."
    if unrecorded:
        gaps = ", ".join(f"{gap.listings} of {gap.of} record no {gap.topic} information" for gap in unrecorded)
        message += f" {gaps[0].upper()}{gaps[1:]} at all: call them to ask."
    return EmptyResult(
        searched=searched,
        reason="listings_lack_requested_data",
        message=message + far,
        listings_in_range=in_range,
        unrecorded=unrecorded,
        nearest_match_miles=nearest,
        next_radius_miles=next_radius,
        next_radius_results=next_results,
        medication_links=links,
    )


def _round_up(miles: float) -> int:
    # A hair over the distance, so the listing found is inside the offered circle despite rounding in SQL.
    return max(RADIUS_STEP, math.ceil((miles + 0.05) / RADIUS_STEP) * RADIUS_STEP)


def _nearest_miles(
    query: FacilityQuery, groups: Sequence[Sequence[str]], repo: FacilityRepository, origin: Place
) -> float | None:
    """How far the nearest listing matching everything is, over the whole directory.

    Any-of groups go to the repository as its any-of filter, so one nearest-1 search answers.
    """
    # One nearest-1 search with the wide groups as the repository's any-of filter: the same distance as the
    # nearest over every all-of pick, without a search per pick.
    scan = query.model_copy(update={"nearest": 1, "page": 1, "page_size": 1})
    hits = any_of_page(scan, groups, repo, origin).results
    return hits[0].distance_miles if hits else None


def _unrecorded(
    query: FacilityQuery, groups: Sequence[Sequence[str]], repo: FacilityRepository, origin: Place, in_range: int
) -> list[UnrecordedData]:
    """For each asked topic that listings may leave blank (payment, languages, ages), how many in range do."""
    known = catalogue()
    topics: dict[str, set[str]] = {}
    for group in [*groups, *([c] for c in query.codes)]:
        for code in group:
            category = known[code].category if code in known else ""
            if category in _DATA_TOPICS:
                topics.setdefault(_DATA_TOPICS[category], set())
    if not topics:
        return []
    for category, topic in _DATA_TOPICS.items():
        if topic in topics:
            topics[topic].add(category)
    bare = query.model_copy(update={"codes": [], "name": None, "facility_type": None, "page_size": 100})
    listings: list[list[str]] = []
    for page in range(1, GAP_SCAN // 100 + 1):
        hits = search_page(bare.model_copy(update={"page": page}), repo, origin).results
        listings.extend(hit.codes for hit in hits)
        if len(hits) < 100:
            break
    gaps = []
    for topic, categories in topics.items():
        blank = sum(1 for codes in listings if not any(known[c].category in categories for c in codes if c in known))
        if blank:
            gaps.append(UnrecordedData(topic=topic, listings=blank, of=len(listings)))
    return gaps


def _medication_links(
    query: FacilityQuery, groups: Sequence[Sequence[str]], repo: FacilityRepository, origin: Place | None
) -> list[FinderLink]:
    """Buprenorphine and methadone searches from the same place, each with a radius that finds one."""
    answers = {a.id: sorted(a.any_of) for a in load_choices().medication}
    links = []
    for label, medication in MEDICATION_FINDERS:
        group = answers[medication]
        if group in groups or set(group) & set(query.codes):
            continue  # that was the search that found nothing
        if origin is None:
            links.append(FinderLink(label=label, query=medication_finder_query(medication), medication=medication))
            continue
        probe = FacilityQuery(near=query.near, include_demo=query.include_demo)
        miles = _nearest_miles(probe, [group], repo, origin)
        if miles is None or _round_up(miles) > MAX_RADIUS:
            continue
        radius = _round_up(miles)
        finder = medication_finder_query(medication, query.near, radius)
        links.append(
            FinderLink(label=label, query=finder, medication=medication, radius_miles=radius, nearest_miles=miles)
        )
    return links


def _describe(query: FacilityQuery, groups: Sequence[Sequence[str]]) -> str:
    """What was asked, in the form's words: "Detox (supervised withdrawal); Medicaid"."""
    choices = load_choices()
    labels: dict[tuple[str, ...], str] = {}
    for question in ("care", "medication", "payment", "language", "age"):
        for answer in choices.answers(question):
            label = answer.label.removeprefix("I have ") if question == "payment" else answer.label
            labels.setdefault(tuple(sorted(answer.any_of)), label)
    known = catalogue()
    parts = [labels.get(tuple(g)) or " or ".join(known[c].plain for c in g if c in known) for g in groups]
    parts += [known[c].plain for c in query.codes if c in known and [c] not in groups]
    if query.facility_type:
        parts.append(_TYPES.get(query.facility_type, query.facility_type))
    if query.name:
        parts.append(f"names containing {query.name!r}")
    if query.has_openings:
        parts.append("an open place posted or confirmed in the last 24 hours")
    return "; ".join(p for p in parts if p)
