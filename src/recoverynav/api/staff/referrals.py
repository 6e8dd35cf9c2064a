"""Staff routes for Part 2 consents, referrals and the disclosure ledger of a case.

Routes translate only: the use cases in ``recoverynav.backoffice`` check the actor's right, check each referral
against its consent and audit every read and write. A consent missing § 2.31 elements is a 422 naming each one; a
referral the consent does not cover is a 409 naming ``consent_id`` (nothing is disclosed then). Error messages
name fields and codes, never a personal value.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from recoverynav.api.deps import CaseUnitsDep, CurrentActor, FacilitiesDep, SettingsDep
from recoverynav.api.errors import FieldProblemResponse, ParameterProblemResponse
from recoverynav.backoffice import (
    MAX_AT_ONCE,
    CaseNotFound,
    Consent,
    ConsentDraft,
    ConsentNotFound,
    ConsentRefused,
    ConsentRejected,
    Denied,
    Disclosure,
    Frid,
    OutboxNotifier,
    Referral,
    TransitionRefused,
    case_consents,
    case_disclosures,
    case_referrals,
    fhir_consent,
    read_consent,
    record_consent,
    refer_case,
    revoke_consent,
)
from recoverynav.errors import InputRejected
from recoverynav.wiring import deliver_notifications, sign_in_url

router = APIRouter(prefix="/staff", tags=["staff"])

CaseId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[0-9a-f]{1,64}$", description="A case id")]
ConsentId = Annotated[
    str, Path(min_length=1, max_length=64, pattern=r"^[0-9a-f]{1,64}$", description="A consent id on this case")
]


class ElementProblem(BaseModel):
    """One missing or inconsistent consent element and how to fix it."""

    field: str
    fix: str


class MissingElements(BaseModel):
    """A consent refused for missing § 2.31(a) elements: ``missing`` names every one (``field`` is the first)."""

    message: str
    field: str
    missing: list[ElementProblem]


class MissingElementsResponse(BaseModel):
    """``{"detail": {...}}`` for a consent missing elements."""

    detail: MissingElements


class ConsentProblem(BaseModel):
    """A referral refused because no active consent covers it: ``field`` is ``consent_id``; ``reasons`` maps each
    listing (or ``consent_id``) to a code: revoked, expired, recipient_not_named, purpose_not_covered..."""

    message: str
    field: str
    consent_id: str
    reasons: dict[str, str]


class ConsentProblemResponse(BaseModel):
    """``{"detail": {...}}`` for a referral the consent does not cover."""

    detail: ConsentProblem


REFUSALS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Not signed in"},
    403: {"description": "Signed in, but the role may not do this"},
    404: {"model": FieldProblemResponse, "description": "No such case or consent"},
    422: {
        "model": ParameterProblemResponse | FieldProblemResponse | MissingElementsResponse,
        "description": "A bad field, named in `loc` or `field` (a consent's missing elements in `missing`)",
    },
}
CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {
        "model": ConsentProblemResponse | FieldProblemResponse,
        "description": "No active consent covers every recipient and the purpose (names consent_id), or the case "
        "is not at its shortlist",
    }
}
FHIR_CONSENT: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The consent as a FHIR R4B Consent resource",
        "content": {"application/fhir+json": {"schema": {"type": "object"}}},
    }
}


class ConsentAnswer(Consent):
    """A consent as the API answers it, with whether it may be used now."""

    in_force: bool = Field(description="Signed, not revoked and not past its expiry date right now")


class RevokeBody(BaseModel):
    """A written revocation: confirm it is in writing, say how it came (no personal detail needed)."""

    model_config = ConfigDict(extra="forbid")

    in_writing: bool = Field(description="The revocation was received in writing (42 CFR 2.31(a)(6))")
    note: str = Field(default="", max_length=500, description="How it came, e.g. 'letter received 7 Dec'")


class ReferralRequest(BaseModel):
    """Refer the case to one to three listings under one consent."""

    model_config = ConfigDict(extra="forbid")

    frids: list[Frid] = Field(min_length=1, max_length=MAX_AT_ONCE, description="The listings (FRIDs), 1 to 3")
    consent_id: str = Field(min_length=1, max_length=64, pattern=r"^[0-9a-f]{1,64}$")
    message: str = Field(default="", max_length=2000, description="A note for the facilities")


def _source(request: Request) -> str | None:
    return request.client.host[:100] if request.client else None


def _answer(consent: Consent) -> ConsentAnswer:
    return ConsentAnswer(**dict(consent), in_force=consent.active(datetime.now(UTC)))


def _refused(exc: Exception) -> HTTPException:
    if isinstance(exc, Denied):
        return HTTPException(status_code=403, detail={"message": str(exc)})
    if isinstance(exc, CaseNotFound):
        return HTTPException(status_code=404, detail={"message": "No such case.", "field": "case_id"})
    if isinstance(exc, ConsentNotFound):
        return HTTPException(
            status_code=404, detail={"message": "No such consent on this case.", "field": "consent_id"}
        )
    if isinstance(exc, ConsentRefused):
        detail = {"message": str(exc), "field": "consent_id", "consent_id": exc.consent_id, "reasons": exc.reasons}
        return HTTPException(status_code=409, detail=detail)
    if isinstance(exc, TransitionRefused):
        return HTTPException(status_code=409, detail={"message": str(exc), "field": "status"})
    if isinstance(exc, ConsentRejected):
        missing = [{"field": name, "fix": why} for name, why in exc.missing]
        return HTTPException(
            status_code=422, detail={"message": str(exc), "field": exc.missing[0][0], "missing": missing}
        )
    message = str(exc)
    return HTTPException(status_code=422, detail={"message": message, "field": message.split(":", 1)[0]})


@router.post("/cases/{case_id}/consents", status_code=201, response_model=ConsentAnswer, responses=REFUSALS)
def create_consent(
    request: Request, case_id: CaseId, body: ConsentDraft, actor: CurrentActor, units: CaseUnitsDep
) -> ConsentAnswer:
    """Record a Part 2 consent on a case (422 names every missing § 2.31 element)."""
    try:
        with units() as unit:
            consent = record_consent(unit, actor, case_id, body, now=datetime.now(UTC), source=_source(request))
    except (Denied, CaseNotFound, InputRejected) as exc:
        raise _refused(exc) from None
    return _answer(consent)


@router.get("/cases/{case_id}/consents", response_model=list[ConsentAnswer], responses=REFUSALS)
def list_consents(request: Request, case_id: CaseId, actor: CurrentActor, units: CaseUnitsDep) -> list[ConsentAnswer]:
    """A case's consents, newest first."""
    try:
        with units() as unit:
            return [_answer(c) for c in case_consents(unit, actor, case_id, source=_source(request))]
    except (Denied, CaseNotFound) as exc:
        raise _refused(exc) from None


