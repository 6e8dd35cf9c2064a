"""The one place the api face gets its settings, repositories and unit of work (``Annotated`` dependencies).

Routes declare what they need by type: ``def route(repo: FacilitiesDep, settings: SettingsDep)``. The factories
are the shared ones in :mod:`recoverynav.wiring` (the CLI calls them too), so one override swaps a dependency
for every route.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Depends, HTTPException
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel

from recoverynav.backoffice import Actor, fresh_session_actor, session_actor
from recoverynav.http_deps import FacilitiesDep, FinderDep, MeetingsDep, NowDep, SettingsDep, UnitOfWorkDep, finder
from recoverynav.storage.unit_of_work import UnitOfWork
from recoverynav.wiring import (
    back_office_engine,
    back_office_unit,
    case_unit,
    case_units,
    clock,
    facility_repository,
    finder_repository,
    listing_report_repository,
    meeting_repository,
    settings,
    unit_of_work,
)

__all__ = [
    "STAFF_ERRORS",
    "ActorDep",
    "CaseUnitDep",
    "CaseUnitsDep",
    "CurrentActor",
    "FacilitiesDep",
    "FinderDep",
    "MeetingsDep",
    "NowDep",
    "SettingsDep",
    "StaffProblem",
    "UnitOfWorkDep",
    "back_office_unit",
    "bearer_scheme",
    "clock",
    "current_actor",
    "facility_repository",
    "finder",
    "finder_repository",
    "listing_report_repository",
    "meeting_repository",
    "settings",
    "unit_of_work",
]

CaseUnitDep = Annotated[UnitOfWork, Depends(case_unit, scope="function")]
# Opened by the route itself (``with units() as unit:``), so the write lock is taken and let go in one thread.
CaseUnitsDep = Annotated[Callable[[], UnitOfWork], Depends(case_units)]


class StaffProblem(BaseModel):
    """``{"detail": "..."}``: why a staff request was refused (never which part of a credential was wrong)."""

    detail: str


# Every /api/v1/staff/... route declares these (spread into ``responses=``), so OpenAPI names the refusals.
STAFF_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": StaffProblem, "description": "No bearer token, or one that ended or timed out: sign in again"},
    403: {"model": StaffProblem, "description": "Signed in, but this role may not do this"},
}
_bearer = HTTPBearer(auto_error=False, description="A token from POST /api/v1/staff/token")
bearer_scheme = _bearer  # the same scheme object, so OpenAPI lists one security scheme


def _unauthorised() -> HTTPException:
    return HTTPException(
        status_code=401,
        detail="sign in first: POST /api/v1/staff/token, then send Authorization: Bearer <access_token>",
        headers={"WWW-Authenticate": "Bearer"},
    )


def current_actor(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> Actor:
    """The staff member a bearer token stands for (its idle timer restarts); 401 without a live token."""
    if credentials is None:
        raise _unauthorised()
    now = datetime.now(UTC)
    # Most requests only read (the session was seen moments ago): no write lock, no fsync, no queue.
    with UnitOfWork(back_office_engine(), read_only=True) as peek:
        fresh = fresh_session_actor(peek.staff, credentials.credentials, kind="api", now=now)
    if fresh is not None:
        return fresh
    with UnitOfWork(back_office_engine()) as uow:
        found = session_actor(uow.staff, credentials.credentials, kind="api", now=now)
        uow.commit()
    if found is None:
        raise _unauthorised()
    return found[0]


ActorDep = Annotated[Actor, Depends(current_actor)]
# The name the case routes use.
CurrentActor = ActorDep
