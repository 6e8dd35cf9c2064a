"""``/plan``: my recovery plan as a form without JavaScript; downloads as PDF, ``.ics`` and a plan file.

Nothing is stored and nothing is logged: the plan arrives in a POST body and leaves as a download. Every response
says ``Cache-Control: no-store``; errors name the field and never repeat what was written.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from starlette.datastructures import FormData, UploadFile

from recoverynav.i18n import N_, translate_text, use_language
from recoverynav.plans import (
    DAYS,
    MAX_FILE_BYTES,
    MAX_ITEMS,
    NothingToScheduleError,
    PlanFileError,
    RecoveryPlan,
    dump_plan,
    load_guidance,
    load_plan,
    plan_calendar,
    plan_pdf,
    problems_of,
)
from recoverynav.web.citations import citation_context
from recoverynav.web.deps import settings as current_settings
from recoverynav.web.i18n import request_language
from recoverynav.web.rendering import render

router = APIRouter(include_in_schema=False)

NO_STORE = {"Cache-Control": "no-store"}
# textarea name -> path in the plan; one item per line.
LISTS: dict[str, tuple[str, ...]] = {
    "reasons_health": ("reasons", "health"),
    "reasons_home": ("reasons", "home"),
    "reasons_purpose": ("reasons", "purpose"),
    "reasons_community": ("reasons", "community"),
    "triggers_inside": ("triggers", "inside"),
    "triggers_outside": ("triggers", "outside"),
    "warning_signs": ("warning_signs",),
    "coping_now": ("coping_now",),
    "coping_week": ("coping_week",),
    "medications": ("medications",),
    "if_i_slip": ("if_i_slip",),
    "crisis_warning_signs": ("crisis", "warning_signs"),
    "crisis_on_my_own": ("crisis", "on_my_own"),
    "crisis_people_and_places": ("crisis", "people_and_places"),
    "crisis_safer_place": ("crisis", "safer_place"),
}
# row prefix -> path of a list of people
PEOPLE: dict[str, tuple[str, ...]] = {
    "people": ("people",),
    "ask": ("crisis", "people_to_ask"),
    "pro": ("crisis", "professionals"),
}
EVENTS: dict[str, str] = {"meeting": "meetings", "checkin": "check_ins"}
EVENT_FIELDS = ("name", "day", "time", "timezone", "where")
BLANK_ROWS = {"people": 4, "ask": 3, "pro": 2, "meeting": 3, "checkin": 1}


def _set(target: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        target = target.setdefault(key, {})
    target[path[-1]] = value


def _get(source: dict[str, Any], path: tuple[str, ...]) -> Any:
    for key in path:
        source = source.get(key, {})
    return source


def form_to_data(form: FormData) -> dict[str, Any]:
    """The form's fields as plan-file data: textarea lines become items, filled rows become people and events."""
    data: dict[str, Any] = {}
    for name, path in LISTS.items():
        text = str(form.get(name) or "")
        _set(data, path, [line.strip() for line in text.splitlines() if line.strip()])
    for prefix, path in PEOPLE.items():
        rows = zip(form.getlist(f"{prefix}_name"), form.getlist(f"{prefix}_phone"), strict=False)
        _set(data, path, [{"name": str(n), "phone": str(p)} for n, p in rows if str(n).strip() or str(p).strip()])
    for prefix, key in EVENTS.items():
        columns = [form.getlist(f"{prefix}_{field}") for field in EVENT_FIELDS]
        events = [dict(zip(EVENT_FIELDS, (str(v) for v in row), strict=True)) for row in zip(*columns, strict=False)]
        # A row with only a day chosen is still blank: the day menu always sends a value.
        data[key] = [e for e in events if any(e[f].strip() for f in ("name", "time", "timezone", "where"))]
    return data


