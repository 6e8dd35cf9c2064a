"""Staff coverage-check routes (#17): run a check on a case, list a case's checks, fill in a phone check's form,
and export a check as FHIR R4B CoverageEligibilityRequest / CoverageEligibilityResponse.

Routes translate only: ``recoverynav.backoffice`` checks the actor's right, audits every read and write and
stores the check encrypted. Answers never carry the member id, name or birth date, and a 422 never repeats a
submitted value (``PrivateBodyRoute``). When the payer does not answer in time (tried twice) or answers with an
error, the failed check is stored and the answer is 504 or 502 saying so in words.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from recoverynav.api.deps import CaseUnitsDep, CurrentActor
from recoverynav.api.errors import ParameterProblemResponse
from recoverynav.api.plans import PrivateBodyRoute
from recoverynav.backoffice import (
    CaseNotFound,
    CheckNotFound,
    CheckNotOpen,
    CheckState,
    CoverageCheck,
    CoverageInquiry,
    CoverageSummary,
    Denied,
    Provider,
    StaleCheck,
    X12Codec,
    coverage_bundle_json,
    list_coverage_checks,
    read_coverage_check,
    record_verification,
    run_coverage_check,
)
from recoverynav.coverage import EligibilityGateway
from recoverynav.errors import InputRejected
from recoverynav.wiring import eligibility_gateway, eligibility_provider

router = APIRouter(prefix="/staff", tags=["staff"], route_class=PrivateBodyRoute)

CaseId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[0-9a-f]{1,64}$", description="A case id")]
CheckId = Annotated[str, Path(min_length=32, max_length=32, pattern=r"^[0-9a-f]{32}$", description="A check id")]
GatewayDep = Annotated[EligibilityGateway | None, Depends(eligibility_gateway)]
ProviderDep = Annotated[Provider | None, Depends(eligibility_provider)]
REFUSALS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Not signed in"},
    403: {"description": "Signed in, but the role may not do this"},
    404: {"description": "No such case or check"},
    422: {"model": ParameterProblemResponse, "description": "A bad field, named in `loc` (the value is not repeated)"},
}


class CheckProblem(BaseModel):
    """Why a check did not come back (in words, never with member data), and the stored failed check's id."""

    message: str
    check_id: str


class CheckProblemResponse(BaseModel):
    """The body of a 502 or 504 from a check."""

    detail: CheckProblem


UNANSWERED: dict[int | str, dict[str, Any]] = {
    502: {"model": CheckProblemResponse, "description": "The clearinghouse answered with an error (stored as failed)"},
    504: {"model": CheckProblemResponse, "description": "No answer within the limit, twice (stored as failed)"},
}
CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {"description": "The check holds the payer's own answer, or changed since you read it"}
}
FHIR_BUNDLE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "A FHIR R4B Bundle: CoverageEligibilityRequest and (once answered) CoverageEligibilityResponse",
        "content": {"application/fhir+json": {"schema": {"type": "object"}}},
    }
}


class CoverageCheckAnswer(BaseModel):
    """A coverage check as staff see it: how, where it stands, the payer and the summary; no member data."""

    id: str
    case_id: str
    method: str = Field(description="instant (a 270/271 through the gateway) or phone")
    state: CheckState
    actor: str
    created_at: datetime
    updated_at: datetime
    version: int
    payer_name: str
    payer_id: str
    service_types: list[str]
    summary: CoverageSummary | None
    problem: str | None = Field(description="What went wrong, or why this is a phone task")
    gateway: str | None
    attempts: int


class Verification(CoverageSummary):
    """The summary form filled in after calling the payer; ``version`` is the check's as you read it."""

    version: int | None = Field(default=None, ge=1, le=2**31 - 1)


def _answer(check: CoverageCheck) -> CoverageCheckAnswer:
    return CoverageCheckAnswer.model_validate(
        {
            **check.model_dump(exclude={"subscriber", "x12_271", "payload_id"}),
            "service_types": list(check.service_types),
        }
    )


def _source(request: Request) -> str | None:
    return request.client.host[:100] if request.client else None


