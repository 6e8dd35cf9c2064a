"""The one place the api face gets its settings, repositories and unit of work (``Annotated`` dependencies).

Routes declare what they need by type: ``def route(repo: FacilitiesDep, settings: SettingsDep)``. The factories
are the shared ones in :mod:`recoverynav.wiring` (the CLI calls them too), so one override swaps a dependency
for every route.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException

from recoverynav.backoffice import Actor
from recoverynav.directory import FacilityRepository
from recoverynav.settings import Settings
from recoverynav.storage.unit_of_work import UnitOfWork
from recoverynav.wiring import case_unit, facility_repository, settings, unit_of_work

__all__ = [
    "CaseUnitDep",
    "CurrentActor",
    "FacilitiesDep",
    "SettingsDep",
    "UnitOfWorkDep",
    "current_actor",
    "facility_repository",
    "settings",
    "unit_of_work",
]

SettingsDep = Annotated[Settings, Depends(settings)]
FacilitiesDep = Annotated[FacilityRepository, Depends(facility_repository)]
UnitOfWorkDep = Annotated[UnitOfWork, Depends(unit_of_work)]
CaseUnitDep = Annotated[UnitOfWork, Depends(case_unit)]


def current_actor() -> Actor:
    """PLACEHOLDER on bo-case's branch, refusing everyone: bo-id's bearer-token actor replaces it at merge.

    It never lets anyone in, so the staff routes written against it are closed until sign-in exists.
    """
    raise HTTPException(
        status_code=401,
        detail={"message": "sign in: POST /api/v1/staff/token, then send Authorization: Bearer <token>"},
        headers={"WWW-Authenticate": "Bearer"},
    )


CurrentActor = Annotated[Actor, Depends(current_actor)]