@router.post("/cases/{case_id}/consents/{consent_id}/revoke", response_model=ConsentAnswer, responses=REFUSALS)
def post_revocation(
    request: Request, case_id: CaseId, consent_id: ConsentId, body: RevokeBody, actor: CurrentActor, units: CaseUnitsDep
) -> ConsentAnswer:
    """Record the patient's written revocation: no disclosure under this consent from now on."""
    if not body.in_writing:
        detail = {
            "message": "in_writing: a revocation is made in writing (42 CFR 2.31(a)(6)); record it once it is",
            "field": "in_writing",
        }
        raise HTTPException(status_code=422, detail=detail)
    try:
        with units() as unit:
            consent = revoke_consent(
                unit, actor, case_id, consent_id, now=datetime.now(UTC), note=body.note, source=_source(request)
            )
    except (Denied, CaseNotFound, ConsentNotFound, InputRejected) as exc:
        raise _refused(exc) from None
    return _answer(consent)


@router.get(
    "/cases/{case_id}/consents/{consent_id}/fhir",
    response_class=Response,
    responses={**FHIR_CONSENT, **REFUSALS},
)
def get_consent_fhir(
    request: Request, case_id: CaseId, consent_id: ConsentId, actor: CurrentActor, units: CaseUnitsDep
) -> Response:
    """The consent as a FHIR R4B Consent resource (the read is audited)."""
    try:
        with units() as unit:
            consent = read_consent(unit, actor, case_id, consent_id, source=_source(request))
    except (Denied, CaseNotFound, ConsentNotFound) as exc:
        raise _refused(exc) from None
    return Response(fhir_consent(consent).model_dump_json(exclude_none=True), media_type="application/fhir+json")


@router.post(
    "/cases/{case_id}/referrals",
    status_code=201,
    response_model=list[Referral],
    responses={**REFUSALS, **CONFLICT},
)
def create_referrals(
    request: Request,
    case_id: CaseId,
    body: ReferralRequest,
    actor: CurrentActor,
    units: CaseUnitsDep,
    listings: FacilitiesDep,
    settings: SettingsDep,
) -> list[Referral]:
    """Refer the case to 1-3 listings: one referral and one disclosure each (409 naming consent_id when the
    consent does not cover every recipient and the purpose; then nothing is disclosed)."""
    now = datetime.now(UTC)
    try:
        with units() as unit:
            made = refer_case(
                unit,
                actor,
                case_id,
                body.frids,
                body.consent_id,
                listings=listings,
                now=now,
                message=body.message,
                expire_after=timedelta(hours=settings.referral_expiry_hours),
                source=_source(request),
                notifier=OutboxNotifier(unit, sign_in_url=sign_in_url(), now=now),
            )
    except (Denied, CaseNotFound, InputRejected) as exc:
        raise _refused(exc) from None
    deliver_notifications(now)
    return made


@router.get("/cases/{case_id}/referrals", response_model=list[Referral], responses=REFUSALS)
def list_referrals(request: Request, case_id: CaseId, actor: CurrentActor, units: CaseUnitsDep) -> list[Referral]:
    """A case's referrals side by side, each with its timestamped steps."""
    try:
        with units() as unit:
            return case_referrals(unit, actor, case_id, now=datetime.now(UTC), source=_source(request))
    except (Denied, CaseNotFound) as exc:
        raise _refused(exc) from None


@router.get("/cases/{case_id}/disclosures", response_model=list[Disclosure], responses=REFUSALS)
def list_disclosures(request: Request, case_id: CaseId, actor: CurrentActor, units: CaseUnitsDep) -> list[Disclosure]:
    """The case's disclosure ledger: what, to whom, when, why, under which consent, with the notice it carried."""
    try:
        with units() as unit:
            return case_disclosures(unit, actor, case_id, source=_source(request))
    except (Denied, CaseNotFound) as exc:
        raise _refused(exc) from None
