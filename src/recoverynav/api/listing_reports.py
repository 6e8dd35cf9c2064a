"""``POST /api/v1/facilities/{frid}/reports``: tell the operator a listing is wrong (stored, never e-mailed).

Validation errors on this route never echo what was sent: the optional contact is personal data, and a 422
body ends up in client logs. A browser on another site cannot post here: a JSON body needs
``Content-Type: application/json``, which a cross-site form cannot send and no CORS rule allows.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field

from recoverynav.api.deps import FacilitiesDep, SettingsDep, listing_report_repository
from recoverynav.api.errors import NOT_FOUND, ParameterProblemResponse
from recoverynav.directory import (
    FacilityRepository,
    ListingReportRepository,
    Reason,
    ReportLimits,
    ReportRateLimited,
    ReportStatus,
    ReportSubmission,
    UnknownFacilityError,
    client_key,
    report_listing,
)
from recoverynav.settings import Settings

WITHHELD = "(not repeated: this route never echoes what was sent)"


class _WithholdInput(APIRoute):
    """Answers a validation error with the field and the fix, without the value sent."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def guarded(request: Request) -> Response:
            try:
                return await handler(request)
            except RequestValidationError as exc:
                errors = [{**error, "input": WITHHELD} for error in exc.errors()]
                raise RequestValidationError(errors) from None

        return guarded


router = APIRouter(tags=["facilities"], route_class=_WithholdInput)


class ReportCreated(BaseModel):
    """The stored report: its id, which listing, why, and that it waits in the operator's queue."""

    id: int = Field(description="The report's id in the operator's queue")
    frid: str
    reason: Reason
    status: ReportStatus
    created_at: datetime


class TooManyReports(BaseModel):
    """``{"detail": {...}}`` when the rate limit is reached; the Retry-After header says when to try again."""

    detail: dict[str, Any]


def _repositories(facilities: FacilitiesDep) -> tuple[FacilityRepository, ListingReportRepository]:
    """The listings and their reports (kept in the listings' own database), both from :mod:`recoverynav.wiring`."""
    # A listing held outside SQL (a test's) reports into the configured database.
    return facilities, listing_report_repository(facilities) or listing_report_repository()


def _limits(settings: Settings) -> ReportLimits:
    return ReportLimits(per_client=settings.report_limit_per_client, per_facility=settings.report_limit_per_facility)


Repositories = Annotated[tuple[FacilityRepository, ListingReportRepository], Depends(_repositories)]


@router.post(
    "/facilities/{frid}/reports",
    status_code=201,
    response_model=ReportCreated,
    responses={
        **NOT_FOUND,
        422: {
            "model": ParameterProblemResponse,
            "description": "A bad field: `loc` names it (the value is not repeated)",
        },
        429: {"model": TooManyReports, "description": "Too many reports; see the Retry-After header"},
    },
)
def create_report(
    request: Request,
    frid: Annotated[str, Path(max_length=80)],
    submission: ReportSubmission,
    repositories: Repositories,
    settings: SettingsDep,
) -> ReportCreated:
    """Report that a listing is wrong (phone, closed, services, other); stored for the operator, never e-mailed."""
    facilities, reports = repositories

    now = datetime.now(UTC)
    try:
        report_id = report_listing(
            frid,
            submission,
            client=client_key(request.client.host if request.client else None),
            facilities=facilities,
            reports=reports,
            limits=_limits(settings),
            include_synthetic=settings.show_demo_data,
            now=now,
        )
    except UnknownFacilityError as exc:
        raise HTTPException(
            status_code=404, detail={"message": str(exc), "field": "frid", "value": frid, "suggestions": []}
        ) from exc
    except ReportRateLimited as exc:
        raise HTTPException(
            status_code=429,
            detail={"message": str(exc), "retry_after": exc.retry_after},
            headers={"Retry-After": str(exc.retry_after)},
        ) from exc
    return ReportCreated(id=report_id, frid=frid, reason=submission.reason, status="open", created_at=now)
