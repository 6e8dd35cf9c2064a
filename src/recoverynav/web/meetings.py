"""``/meetings``: support-group meetings near a place, next to start first; ``/meetings/{id}`` and its ``.ics``.

Works without JavaScript: one GET form. Times show in the meeting's own zone and in the viewer's (a form
field; by default the searched place's zone). Links from feeds pass the site's URL allow-list.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from recoverynav.directory import UnknownPlaceError
from recoverynav.i18n import N_, current_language
from recoverynav.meetings import (
    DAY_NAMES,
    DAY_NAMES_ES,
    MeetingHit,
    MeetingQuery,
    MeetingResult,
    UnknownMeetingError,
    get_meeting,
    meeting_ics,
    meeting_types,
    search_meetings,
)
from recoverynav.web.deps import MeetingsDep
from recoverynav.web.i18n import request_language
from recoverynav.web.rendering import render

router = APIRouter(include_in_schema=False)

RADIUS_CHOICES: tuple[int, ...] = (5, 10, 25, 50, 100)
# The types people ask for most, as form checkboxes (every spec type is accepted in the URL).
FORM_TYPES: tuple[str, ...] = ("O", "C", "BE", "S", "W", "M", "Y", "LGBTQ", "X", "ASL")
# Zones offered for "show times in": the US zones; any IANA zone is accepted in the URL.
VIEWER_ZONES: tuple[tuple[str, str], ...] = (
    ("America/New_York", N_("Eastern")),
    ("America/Chicago", N_("Central")),
    ("America/Denver", N_("Mountain")),
    ("America/Phoenix", N_("Arizona")),
    ("America/Los_Angeles", N_("Pacific")),
    ("America/Anchorage", N_("Alaska")),
    ("Pacific/Honolulu", N_("Hawaii")),
    ("America/Puerto_Rico", N_("Atlantic (Puerto Rico)")),
    ("UTC", "UTC"),
)
# The capability's notices (meetings.CHECK_NOTICE, ATTRIBUTION), marked here so the page draws them in its language;
# tests/web/test_meetings_spanish.py checks they still say the same.
NOTICE = N_("Meetings change: check with the group before you go.")
CREDIT = N_("Meeting Guide format and type labels: Code for Recovery (MIT). Meetings as published by each intergroup.")


# The shared factory (recoverynav.wiring): a test overrides ``meeting_repository`` for the API and the pages.
Repository = MeetingsDep


def _day_labels() -> tuple[str, ...]:
    """Day names from Sunday, in the language being drawn."""
    return DAY_NAMES_ES if current_language() == "es" else DAY_NAMES


def when(moment: dt.datetime | None) -> str:
    """``Monday 7:00 PM EST``; in Spanish ``lunes 19:00 EST`` (the 24-hour clock Spanish speakers read)."""
    if moment is None:
        return ""
    if current_language() == "es":
        return f"{DAY_NAMES_ES[(moment.weekday() + 1) % 7]} {moment:%H:%M} {moment.tzname()}"
    return f"{moment:%A} {moment:%I:%M %p}".replace(" 0", " ") + f" {moment.tzname()}"


def days(meeting: MeetingHit) -> str:
    """The days a meeting meets, in the language being drawn."""
    labels = _day_labels()
    return ", ".join(labels[d] for d in meeting.days)


@router.get("/meetings", response_class=HTMLResponse)
def meetings(
    request: Request,
    repo: Repository,
    near: Annotated[str, Query(max_length=120)] = "",
    radius: Annotated[str, Query(max_length=6)] = "10",
    day: Annotated[str, Query(max_length=9)] = "",
    types: Annotated[list[str] | None, Query(alias="type", max_length=20)] = None,
    online: Annotated[str, Query(max_length=5)] = "",
    order: Annotated[str, Query(max_length=8)] = "next",
    tz: Annotated[str, Query(max_length=60)] = "",
) -> HTMLResponse:
    chosen = [t.strip()[:20] for t in (types or []) if t.strip()]
    form: dict[str, Any] = {
        "near": near.strip(),
        "radius": radius,
        "day": day,
        "types": chosen,
        "online": bool(online),
        "order": order if order in ("next", "distance") else "next",
        "tz": tz,
    }
    errors: list[str] = []
    suggestions: list[str] = []
    result: MeetingResult | None = None
    if form["near"]:
        try:
            miles = float(radius)
        except ValueError:
            miles = -1
        try:
            query = MeetingQuery(
                near=form["near"],
                radius_miles=miles,
                day=day or None,
                types=chosen,
                online=form["online"],
                order=form["order"],
                limit=50,
                viewer_timezone=tz or None,
            )
            result = search_meetings(query, repo)
        except ValidationError as exc:
            names = {"radius_miles": "radius", "types": "type", "viewer_timezone": "tz"}
            for e in exc.errors():
                field = names.get(str(e["loc"][0]), str(e["loc"][0])) if e["loc"] else "query"
                errors.append(f"{field}: {str(e['msg']).removeprefix('Value error, ')}")
        except UnknownPlaceError as exc:
            errors.append(f"near: {exc}")
            suggestions = exc.suggestions
    hits = result.results if result else []
    return render(
        request,
        "meetings/index.html",
        status_code=422 if errors else 200,
        form=form,
        errors=errors,
        suggestions=suggestions,
        result=result,
        hits=hits,
        when=when,
        days=days,
        day_names=DAY_NAMES,
        day_labels=DAY_NAMES_ES if request_language(request) == "es" else DAY_NAMES,
        radius_choices=RADIUS_CHOICES,
        form_types=[meeting_types()[c] for c in FORM_TYPES if c in meeting_types()],
        extra_types=[meeting_types()[c] for c in chosen if c in meeting_types() and c not in FORM_TYPES],
        viewer_zones=VIEWER_ZONES,
        notice=NOTICE,
        attribution=CREDIT,
    )


def _parse_id(raw: str) -> int | None:
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 10 and 0 < int(raw) < 2**31 else None


@router.get("/meetings/{meeting_id}.ics")
def meeting_calendar(request: Request, meeting_id: Annotated[str, Path(max_length=20)], repo: Repository) -> Response:
    number = _parse_id(meeting_id)
    try:
        if number is None:
            raise UnknownMeetingError(0)
        hit = get_meeting(number, repo)
    except UnknownMeetingError:
        return _not_found(request, meeting_id)
    body = meeting_ics(hit, page_url=str(request.url_for("meeting", meeting_id=str(hit.id))))
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="meeting-{number}.ics"'},
    )


@router.get("/meetings/{meeting_id}", response_class=HTMLResponse)
def meeting(
    request: Request,
    meeting_id: Annotated[str, Path(max_length=20)],
    repo: Repository,
    tz: Annotated[str, Query(max_length=60)] = "",
) -> HTMLResponse:
    from recoverynav.meetings import valid_zone

    number = _parse_id(meeting_id)
    try:
        if number is None:
            raise UnknownMeetingError(0)
        hit = get_meeting(number, repo, viewer_timezone=tz if valid_zone(tz) else None)
    except UnknownMeetingError:
        return _not_found(request, meeting_id)
    return render(
        request,
        "meetings/meeting.html",
        m=hit,
        when=when,
        days=days,
        day_names=DAY_NAMES,
        form={"tz": tz},
        viewer_zones=VIEWER_ZONES,
        notice=NOTICE,
        attribution=CREDIT,
    )


def _not_found(request: Request, typed: str) -> HTMLResponse:
    return render(request, "meetings/not_found.html", status_code=404, typed=typed[:40])
