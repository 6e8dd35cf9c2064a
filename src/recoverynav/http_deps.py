"""The dependency aliases both HTTP faces share (``Annotated``, as in the FastAPI full-stack template).

``api/deps.py`` and ``web/deps.py`` re-export these and add their own (the API's bearer actor, the web's staff
page). The factories are the shared ones in :mod:`recoverynav.wiring` (the CLI calls them too), so one
``app.dependency_overrides`` entry swaps a dependency for every route of both faces.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import Depends

from recoverynav.directory import FacilityRepository
from recoverynav.meetings import MeetingRepository
from recoverynav.settings import Settings
from recoverynav.storage.unit_of_work import UnitOfWork
from recoverynav.wiring import clock, facility_repository, finder_repository, meeting_repository, settings, unit_of_work

__all__ = ["FacilitiesDep", "FinderDep", "MeetingsDep", "NowDep", "SettingsDep", "UnitOfWorkDep", "finder"]

SettingsDep = Annotated[Settings, Depends(settings)]
FacilitiesDep = Annotated[FacilityRepository, Depends(facility_repository)]
MeetingsDep = Annotated[MeetingRepository, Depends(meeting_repository)]


def finder(primary: FacilitiesDep) -> FacilityRepository:
    """The public finder's reads: the read replica when RECOVERYNAV_DATABASE_READ_URL is set, else the primary
    (through ``facility_repository``, so one override of it still swaps the finder's repository too)."""
    return finder_repository(primary)


FinderDep = Annotated[FacilityRepository, Depends(finder)]
# Now (UTC), for ageing openings; a test overrides ``clock`` to move time.
NowDep = Annotated[datetime, Depends(clock)]
# A unit of work commits when its dependency ends: scope="function" ends it before the answer is sent, so a
# 2xx is never sent for a write that is not yet durable (FastAPI's default, "request", commits after the answer
# went out, and a crash in between lost acknowledged writes: tests/backoffice/test_crash.py).
UnitOfWorkDep = Annotated[UnitOfWork, Depends(unit_of_work, scope="function")]
