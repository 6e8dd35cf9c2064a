"""``/api/v1/facilities/compare``, ``/api/v1/facilities/quality`` and ``/api/v1/questions``: choose well."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from pydantic import StringConstraints

from recoverynav.api.deps import FinderDep as Repository
from recoverynav.api.deps import NowDep
from recoverynav.api.errors import BAD_VALUE, NOT_FOUND
from recoverynav.api.facilities import _invalid, _show_demo
from recoverynav.directory import (
    MAX_COMPARED,
    MIN_COMPARED,
    CompareError,
    Comparison,
    QualityTable,
    QuestionList,
    UnknownChoiceError,
    UnknownFacilityError,
    UnknownPlaceError,
    compare_facilities,
    load_choices,
    quality_table,
    questions_for,
)
from recoverynav.patterns import one_of

router = APIRouter(tags=["facilities"])


# The find form's closed sets, any case, blank allowed (questions_for strips and upper-cases).
CARE_PATTERN = rf"^\s*{one_of(c.id for c in load_choices().care)}?\s*$"
MEDICATION_PATTERN = rf"^\s*{one_of(m.id for m in load_choices().medication)}?\s*$"
# What checked_frids accepts, stated in OpenAPI: up to 80 characters, no control character, not blank.
FridItem = Annotated[str, StringConstraints(max_length=80, pattern=r"^[^\x00-\x1f]*[^\x00-\x1f\s][^\x00-\x1f]*$")]


@router.get("/facilities/compare", response_model=Comparison, responses={**NOT_FOUND, **BAD_VALUE})
def compare(
    repo: Repository,
    now: NowDep,
    frid: Annotated[
        list[FridItem],
        Query(
            min_length=MIN_COMPARED,
            max_length=MAX_COMPARED,
            description="Two or three different facility ids; repeat the parameter: ?frid=A&frid=B",
            json_schema_extra={"uniqueItems": True},
        ),
    ],
    near: Annotated[
        str | None, Query(max_length=120, description='Measure distances from: ZIP, "lat,lon" or "City, ST"')
    ] = None,
    include_demo: Annotated[bool, Query(description="Include synthetic demo facilities")] = False,
) -> Comparison:
    """Two or three facilities side by side: care, medications, payment, languages, people served, signs of quality."""
    try:
        return compare_facilities(frid, repo, near=near, include_demo=_show_demo(include_demo), now=now)
    except CompareError as exc:
        raise _invalid(exc.field, str(exc), exc.value) from exc
    except UnknownPlaceError as exc:
        raise _invalid("near", str(exc), near, suggestions=exc.suggestions) from exc
    except UnknownFacilityError as exc:
        raise HTTPException(
            status_code=404, detail={"message": str(exc), "field": "frid", "value": exc.frid, "suggestions": []}
        ) from exc


@router.get("/facilities/quality", response_model=QualityTable)
def quality_rules() -> QualityTable:
    """The signs-of-quality rule table: each sign's meaning, survey codes and sources."""
    return quality_table()


@router.get("/questions", response_model=QuestionList, responses=BAD_VALUE)
def questions(
    care: Annotated[
        str, Query(max_length=20, pattern=CARE_PATTERN, description="Type of care id, e.g. DT, RES, OP")
    ] = "",
    medication: Annotated[
        str, Query(max_length=20, pattern=MEDICATION_PATTERN, description="Medication id: BU, METH or NU")
    ] = "",
) -> QuestionList:
    """Questions to ask a facility before you go, tailored by care type and medication, each with its sources."""
    try:
        return questions_for(care, medication)
    except UnknownChoiceError as exc:
        raise _invalid(exc.field, str(exc), exc.value, allowed=exc.allowed) from exc
