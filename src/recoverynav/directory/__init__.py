"""Find treatment: SAMHSA's facility directory — the locator's code catalogue, facilities, search.

Usage::

    from recoverynav.directory import catalogue, code_for_label
    catalogue()["BU"].plain          # "Buprenorphine"

    from recoverynav.directory import FacilityQuery, search_facilities
    from recoverynav.storage import facility_repository
    search_facilities(FacilityQuery(near="22902", radius_miles=10, codes=["MD"]), facility_repository())
"""

from __future__ import annotations

from recoverynav.directory.choices import QUESTIONS, UnknownChoiceError, any_of_groups, load_choices, search_any_of
from recoverynav.directory.codes import (
    Category,
    ServiceCode,
    catalogue,
    categories,
    code_for_label,
    codes_for_labels,
    group_by_category,
    headline_services,
)
from recoverynav.directory.empty import EmptyResult, FinderLink, Helpline, UnrecordedData
from recoverynav.directory.geocode import geocode, great_circle_miles
from recoverynav.directory.models import (
    CONFIRM_NOTICE,
    Facility,
    FacilityHit,
    FacilityQuery,
    Place,
    SearchResult,
    UnknownFacilityError,
    UnknownPlaceError,
)
from recoverynav.directory.phones import Phone, listed_phones, parse_phone
from recoverynav.directory.repository import FacilityFilter, FacilityPage, FacilityRepository
from recoverynav.directory.search import get_facility, search_facilities

__all__ = [
    "CONFIRM_NOTICE",
    "QUESTIONS",
    "Category",
    "EmptyResult",
    "Facility",
    "FacilityFilter",
    "FacilityHit",
    "FacilityPage",
    "FacilityQuery",
    "FacilityRepository",
    "FinderLink",
    "Helpline",
    "Phone",
    "Place",
    "SearchResult",
    "ServiceCode",
    "UnknownChoiceError",
    "UnknownFacilityError",
    "UnknownPlaceError",
    "UnrecordedData",
    "any_of_groups",
    "catalogue",
    "categories",
    "code_for_label",
    "codes_for_labels",
    "geocode",
    "get_facility",
    "great_circle_miles",
    "group_by_category",
    "headline_services",
    "listed_phones",
    "load_choices",
    "parse_phone",
    "search_any_of",
    "search_facilities",
]
