"""The one place the web face gets its settings, repositories and unit of work (``Annotated`` dependencies).

Routes declare what they need by type: ``def route(repo: FacilitiesDep, settings: SettingsDep)``. The factories
are the shared ones in :mod:`recoverynav.wiring` (the CLI calls them too), so one override swaps a dependency
for every route.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Depends

from recoverynav.directory import FacilityRepository
from recoverynav.meetings import MeetingRepository
from recoverynav.settings import Settings
from recoverynav.storage.unit_of_work import UnitOfWork
from recoverynav.web.staff.session import StaffPage, form_with_csrf, staff_page
from recoverynav.wiring import (
    back_office_unit,
    clock,
    database_problem,
    facility_repository,
    finder_repository,
    listing_report_repository,
    meeting_repository,
    settings,
    unit_of_work,
)

__all__ = [
    "FacilitiesDep",
    "FinderDep",
    "MeetingsDep",
    "NowDep",
    "SettingsDep",
    "StaffPage",
    "StaffPageDep",
    "UnitOfWorkDep",
    "back_office_unit",
    "clock",
    "database_problem",
    "facility_repository",
    "finder",
    "finder_repository",
    "form_with_csrf",
    "listing_report_repository",
    "meeting_repository",
    "settings",
    "staff_page",
    "unit_of_work",
]

SettingsDep = Annotated[Settings, Depends(settings)]
FacilitiesDep = Annotated[FacilityRepository, Depends(facility_repository)]
MeetingsDep = Annotated[MeetingRepository, Depends(meeting_repository)]


def finder(primary: FacilitiesDep) -> FacilityRepository:
    """The public finder's reads: the read replica when RECOVERYNAV_DATABASE_READ_URL is set, else the primary
    (through ``facility_repository``, so one override of it still swaps the finder's repository too)."""
    return finder_repository(primary)


FinderDep = Annotated[FacilityRepository, Depends(finder)]
# Committed before the answer is sent (scope="function"), never after: see api.deps.
UnitOfWorkDep = Annotated[UnitOfWork, Depends(unit_of_work, scope="function")]
# A signed-in staff page (303 to /staff/login otherwise); its forms carry ``page.csrf_token`` (check with
# ``await form_with_csrf(request, page.csrf_token)``).
StaffPageDep = Annotated[StaffPage, Depends(staff_page)]
# Now (UTC), for ageing openings; a test overrides ``clock`` to move time.
NowDep = Annotated[datetime, Depends(clock)]
