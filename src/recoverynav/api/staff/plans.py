"""A recovery plan on a case, through the staff API: attached at the person's request (their plan file, as
``POST /api/v1/plans/pdf`` takes it), read back as the plan file or the PDF, and removed when they ask.

Routes translate only: ``attach_plan`` and ``read_plan`` check the role (deny by default) and audit each read and
write. A 422 names the field and the rule without echoing the plan (the plans route's ``PrivateBodyRoute``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from recoverynav.api.deps import CaseUnitsDep, CurrentActor
from recoverynav.api.deps import settings as current_settings
from recoverynav.api.plans import PrivateBodyRoute
from recoverynav.api.staff.cases import CONFLICT, REFUSALS, CaseId, _refused, _source
from recoverynav.backoffice import Denied, NoPlanAttached, attach_plan, read_plan
from recoverynav.errors import InputRejected, NotFound
from recoverynav.plans import RecoveryPlan, plan_pdf

router = APIRouter(prefix="/staff", tags=["staff"], route_class=PrivateBodyRoute)

NO_STORE = {"Cache-Control": "no-store"}
ASKED = "True: the person asked for this (a plan is kept on, or taken off, a case only at their request)"
PDF: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/pdf": {}}, "description": "The plan's pages, then the wallet card"},
    **REFUSALS,
}


class PlanAttachment(BaseModel):
    """The person's plan file to keep on the case, the confirmation that they asked, and the version you read."""

    model_config = ConfigDict(extra="forbid")

    plan: RecoveryPlan
    asked: Literal[True] = Field(description=ASKED)
    version: int | None = Field(default=None, ge=1, le=2**31 - 1, description="The case version you read")


class PlanOnCase(BaseModel):
    """Whether a plan is now on the case, and the case's new version."""

    case_id: str
    version: int
    attached: bool


def _plan_refused(exc: Exception) -> HTTPException:
    if isinstance(exc, NoPlanAttached):
        return HTTPException(status_code=404, detail={"message": str(exc), "field": "plan"})
    return _refused(exc)


@router.put("/cases/{case_id}/plan", response_model=PlanOnCase, responses={**REFUSALS, **CONFLICT})
def put_plan(
    request: Request, case_id: CaseId, body: PlanAttachment, actor: CurrentActor, units: CaseUnitsDep
) -> PlanOnCase:
    """Keep the person's recovery plan on the case (it replaces one attached before); the write is audited."""
    try:
        with units() as unit:
            case = attach_plan(
                unit,
                actor,
                case_id,
                body.plan,
                asked=body.asked,
                version=body.version,
                now=datetime.now(UTC),
                source=_source(request),
            )
    except (Denied, InputRejected, NotFound) as exc:
        raise _plan_refused(exc) from None
    return PlanOnCase(case_id=case.id, version=case.version, attached=True)


@router.delete("/cases/{case_id}/plan", response_model=PlanOnCase, responses={**REFUSALS, **CONFLICT})
def delete_plan(
    request: Request,
    case_id: CaseId,
    actor: CurrentActor,
    units: CaseUnitsDep,
    asked: Annotated[Literal["yes"], Query(description="yes: the person asked to take the plan off their case")],
    version: Annotated[int | None, Query(ge=1, le=2**31 - 1, description="The case version you read")] = None,
) -> PlanOnCase:
    """Take the plan off the case at the person's request; the write is audited."""
    try:
        with units() as unit:
            case = attach_plan(
                unit,
                actor,
                case_id,
                None,
                asked=asked == "yes",
                version=version,
                now=datetime.now(UTC),
                source=_source(request),
            )
    except (Denied, InputRejected, NotFound) as exc:
        raise _plan_refused(exc) from None
    return PlanOnCase(case_id=case.id, version=case.version, attached=False)


def _read(request: Request, case_id: str, actor: CurrentActor, units: CaseUnitsDep, purpose: str) -> RecoveryPlan:
    try:
        with units() as unit:
            return read_plan(unit, actor, case_id, purpose=purpose, source=_source(request))[1]
    except (Denied, NotFound) as exc:
        raise _plan_refused(exc) from None


@router.get("/cases/{case_id}/plan", response_model=RecoveryPlan, responses=REFUSALS)
def get_plan(
    request: Request, response: Response, case_id: CaseId, actor: CurrentActor, units: CaseUnitsDep
) -> RecoveryPlan:
    """The plan attached to the case, as a plan file (the read is audited)."""
    plan = _read(request, case_id, actor, units, "plan file")
    response.headers.update(NO_STORE)
    return plan


@router.get("/cases/{case_id}/plan/pdf", response_class=Response, responses=PDF)
def get_plan_pdf(
    request: Request,
    case_id: CaseId,
    actor: CurrentActor,
    units: CaseUnitsDep,
    lang: Annotated[Literal["en", "es"], Query(description="The language of the words around the plan")] = "en",
) -> Response:
    """The plan attached to the case as its PDF with the wallet card (the read is audited)."""
    plan = _read(request, case_id, actor, units, "plan pdf")
    pdf = plan_pdf(plan, current_settings().country, lang=lang)
    return Response(pdf, media_type="application/pdf", headers=NO_STORE)
