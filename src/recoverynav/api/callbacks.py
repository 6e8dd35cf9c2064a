"""``POST /api/v1/callback-requests``: ask the helpline to call back; the request lands as a new case.

Only the phone and the consent tick are required. Attachments are the public tools' own inputs (screening
answers, placement facts, a directory search), scored again on arrival. The answer is the reference code and
nothing else; validation errors name the field and never echo the value (a phone is personal data).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel, Field

from recoverynav.api.errors import ParameterProblemResponse
from recoverynav.api.listing_reports import TooManyReports, _WithholdInput
from recoverynav.backoffice import CallbackRateLimited, CallbackRequest, request_callback
from recoverynav.directory import client_key
from recoverynav.errors import InputRejected, NotFound
from recoverynav.wiring import UnitOfWork, callback_limits, case_units

router = APIRouter(tags=["helpline"], route_class=_WithholdInput)


class CallbackCreated(BaseModel):
    """The request is in the helpline's queue; quote the reference when you call or are called."""

    reference: str = Field(description="A code like K7M2-9QX4 to quote on the phone")


# The route opens its unit itself (committed before the 201 is sent; see wiring.case_units).
CaseUnitsDep = Annotated[Callable[[], UnitOfWork], Depends(case_units)]


@router.post(
    "/callback-requests",
    status_code=201,
    response_model=CallbackCreated,
    responses={
        422: {"model": ParameterProblemResponse, "description": "A bad field, named in `loc` (the value not repeated)"},
        429: {"model": TooManyReports, "description": "Too many requests; see the Retry-After header"},
    },
)
def create_callback_request(request: Request, body: CallbackRequest, units: CaseUnitsDep) -> CallbackCreated:
    """Ask the helpline to call you back (nickname, phone, best time, language; consent_to_call must be true)."""
    try:
        with units() as unit:
            case = request_callback(
                unit,
                body,
                client=client_key(request.client.host if request.client else None),
                limits=callback_limits(),
                now=datetime.now(UTC),
            )
    except CallbackRateLimited as exc:
        raise HTTPException(
            status_code=429,
            detail={"message": str(exc), "retry_after": exc.retry_after},
            headers={"Retry-After": str(exc.retry_after)},
        ) from exc
    except (InputRejected, NotFound) as exc:
        raise HTTPException(status_code=422, detail=_attachment_problem(body, exc)) from None
    return CallbackCreated(reference=case.reference)


def _attachment_problem(body: CallbackRequest, exc: Exception) -> dict[str, Any]:
    # Only an attachment can fail after validation: a screening that does not score. Its answers are health
    # data, so the message names the instrument and the fix, not the answers.
    names = ", ".join(s.instrument for s in body.screening) or "none"
    return {
        "message": f"screening: the answers do not score on the named instrument ({names}); send one option "
        "index per item in published order, as GET /api/v1/screening/{instrument_id} lists them",
        "field": "screening",
        "value": "(not repeated)",
        "suggestions": [],
        "kind": type(exc).__name__,
    }
