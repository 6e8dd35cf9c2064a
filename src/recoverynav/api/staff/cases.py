"""Staff case routes: open, list and search, read, edit (version-checked), and move a case through the flow.

Routes translate only: the use cases in ``recoverynav.backoffice`` check the actor's right and record every read
and write in the audit trail. A move the table does not allow, or an edit on an old version, is a 409 whose
message names the allowed next states or says to reload. List answers carry ids and states, no personal field.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from recoverynav.api.deps import CaseUnitsDep, CurrentActor
from recoverynav.api.errors import ParameterProblemResponse
from recoverynav.api.placement import Recommendation, answer
from recoverynav.backoffice import (
    Caller,
    Case,
    CaseChanges,
    CaseDraft,
    CaseNotFound,
    CaseSummary,
    Denied,
    DuplicateMatch,
    ScreeningAnswers,
    StaleCase,
    Status,
    TransitionRefused,
    find_cases,
    is_reference,
    list_cases,
    move_case,
    open_case,
    read_case,
    score_attachments,
    update_case,
)
from recoverynav.errors import InputRejected, NotFound
from recoverynav.placement import Facts

router = APIRouter(prefix="/staff", tags=["staff"])

CaseId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[0-9a-f]{1,64}$", description="A case id")]
REFUSALS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Not signed in"},
    403: {"description": "Signed in, but the role may not do this"},
    404: {"description": "No such case"},
    422: {"model": ParameterProblemResponse, "description": "A bad field, named in `loc`"},
}
CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {"description": "A move the table does not allow (the allowed states named), or a stale version"}
}


class NewCase(BaseModel):
    """What intake knows: at least a nickname or a phone; everything else optional."""

    model_config = ConfigDict(extra="forbid")

    caller: Caller
    for_self: bool | None = None
    substances: list[Annotated[str, Field(min_length=1, max_length=100)]] = Field(default_factory=list, max_length=20)
    notes: str = Field(default="", max_length=20_000)


class CaseOpened(BaseModel):
    """The new case, and open cases that look like the same person (merge only after confirming)."""

    id: str
    status: Status
    reference: str
    duplicates: list[DuplicateMatch]


class Move(BaseModel):
    """A move: the target state, a reason code where the flow needs one, an optional note and version."""

    model_config = ConfigDict(extra="forbid")

    to: Status
    reason: str | None = Field(default=None, max_length=40)
    note: str | None = Field(default=None, max_length=2000)
    version: int | None = Field(default=None, ge=1, le=2**31 - 1)


def _source(request: Request) -> str | None:
    return request.client.host[:100] if request.client else None


class CaseAnswer(Case):
    """A case as the API answers it: its suggestion in the placement route's own shape (with the finder's web
    address), so one schema named ``Recommendation`` serves both."""

    placement: Recommendation | None = None


def case_answer(case: Case) -> CaseAnswer:
    """``case`` with its suggestion answered as ``POST /api/v1/placement`` answers one."""
    suggestion = answer(case.placement) if case.placement is not None else None
    return CaseAnswer.model_validate({**dict(case), "placement": suggestion})


def _refused(exc: Exception) -> HTTPException:
    if isinstance(exc, Denied):
        return HTTPException(status_code=403, detail={"message": str(exc)})
    if isinstance(exc, CaseNotFound):
        return HTTPException(status_code=404, detail={"message": "No such case.", "field": "case_id"})
    if isinstance(exc, TransitionRefused):
        return HTTPException(status_code=409, detail={"message": str(exc), "field": "to", "allowed": list(exc.allowed)})
    if isinstance(exc, StaleCase):
        return HTTPException(status_code=409, detail={"message": str(exc), "field": "version", "current": exc.current})
    return HTTPException(status_code=422, detail={"message": str(exc)})


@router.post("/cases", status_code=201, response_model=CaseOpened, responses=REFUSALS)
def create_case(request: Request, body: NewCase, actor: CurrentActor, units: CaseUnitsDep) -> CaseOpened:
    """Open a case for a caller; answers the open cases that look like the same person."""
    draft = CaseDraft(caller=body.caller, for_self=body.for_self, substances=body.substances, notes=body.notes)
    try:
        with units() as unit:
            case, duplicates = open_case(unit, actor, draft, now=datetime.now(UTC), source=_source(request))
    except (Denied, InputRejected) as exc:
        raise _refused(exc) from None
    return CaseOpened(id=case.id, status=case.status, reference=case.reference, duplicates=duplicates)


@router.get("/cases", response_model=list[CaseSummary], responses=REFUSALS)
def search_cases(
    request: Request,
    actor: CurrentActor,
    units: CaseUnitsDep,
    status: Status | None = None,
    owner: Annotated[str | None, Query(max_length=64)] = None,
    q: Annotated[str | None, Query(max_length=40, description="A reference code or a phone number, exactly")] = None,
) -> list[CaseSummary]:
    """The queue by state and owner, or the cases matching a reference code or phone number exactly."""
    try:
        with units() as unit:
            if q and q.strip():
                found = (
                    find_cases(unit, actor, reference=q, source=_source(request))
                    if is_reference(q)
                    else find_cases(unit, actor, phone=q, source=_source(request))
                )
                return [
                    s for s in found if (status is None or s.status == status) and (owner is None or s.owner == owner)
                ]
            return list_cases(unit, actor, status=status, owner=owner, source=_source(request))
    except (Denied, InputRejected) as exc:
        raise _refused(exc) from None


@router.get("/cases/{case_id}", response_model=CaseAnswer, responses=REFUSALS)
def get_case(request: Request, case_id: CaseId, actor: CurrentActor, units: CaseUnitsDep) -> CaseAnswer:
    """The whole case with its history (the read is audited)."""
    try:
        with units() as unit:
            return case_answer(read_case(unit, actor, case_id, source=_source(request)))
    except (Denied, CaseNotFound) as exc:
        raise _refused(exc) from None


class CaseEdit(CaseChanges):
    """An edit as the API takes it: screenings as answers and the suggestion as placement facts, scored here by
    the public tools' own functions (a client never sends a finished result), every field bounded."""

    add_screening: list[ScreeningAnswers] = Field(  # type: ignore[assignment]
        default_factory=list, max_length=10, description="Screenings to add: instrument and answers"
    )
    placement: Facts | None = Field(  # type: ignore[assignment]
        default=None, description="Placement facts; the level-of-care suggestion is worked out from them"
    )

    def changes(self) -> CaseChanges:
        """The domain's edit, with the attachments scored."""
        results, suggestion = score_attachments(self.add_screening, self.placement)
        return CaseChanges(
            **self.model_dump(exclude={"add_screening", "placement"}, exclude_unset=True),
            add_screening=results,
            placement=suggestion,
        )


