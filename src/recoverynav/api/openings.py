"""Openings (#16): a facility account's ``/api/v1/facility/openings`` and the helpline's "called, confirmed" check.

A facility signs in like staff (``POST /api/v1/staff/token``) and may read and replace the openings of its own
listings only: any other listing id is a 404, the same as one that does not exist. The public sees the openings
inside ``GET /api/v1/facilities/{frid}`` and can filter the finder with ``has_openings=true``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Request
from pydantic import BaseModel

from recoverynav.api.deps import CaseUnitsDep, CurrentActor, FacilitiesDep
from recoverynav.api.errors import ParameterProblemResponse
from recoverynav.backoffice import (
    FRID_PATTERN,
    Denied,
    OpeningsConfirmation,
    OpeningsUpdate,
    UnknownListing,
    confirm_openings,
    own_openings,
    post_openings,
)
from recoverynav.directory import CareType, Opening, OpeningSource
from recoverynav.errors import InputRejected

router = APIRouter(tags=["openings"])

REFUSALS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Not signed in"},
    403: {"description": "Signed in, but the role may not do this"},
    404: {"description": "No such listing among the ones this account may update"},
    422: {"model": ParameterProblemResponse, "description": "A bad field, named in `loc`"},
}
# The openings routes also take the facility repository (``_: FacilitiesDep``): listings are looked up in the
# directory, which is loaded with the bundled data on first use.
Frid = Annotated[str, Path(min_length=1, max_length=80, pattern=FRID_PATTERN, description="The listing's id")]


class PostedOpening(BaseModel):
    """One care type's figures as stored: when they were said, and whether by the facility or the helpline."""

    care_type: CareType
    open_slots: int
    accepting_new: bool
    waitlist: int | None
    updated_at: datetime
    source: OpeningSource


class ListingOpenings(BaseModel):
    """A listing's openings, every care type it posted (old ones too: the facility sees its own)."""

    frid: str
    openings: list[PostedOpening]


def _answer(frid: str, openings: list[Opening]) -> ListingOpenings:
    return ListingOpenings(
        frid=frid,
        openings=[
            PostedOpening(
                care_type=o.care_type,
                open_slots=o.open_slots,
                accepting_new=o.accepting_new,
                waitlist=o.waitlist,
                updated_at=o.updated_at,
                source=o.source,
            )
            for o in openings
        ],
    )


def _source(request: Request) -> str | None:
    return request.client.host[:80] if request.client else None


def _refused(exc: Exception) -> HTTPException:
    if isinstance(exc, UnknownListing):
        return HTTPException(status_code=404, detail={"message": str(exc), "field": "frid"})
    if isinstance(exc, InputRejected):
        return HTTPException(status_code=422, detail={"message": str(exc), "field": "openings"})
    return HTTPException(status_code=403, detail={"message": str(exc)})


@router.get("/facility/openings", response_model=list[ListingOpenings], responses=REFUSALS)
def read_own_openings(actor: CurrentActor, units: CaseUnitsDep) -> list[ListingOpenings]:
    """A facility account's listings with their openings."""
    try:
        with units() as unit:
            mine = own_openings(unit, actor)
    except Denied as exc:
        raise _refused(exc) from None
    return [_answer(frid, openings) for frid, openings in mine.items()]


@router.put("/facility/openings", response_model=ListingOpenings, responses=REFUSALS)
def put_own_openings(
    request: Request, body: OpeningsUpdate, actor: CurrentActor, units: CaseUnitsDep, _: FacilitiesDep
) -> ListingOpenings:
    """Replace the openings of one of this facility account's listings (each care type once)."""
    try:
        with units() as unit:
            stored = post_openings(unit, actor, body, now=datetime.now(UTC), source=_source(request))
    except (Denied, UnknownListing) as exc:
        raise _refused(exc) from None
    return _answer(body.frid, stored)


@router.post("/staff/facilities/{frid}/openings/confirm", response_model=ListingOpenings, responses=REFUSALS)
def confirm_by_phone(
    request: Request, frid: Frid, body: OpeningsConfirmation, actor: CurrentActor, units: CaseUnitsDep, _: FacilitiesDep
) -> ListingOpenings:
    """The helpline phoned the facility: record what it said, or confirm the stored figures as they are."""
    try:
        with units() as unit:
            stored = confirm_openings(unit, actor, frid, body.openings, now=datetime.now(UTC), source=_source(request))
    except (Denied, UnknownListing, InputRejected) as exc:
        raise _refused(exc) from None
    return _answer(frid, stored)
