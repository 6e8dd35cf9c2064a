"""``/api/v1/meetings``: support-group meetings near a place (Meeting Guide feeds); one meeting; the type list."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path, Query
from pydantic import StringConstraints, ValidationError

from recoverynav.api.deps import MeetingsDep
from recoverynav.api.errors import NOT_FOUND
from recoverynav.directory import UnknownPlaceError
from recoverynav.meetings import (
    DAY_NAMES,
    MeetingHit,
    MeetingQuery,
    MeetingResult,
    MeetingType,
    UnknownMeetingError,
    get_meeting,
    meeting_types,
    search_meetings,
)
from recoverynav.patterns import one_of

router = APIRouter(tags=["meetings"])

MAX_ID = 2**31 - 1


# The shared factory (recoverynav.wiring), so one override swaps it for the API and the web pages alike.
Repository = MeetingsDep


# The closed sets as OpenAPI patterns (the reader also takes English labels, which the schema need not list).
TypeCode = Annotated[str, StringConstraints(max_length=20, pattern=f"^{one_of(meeting_types())}$")]
_DAYS = one_of([*DAY_NAMES, *(d[:3] for d in DAY_NAMES), *"0123456"])
DAY_PATTERN = rf"^\s*{_DAYS}\s*$"


def _invalid(field: str, message: str, value: Any, **extra: Any) -> HTTPException:
    """A 422 shaped like FastAPI's own: the parameter named in ``loc``."""
    return HTTPException(
        status_code=422,
        detail=[{"type": "value_error", "loc": ["query", field], "msg": message, "input": value, **extra}],
    )


@router.get("/meetings", response_model=MeetingResult)
def search(
    repo: Repository,
    near: Annotated[str, Query(min_length=1, max_length=120, description='US ZIP code, "lat,lon" or "City, ST"')],
    radius_miles: Annotated[float, Query(gt=0, le=500, allow_inf_nan=False, description="Miles around near")] = 25,
    day: Annotated[
        str | None, Query(max_length=12, pattern=DAY_PATTERN, description="sun..sat, or 0-6 (0 = Sunday)")
    ] = None,
    types: Annotated[
        list[TypeCode] | None,
        Query(alias="type", max_length=20, description="Meeting type codes, all required (O, S...)"),
    ] = None,
    online: Annotated[bool, Query(description="Meetings joinable online, from anywhere")] = False,
    order: Annotated[
        Literal["distance", "next"], Query(description="Nearest first, or next to start first")
    ] = "distance",
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    tz: Annotated[str | None, Query(max_length=60, description="Viewer's IANA time zone for viewer_start")] = None,
) -> MeetingResult:
    """Meetings near a place, nearest first, each with its next start in its own zone and the viewer's."""
    values = list(types or [])
    try:
        query = MeetingQuery(
            near=near,
            radius_miles=radius_miles,
            day=day,
            types=values,
            online=online,
            order=order,
            limit=limit,
            viewer_timezone=tz,
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        field = {"types": "type", "viewer_timezone": "tz"}.get(str(first["loc"][0]), str(first["loc"][0]))
        raise _invalid(field, str(first["msg"]).removeprefix("Value error, "), first.get("input")) from exc
    try:
        return search_meetings(query, repo)
    except UnknownPlaceError as exc:
        raise _invalid("near", str(exc), near, suggestions=exc.suggestions) from exc


@router.get("/meetings/types", response_model=list[MeetingType])
def list_types() -> list[MeetingType]:
    """Every Meeting Guide type code with its label in English and Spanish (from the spec)."""
    return list(meeting_types().values())


@router.get("/meetings/{meeting_id}", response_model=MeetingHit, responses=NOT_FOUND)
def read_meeting(
    meeting_id: Annotated[int, Path(ge=1, le=MAX_ID)],
    repo: Repository,
    tz: Annotated[str | None, Query(max_length=60, description="Viewer's IANA time zone for viewer_start")] = None,
) -> MeetingHit:
    """One meeting with its feed, updated date, next start and (online) link and phone."""
    from recoverynav.meetings import valid_zone

    if tz and not valid_zone(tz):
        raise _invalid("tz", f"{tz!r} is not a time zone; use an IANA name such as America/New_York", tz)
    try:
        return get_meeting(meeting_id, repo, viewer_timezone=tz)
    except UnknownMeetingError as exc:
        raise HTTPException(
            status_code=404,
            detail={"message": str(exc), "field": "meeting_id", "value": meeting_id, "suggestions": []},
        ) from exc