@router.patch("/cases/{case_id}", response_model=CaseAnswer, responses={**REFUSALS, **CONFLICT})
def patch_case(
    request: Request, case_id: CaseId, body: CaseEdit, actor: CurrentActor, units: CaseUnitsDep
) -> CaseAnswer:
    """Edit a case; ``version`` is the one you read (409 when it changed since)."""
    try:
        changes = body.changes()
        with units() as unit:
            changed = update_case(unit, actor, case_id, changes, now=datetime.now(UTC), source=_source(request))
        return case_answer(changed)
    # An unknown instrument in add_screening is a NotFound of the screening tool: a 422 here, not a 404.
    except (Denied, InputRejected, NotFound) as exc:
        raise _refused(exc) from None


@router.post("/cases/{case_id}/transitions", response_model=CaseAnswer, responses={**REFUSALS, **CONFLICT})
def post_transition(
    request: Request, case_id: CaseId, body: Move, actor: CurrentActor, units: CaseUnitsDep
) -> CaseAnswer:
    """Move a case to its next state (409 naming the allowed states; declined and closed need a reason code)."""
    try:
        with units() as unit:
            moved = move_case(
                unit,
                actor,
                case_id,
                body.to,
                now=datetime.now(UTC),
                reason=body.reason,
                note=body.note,
                version=body.version,
                source=_source(request),
            )
    except (Denied, InputRejected, CaseNotFound) as exc:
        raise _refused(exc) from None
    return case_answer(moved)
