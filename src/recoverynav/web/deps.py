"""The one place the web face gets its settings, repositories and unit of work (``Annotated`` dependencies).

Routes declare what they need by type: ``def route(repo: FacilitiesDep, settings: SettingsDep)``. The factories
are the shared ones in :mod:`recoverynav.wiring` (the CLI calls them too), so one override swaps a dependency
for every route.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from recoverynav.http_deps import FacilitiesDep, FinderDep, MeetingsDep, NowDep, SettingsDep, UnitOfWorkDep, finder
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

# A signed-in staff page (303 to /staff/login otherwise); its forms carry ``page.csrf_token`` (check with
# ``await form_with_csrf(request, page.csrf_token)``).
StaffPageDep = Annotated[StaffPage, Depends(staff_page)]
