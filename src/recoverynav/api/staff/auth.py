"""``POST /api/v1/staff/token`` (e-mail, password and the 6-digit code give a bearer token), ``GET .../me`` and
``POST .../logout`` (the token ends server-side at once).

The token is opaque (32 random bytes), stored only as a hash, and ends after 15 minutes unused or 12 hours
in all. A failed sign-in is committed (count and audit event) before the 401 is answered, and every failure
gets the same answer, whatever was wrong.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import BaseModel, Field

from recoverynav.api.deps import STAFF_ERRORS, ActorDep, StaffProblem, bearer_scheme
from recoverynav.api.errors import BAD_VALUE
from recoverynav.backoffice import IDLE_TIMEOUT, Actor, Role, SignInFailed, end_session, sign_in
from recoverynav.wiring import back_office_unit

router = APIRouter(prefix="/staff", tags=["staff"])
_REFUSED: dict[int | str, dict[str, Any]] = {
    401: {"model": StaffProblem, "description": "Wrong e-mail, password or code, or a locked account"}
}


class TokenRequest(BaseModel):
    """A staff sign-in: e-mail, password and the current code from the authenticator app."""

    email: str = Field(min_length=3, max_length=254, description="The staff account's e-mail")
    password: str = Field(min_length=1, max_length=1024)
    otp: str = Field(pattern=r"^[0-9]{6}$", min_length=6, max_length=6, description="The 6-digit code (RFC 6238)")


class TokenAnswer(BaseModel):
    """A bearer token for ``Authorization: Bearer <access_token>``; it lapses after ``expires_in`` idle seconds."""

    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int = Field(description="Seconds of inactivity before the token ends (it also ends 12 h after issue)")


class Me(BaseModel):
    """Who a token stands for: an opaque id and a role (no name, no e-mail)."""

    id: str
    role: Role


@router.post(
    "/token",
    response_model=TokenAnswer,
    responses={**_REFUSED, **BAD_VALUE},
)
def issue_token(body: TokenRequest, request: Request) -> TokenAnswer:
    """Sign in with e-mail, password and code; answers a bearer token."""
    now = datetime.now(UTC)
    source = request.client.host if request.client else None
    actor: Actor | None = None
    token = ""
    with back_office_unit() as uow:
        try:
            actor = sign_in(
                uow.staff, uow.audit, email=body.email, password=body.password, code=body.otp, source=source, now=now
            )
            token = uow.staff.start_session(actor.id, kind="api", stage="active", now=now)
        except SignInFailed:
            actor = None
        uow.commit()
    if actor is None:
        raise HTTPException(status_code=401, detail=str(SignInFailed()), headers={"WWW-Authenticate": "Bearer"})
    return TokenAnswer(access_token=token, expires_in=int(IDLE_TIMEOUT.total_seconds()))


@router.get("/me", response_model=Me, responses=STAFF_ERRORS)
def me(actor: ActorDep) -> Me:
    """The signed-in staff member's id and role."""
    return Me(id=actor.id, role=actor.role)


@router.post("/logout", status_code=204, response_class=Response, responses=STAFF_ERRORS)
def logout(
    actor: ActorDep, request: Request, credentials: HTTPAuthorizationCredentials | None = Depends(bearer_scheme)
) -> Response:
    """End this bearer token now (server-side; the logout is audited). Later requests with it get 401."""
    assert credentials is not None  # ActorDep answered 401 without one
    with back_office_unit() as uow:
        session = uow.staff.session(credentials.credentials)
        if session is not None and session.user_id == actor.id:
            end_session(uow.staff, uow.audit, session, source=request.client.host if request.client else None)
            uow.commit()
    return Response(status_code=204)
