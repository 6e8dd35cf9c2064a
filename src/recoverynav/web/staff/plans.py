"""A recovery plan on the staff case page: attached when the person asks, as their plan file (an upload) or filled
in with them on the plan form's own fields; read back as the plan PDF and the plan file.

The routes translate only: ``attach_plan`` and ``read_plan`` check the role, keep the plan sealed with the case and
audit every read and write. Error pages name the field and the fix, never what the plan says; every answer is
``no-store``; links carry the case id only.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from recoverynav.backoffice import (
    Case,
    CaseNotFound,
    NoPlanAttached,
    StaleCase,
    attach_plan,
    read_plan,
)
from recoverynav.errors import InputRejected
from recoverynav.plans import MAX_FILE_BYTES, PlanFileError, RecoveryPlan, dump_plan, load_plan, plan_pdf, problems_of
from recoverynav.web.deps import settings as current_settings
from recoverynav.web.i18n import request_language
from recoverynav.web.plan import form_context, form_to_data
from recoverynav.web.staff.cases import CaseId, _not_found, _problem, _read, _stale, _version
from recoverynav.web.staff.pages import client_source as _source
from recoverynav.web.staff.pages import in_case_unit as _unit
from recoverynav.web.staff.pages import staff_html as _page
from recoverynav.web.staff.session import StaffPage, check_csrf, staff_page

router = APIRouter(include_in_schema=False)

NO_STORE = {"Cache-Control": "no-store"}
# A file field and a few short ones (token, version, the confirmation): anything more is not this form.
MAX_FIELDS = 8


def _asked(fields: dict[str, str]) -> bool:
    return fields.get("asked") == "yes"


def _done(case_id: str) -> RedirectResponse:
    return RedirectResponse(f"/staff/cases/{case_id}#plan-heading", status_code=303)


async def _save(
    request: Request, page: StaffPage, case_id: str, fields: dict[str, str], plan: RecoveryPlan | None
) -> Response:
    try:
        version = _version(fields)
        await run_in_threadpool(
            _unit,
            lambda unit: attach_plan(
                unit,
                page.actor,
                case_id,
                plan,
                asked=_asked(fields),
                version=version,
                now=datetime.now(UTC),
                source=_source(request),
            ),
        )
    except CaseNotFound:
        raise _not_found() from None
    except StaleCase:
        return _stale(request, page, case_id)
    except InputRejected as exc:
        return _problem(request, page, 422, [str(exc)], case_id)
    return _done(case_id)


@router.post("/staff/cases/{case_id}/plan", response_class=HTMLResponse)
async def attach_file(request: Request, case_id: CaseId) -> Response:
    """Attach the plan file the person saved from /plan (multipart: ``planfile``)."""
    form = await request.form(max_files=1, max_fields=MAX_FIELDS)
    fields = {key: value for key, value in form.items() if isinstance(value, str)}
    page = await run_in_threadpool(staff_page, request)
    check_csrf(fields, page.csrf_token)
    upload = form.get("planfile")
    if not isinstance(upload, UploadFile):
        return _problem(
            request, page, 422, ["planfile: choose the person's plan file (.json) saved from /plan"], case_id
        )
    try:
        plan = load_plan(await upload.read(MAX_FILE_BYTES + 1))
    except PlanFileError as exc:
        return _problem(
            request, page, 422, [f"planfile.{field}: {message}" for field, message in exc.problems], case_id
        )
    return await _save(request, page, case_id, fields, plan)


@router.get("/staff/cases/{case_id}/plan", response_class=HTMLResponse)
def plan_form(request: Request, case_id: CaseId) -> Response:
    """The plan form, filled in with the attached plan (if any), to write or change it with the person."""
    page = staff_page(request)
    case = _read(request, page, case_id)
    data = case.plan.model_dump(mode="json") if case.plan else {}
    return _form_page(request, page, case, data, [])


def _form_page(
    request: Request,
    page: StaffPage,
    case: Case,
    data: dict[str, Any],
    problems: list[tuple[str, str]],
    status_code: int = 200,
) -> HTMLResponse:
    context = form_context(data)
    return _page(request, "staff/cases/plan.html", status_code, staff=page, case=case, problems=problems, **context)


@router.post("/staff/cases/{case_id}/plan/form", response_class=HTMLResponse)
async def attach_form(request: Request, case_id: CaseId) -> Response:
    """Attach the plan written on the form's fields (the same fields as the public /plan form)."""
    form = await request.form()
    fields = {key: value for key, value in form.items() if isinstance(value, str)}
    page = await run_in_threadpool(staff_page, request)
    check_csrf(fields, page.csrf_token)
    data = form_to_data(form)
    try:
        plan = RecoveryPlan.model_validate(data)
    except ValidationError as exc:
        case = await run_in_threadpool(_read, request, page, case_id)
        return _form_page(request, page, case, data, problems_of(exc), 422)
    return await _save(request, page, case_id, fields, plan)


@router.post("/staff/cases/{case_id}/plan/remove", response_class=HTMLResponse)
async def remove(request: Request, case_id: CaseId) -> Response:
    """Take the plan off the case (the person asked)."""
    form = await request.form()
    fields = {key: value for key, value in form.items() if isinstance(value, str)}
    page = await run_in_threadpool(staff_page, request)
    check_csrf(fields, page.csrf_token)
    return await _save(request, page, case_id, fields, None)


def _attached(request: Request, case_id: str, purpose: str) -> RecoveryPlan:
    page = staff_page(request)
    try:
        _case, plan = _unit(lambda unit: read_plan(unit, page.actor, case_id, purpose=purpose, source=_source(request)))
    except CaseNotFound:
        raise _not_found() from None
    except NoPlanAttached:
        raise HTTPException(status_code=404, detail="No recovery plan is attached to this case.") from None
    return plan


def _download(body: bytes, media_type: str, filename: str) -> Response:
    headers = {**NO_STORE, "Content-Disposition": f'attachment; filename="{filename}"'}
    return Response(body, media_type=media_type, headers=headers)


@router.get("/staff/cases/{case_id}/plan.pdf", response_class=Response)
def plan_as_pdf(request: Request, case_id: CaseId) -> Response:
    """The attached plan as the person's PDF (plan pages and wallet card)."""
    plan = _attached(request, case_id, "plan pdf")
    # In the language asked for (``?lang=es`` from the case page's link): the person's language, not the page's.
    pdf = plan_pdf(plan, current_settings().country, lang=request_language(request))
    return _download(pdf, "application/pdf", "recovery-plan.pdf")


@router.get("/staff/cases/{case_id}/plan.json", response_class=Response)
def plan_as_file(request: Request, case_id: CaseId) -> Response:
    """The attached plan as a plan file the person can load back at /plan."""
    plan = _attached(request, case_id, "plan file")
    return _download(dump_plan(plan), "application/json", "recovery-plan.json")