def _refused(exc: Exception) -> HTTPException:
    if isinstance(exc, Denied):
        return HTTPException(status_code=403, detail={"message": str(exc)})
    if isinstance(exc, CaseNotFound):
        return HTTPException(status_code=404, detail={"message": "No such case.", "field": "case_id"})
    if isinstance(exc, CheckNotFound):
        return HTTPException(status_code=404, detail={"message": "No such check on this case.", "field": "check_id"})
    if isinstance(exc, CheckNotOpen):
        return HTTPException(status_code=409, detail={"message": str(exc), "field": "state"})
    if isinstance(exc, StaleCheck):
        return HTTPException(status_code=409, detail={"message": str(exc), "field": "version", "current": exc.current})
    return HTTPException(status_code=422, detail={"message": str(exc)})


@router.post(
    "/cases/{case_id}/coverage-checks",
    status_code=201,
    response_model=CoverageCheckAnswer,
    responses={**REFUSALS, **UNANSWERED},
)
def post_coverage_check(
    request: Request,
    case_id: CaseId,
    body: CoverageInquiry,
    actor: CurrentActor,
    units: CaseUnitsDep,
    gateway: GatewayDep,
    provider: ProviderDep,
) -> CoverageCheckAnswer | JSONResponse:
    """Check the member's coverage in real time, or (no gateway configured) open a "verify by phone" task."""
    try:
        check = run_coverage_check(
            units,
            actor,
            case_id,
            body,
            gateway=gateway,
            codec=X12Codec(),
            provider=provider,
            now=datetime.now(UTC),
            source=_source(request),
        )
    except (Denied, InputRejected, CaseNotFound) as exc:
        raise _refused(exc) from None
    if check.state == "failed" and check.method == "instant":
        status = 504 if check.problem and "did not answer within" in check.problem else 502
        problem = CheckProblemResponse(detail=CheckProblem(message=check.problem or "", check_id=check.id))
        return JSONResponse(status_code=status, content=problem.model_dump())
    return _answer(check)


@router.get("/cases/{case_id}/coverage-checks", response_model=list[CoverageCheckAnswer], responses=REFUSALS)
def get_coverage_checks(
    request: Request, case_id: CaseId, actor: CurrentActor, units: CaseUnitsDep
) -> list[CoverageCheckAnswer]:
    """A case's coverage checks, newest first, with their summaries (the read is audited)."""
    try:
        with units() as unit:
            checks = list_coverage_checks(unit, actor, case_id, source=_source(request))
    except (Denied, CaseNotFound) as exc:
        raise _refused(exc) from None
    return [_answer(check) for check in checks]


@router.put(
    "/cases/{case_id}/coverage-checks/{check_id}/summary",
    response_model=CoverageCheckAnswer,
    responses={**REFUSALS, **CONFLICT},
)
def put_coverage_summary(
    request: Request, case_id: CaseId, check_id: CheckId, body: Verification, actor: CurrentActor, units: CaseUnitsDep
) -> CoverageCheckAnswer:
    """Fill in the summary of a phone check (or of one that failed) after calling the payer."""
    form = CoverageSummary.model_validate(body.model_dump(exclude={"version"}))
    try:
        check = record_verification(
            units,
            actor,
            case_id,
            check_id,
            form,
            version=body.version,
            now=datetime.now(UTC),
            source=_source(request),
        )
    except (Denied, InputRejected, CheckNotFound) as exc:
        raise _refused(exc) from None
    return _answer(check)


@router.get(
    "/cases/{case_id}/coverage-checks/{check_id}/fhir",
    response_class=Response,
    responses={**FHIR_BUNDLE, **REFUSALS},
)
def get_coverage_fhir(
    request: Request, case_id: CaseId, check_id: CheckId, actor: CurrentActor, units: CaseUnitsDep
) -> Response:
    """The check as FHIR R4B CoverageEligibilityRequest and CoverageEligibilityResponse (no member id)."""
    try:
        with units() as unit:
            case, check = read_coverage_check(unit, actor, case_id, check_id, source=_source(request))
    except (Denied, CaseNotFound, CheckNotFound) as exc:
        raise _refused(exc) from None
    return Response(coverage_bundle_json(case, check), media_type="application/fhir+json")
