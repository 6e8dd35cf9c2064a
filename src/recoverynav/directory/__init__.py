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
    spanish_names,
)
from recoverynav.directory.compare import MAX_COMPARED, MIN_COMPARED, CompareError, Comparison, compare_facilities
from recoverynav.directory.empty import EmptyResult, FinderLink, Helpline, UnrecordedData
from recoverynav.directory.export import (
    FLAT_COLUMNS,
    SourceTally,
    attribution,
    flat_record,
    hsds_columns,
    hsds_descriptor,
    hsds_records,
    taxonomy_records,
)
from recoverynav.directory.geocode import geocode, great_circle_miles
from recoverynav.directory.importers.states import state_code
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
from recoverynav.directory.openings import (
    CARE_TYPES,
    HIDDEN_AFTER,
    SLOTS_MAX,
    STALE_AFTER,
    CareType,
    ListedOpening,
    Opening,
    OpeningSource,
    age_phrase,
    care_type_label,
    listed_openings,
    opening_line,
)
from recoverynav.directory.phones import Phone, listed_phones, parse_phone
from recoverynav.directory.quality import QualityTable, quality_table
from recoverynav.directory.questions import QuestionList, load_questions, questions_for
from recoverynav.directory.reports import (
    CONTACT_MAX,
    DETAILS_MAX,
    REASONS,
    ListingReportRepository,
    Reason,
    ReportLimits,
    ReportRateLimited,
    ReportStatus,
    ReportSubmission,
    UnknownReportError,
    client_key,
    report_listing,
    resolve_report,
)
from recoverynav.directory.repository import FacilityFilter, FacilityPage, FacilityRepository
from recoverynav.directory.search import get_facility, search_facilities
from recoverynav.finder import FinderQuery

__all__ = [
    "CARE_TYPES",
    "CONFIRM_NOTICE",
    "CONTACT_MAX",
    "DETAILS_MAX",
    "FLAT_COLUMNS",
    "HIDDEN_AFTER",
    "MAX_COMPARED",
    "MIN_COMPARED",
    "QUESTIONS",
    "REASONS",
    "SLOTS_MAX",
    "STALE_AFTER",
    "CareType",
    "Category",
    "CompareError",
    "Comparison",
    "EmptyResult",
    "Facility",
    "FacilityFilter",
    "FacilityHit",
    "FacilityPage",
    "FacilityQuery",
    "FacilityRepository",
    "FinderLink",
    "FinderQuery",
    "Helpline",
    "ListedOpening",
    "ListingReportRepository",
    "Opening",
    "OpeningSource",
    "Phone",
    "Place",
    "QualityTable",
    "QuestionList",
    "Reason",
    "ReportLimits",
    "ReportRateLimited",
    "ReportStatus",
    "ReportSubmission",
    "SearchResult",
    "ServiceCode",
    "SourceTally",
    "UnknownChoiceError",
    "UnknownFacilityError",
    "UnknownPlaceError",
    "UnknownReportError",
    "UnrecordedData",
    "age_phrase",
    "any_of_groups",
    "attribution",
    "care_type_label",
    "catalogue",
    "categories",
    "client_key",
    "code_for_label",
    "codes_for_labels",
    "compare_facilities",
    "flat_record",
    "geocode",
    "get_facility",
    "great_circle_miles",
    "group_by_category",
    "headline_services",
    "hsds_columns",
    "hsds_descriptor",
    "hsds_records",
    "listed_openings",
    "listed_phones",
    "load_choices",
    "load_questions",
    "opening_line",
    "parse_phone",
    "quality_table",
    "questions_for",
    "report_listing",
    "resolve_report",
    "search_any_of",
    "search_facilities",
    "spanish_names",
    "state_code",
    "taxonomy_records",
]