def data_to_state(data: dict[str, Any]) -> dict[str, Any]:
    """What the form shows: textarea text, and rows padded with blank ones to fill in."""
    state: dict[str, Any] = {name: "\n".join(_get(data, path) or []) for name, path in LISTS.items()}
    for prefix, path in PEOPLE.items():
        state[prefix] = list(_get(data, path) or []) + [{"name": "", "phone": ""}] * BLANK_ROWS[prefix]
    for prefix, key in EVENTS.items():
        rows = [{f: (row.get(f) or "") for f in EVENT_FIELDS} for row in data.get(key) or []]
        state[prefix] = rows + [dict.fromkeys(EVENT_FIELDS, "")] * BLANK_ROWS[prefix]
    return state


def form_context(data: dict[str, Any], lang: str = "en") -> dict[str, Any]:
    """What ``plan/_fields.html`` needs to show the plan form filled in with ``data`` (also on the staff case page)."""
    guidance = load_guidance(lang)
    return {
        "s": data_to_state(data),
        "g": guidance,
        "days": DAYS,
        "max_items": MAX_ITEMS,
        **citation_context(guidance.source_ids()),
    }


def _page(request: Request, data: dict[str, Any], problems: list[tuple[str, str]], status: int = 200) -> HTMLResponse:
    lang = request_language(request)
    context = form_context(data, lang)
    with use_language(lang):  # our own messages in the page's language (pydantic's stay as written)
        problems = [(field, translate_text(message)) for field, message in problems]
    response = render(request, "plan/form.html", status_code=status, problems=problems, **context)
    response.headers.update(NO_STORE)
    return response


def _download(body: bytes, media_type: str, filename: str) -> Response:
    return Response(
        body,
        media_type=media_type,
        headers={**NO_STORE, "Content-Disposition": f'attachment; filename="{filename}"'},
    )


async def _plan_from_form(request: Request) -> tuple[dict[str, Any], RecoveryPlan | None, list[tuple[str, str]]]:
    data = form_to_data(await request.form())
    try:
        return data, RecoveryPlan.model_validate(data), []
    except ValidationError as exc:
        return data, None, problems_of(exc)


@router.get("/plan", response_class=HTMLResponse)
def plan_form(request: Request) -> HTMLResponse:
    return _page(request, {}, [])


@router.post("/plan", response_class=HTMLResponse)
async def load_plan_file(request: Request) -> HTMLResponse:
    """Upload a saved plan file to edit it."""
    form = await request.form(max_files=1, max_fields=5)
    upload = form.get("planfile")
    if not isinstance(upload, UploadFile):
        return _page(request, {}, [("planfile", N_("choose a plan file (.json) saved from this page"))], 422)
    try:
        plan = load_plan(await upload.read(MAX_FILE_BYTES + 1))
    except PlanFileError as exc:
        return _page(request, {}, exc.problems, 422)
    return _page(request, plan.model_dump(mode="json"), [])


@router.post("/plan/pdf", response_model=None)
async def download_pdf(request: Request) -> Response:
    data, plan, problems = await _plan_from_form(request)
    if plan is None:
        return _page(request, data, problems, 422)
    pdf = plan_pdf(plan, current_settings().country, lang=request_language(request))
    return _download(pdf, "application/pdf", "my-recovery-plan.pdf")


@router.post("/plan/ics", response_model=None)
async def download_calendar(request: Request) -> Response:
    data, plan, problems = await _plan_from_form(request)
    if plan is None:
        return _page(request, data, problems, 422)
    now = dt.datetime.now(dt.UTC)
    try:
        body = plan_calendar(plan, start=now.date(), now=now)
    except NothingToScheduleError as exc:
        return _page(request, data, [(exc.field, str(exc))], 422)
    return _download(body, "text/calendar; charset=utf-8", "my-recovery-plan.ics")


@router.post("/plan/file", response_model=None)
async def download_plan_file(request: Request) -> Response:
    data, plan, problems = await _plan_from_form(request)
    if plan is None:
        return _page(request, data, problems, 422)
    return _download(dump_plan(plan), "application/json", "my-recovery-plan.json")
