"""``/api/v1/facilities``: search SAMHSA's treatment directory near a place; read one facility."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path, Query
from pydantic import Field, ValidationError

from recoverynav import directory
from recoverynav.api.deps import FinderDep as Repository
from recoverynav.api.deps import NowDep
from recoverynav.api.errors import NOT_FOUND
from recoverynav.directory import (
    FacilityHit,
    FacilityQuery,
    FinderLink,
    UnknownFacilityError,
    UnknownPlaceError,
    get_facility,
    search_facilities,
)
from recoverynav.patterns import one_of
from recoverynav.web.finder_links import finder_href

router = APIRouter(tags=["facilities"])


def _show_demo(asked: bool) -> bool:
    from recoverynav.api.deps import settings as current_settings

    return asked or current_settings().show_demo_data


def _code_list_pattern() -> str:
    """The closed set of service codes as a regex for OpenAPI: comma-separated, any case, blanks allowed."""
    from recoverynav.directory import catalogue

    code = one_of(catalogue())
    item = rf"[ \t]*(?:{code}[ \t]*)?"
    return rf"^{item}(?:,{item})*$"


CODE_LIST = _code_list_pattern()


def _invalid(field: str, message: str, value: Any, **extra: Any) -> HTTPException:
    """A 422 shaped like FastAPI's own: the parameter named in ``loc``."""
    return HTTPException(
        status_code=422,
        detail=[{"type": "value_error", "loc": ["query", field], "msg": message, "input": value, **extra}],
    )


class SearchToTry(FinderLink):
    """A search to try, with the web finder's address for it."""

    url: str = Field(description="The web finder page for this search, e.g. /find?medication=BU&near=22902")


class EmptyResult(directory.EmptyResult):
    """Why nothing matched, with each medication search also as the web finder's address."""

    medication_links: list[SearchToTry] = Field(default_factory=list)  # type: ignore[assignment]


# Named as the directory's models, so the API schema keeps the names clients know.
class SearchResult(directory.SearchResult):
    """One page of hits; ``empty`` explains a search with no match at all."""

    empty: EmptyResult | None = None


def answer_search(result: directory.SearchResult) -> SearchResult:
    """The directory's result with web finder addresses built here (the directory only says what to search)."""
    empty = None
    if result.empty is not None:
        links = [SearchToTry(**dict(k), url=finder_href(k.query)) for k in result.empty.medication_links]
        empty = EmptyResult.model_validate({**dict(result.empty), "medication_links": links})
    return SearchResult.model_validate({**dict(result), "empty": empty})


@router.get("/facilities", response_model=SearchResult)
def search(
    repo: Repository,
    now: NowDep,
    near: Annotated[str | None, Query(max_length=120, description='US ZIP code, "lat,lon" or "City, ST"')] = None,
    radius_miles: Annotated[float, Query(gt=0, le=500, allow_inf_nan=False, description="Miles around near")] = 25,
    nearest: Annotated[int | None, Query(ge=1, le=1000, description="Nearest N instead of a radius")] = None,
    codes: Annotated[
        str, Query(max_length=300, pattern=CODE_LIST, description="Comma-separated service codes, all required")
    ] = "",
    facility_type: Annotated[Literal["SA", "MH"] | None, Query(description="SA (substance use) or MH")] = None,
    name: Annotated[str | None, Query(max_length=120, description="Text in the facility name")] = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=100)] = 20,
    include_demo: Annotated[bool, Query(description="Include synthetic demo facilities")] = False,
    has_openings: Annotated[
        bool, Query(description="Only listings with an open place posted or confirmed in the last 24 hours")
    ] = False,
) -> SearchResult:
    """Facilities near a place offering every given service code, nearest first, with distances in miles."""
    try:
        query = FacilityQuery(
            near=near,
            radius_miles=radius_miles,
            nearest=nearest,
            codes=[c.strip() for c in codes.split(",") if c.strip()],
            facility_type=facility_type,
            name=name,
            page=page,
            page_size=page_size,
            include_demo=_show_demo(include_demo),
            has_openings=has_openings,
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else "near"
        raise _invalid(field, first["msg"], first.get("input")) from exc
    try:
        return answer_search(search_facilities(query, repo, now=now))
    except UnknownPlaceError as exc:
        raise _invalid("near", str(exc), near, suggestions=exc.suggestions) from exc


@router.get("/facilities/{frid}", response_model=FacilityHit, responses=NOT_FOUND)
def read_facility(
    frid: Annotated[str, Path(min_length=1, max_length=80, description="The facility's id")],
    repo: Repository,
    now: NowDep,
    include_demo: bool = False,
) -> FacilityHit:
    """One facility with its services as codes, source and snapshot year, and its openings with their age; closed
    ones say so in status."""
    try:
        return get_facility(frid, repo, include_demo=_show_demo(include_demo), now=now)
    except UnknownFacilityError as exc:
        raise HTTPException(
            status_code=404, detail={"message": str(exc), "field": "frid", "value": frid, "suggestions": []}
        ) from exc
