"""The facility side of referrals: a facility account lists the referrals sent to its own listings and answers them.

A referral to another facility's listing is answered exactly like one that does not exist (404), so an account
cannot learn what was sent elsewhere. Each referral carries what was disclosed, the § 2.32 notice and the copy of
the consent; opening the list marks new referrals as seen.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path, Request
from pydantic import BaseModel, ConfigDict, Field

from recoverynav.api.deps import CaseUnitsDep, CurrentActor
from recoverynav.api.errors import FieldProblemResponse, ParameterProblemResponse
from recoverynav.backoffice import (
    DeclineReason,
    Denied,
    FacilityReferral,
    OutboxNotifier,
    ReferralNotFound,
    ReferralRefused,
    decide_referral,
    facility_referrals,
)
from recoverynav.wiring import deliver_notifications, sign_in_url

router = APIRouter(prefix="/facility", tags=["facility"])

ReferralId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[0-9a-f]{1,64}$", description="A referral id")]
REFUSALS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Not signed in"},
    403: {"description": "Signed in, but not as a facility account"},
    404: {"model": FieldProblemResponse, "description": "No such referral to your listings"},
    409: {"model": FieldProblemResponse, "description": "The referral was already answered or expired"},
    422: {"model": ParameterProblemResponse | FieldProblemResponse, "description": "A bad field, named"},
}


class DecisionBody(BaseModel):
    """A facility's answer: accepted, declined (with a reason code) or waitlisted."""

    model_config = ConfigDict(extra="forbid")

    decision: Literal["accepted", "declined", "waitlisted"]
    reason: DeclineReason | None = Field(default=None, description="Required for declined, refused otherwise")
    note: str | None = Field(default=None, max_length=500, description="An optional note for the consultant")


def _source(request: Request) -> str | None:
    return request.client.host[:100] if request.client else None


@router.get("/referrals", response_model=list[FacilityReferral], responses=REFUSALS)
def list_facility_referrals(request: Request, actor: CurrentActor, units: CaseUnitsDep) -> list[FacilityReferral]:
    """The referrals sent to your listings, newest first (opening the list marks new ones seen)."""
    try:
        with units() as unit:
            return facility_referrals(unit, actor, now=datetime.now(UTC), source=_source(request))
    except Denied as exc:
        raise HTTPException(status_code=403, detail={"message": str(exc)}) from None


@router.post("/referrals/{referral_id}/decision", response_model=FacilityReferral, responses=REFUSALS)
def post_decision(
    request: Request, referral_id: ReferralId, body: DecisionBody, actor: CurrentActor, units: CaseUnitsDep
) -> FacilityReferral:
    """Answer a referral to one of your listings (a decline needs a reason code)."""
    now = datetime.now(UTC)
    try:
        with units() as unit:
            answered = decide_referral(
                unit,
                actor,
                referral_id,
                body.decision,
                reason=body.reason,
                note=body.note,
                now=now,
                source=_source(request),
                notifier=OutboxNotifier(unit, sign_in_url=sign_in_url(), now=now),
            )
    except Denied as exc:
        raise HTTPException(status_code=403, detail={"message": str(exc)}) from None
    except ReferralNotFound:
        raise HTTPException(status_code=404, detail={"message": "No such referral.", "field": "referral_id"}) from None
    except ReferralRefused as exc:
        field = str(exc).split(":", 1)[0]
        status = 409 if field == "decision" else 422
        raise HTTPException(status_code=status, detail={"message": str(exc), "field": field}) from None
    deliver_notifications(now)
    return answered
