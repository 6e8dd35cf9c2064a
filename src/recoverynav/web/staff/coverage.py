"""Coverage checks on the staff case page (#17): run a check (or open a "verify by phone" task when no gateway is
configured) and fill in the summary form after calling the payer.

Plain forms with the session's CSRF token; member ids, names and birth dates travel in POST bodies only and the
routes redirect to the case page (``/staff/cases/{id}#coverage``), which lists the checks and their summaries.
The use cases in ``recoverynav.backoffice`` decide who may do what and audit it.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from recoverynav.backoffice import (
    SERVICE_TYPE_NAMES,
    SERVICE_TYPES,
    CaseNotFound,
    CheckNotFound,
    CheckNotOpen,
    CoverageCheck,
    CoverageInquiry,
    CoverageSummary,
    Denied,
    StaleCheck,
    X12Codec,
    list_coverage_checks,
    record_verification,
    run_coverage_check,
)
from recoverynav.errors import InputRejected
from recoverynav.web.rendering import render
from recoverynav.web.staff.pages import client_source as _source
from recoverynav.web.staff.pages import posted_form as _posted
from recoverynav.web.staff.session import StaffPage
from recoverynav.wiring import case_unit, case_units, eligibility_gateway, eligibility_provider

router = APIRouter(include_in_schema=False)

CaseId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[0-9a-f]{1,64}$", description="A case id")]
# Only bounded here: an unknown id is the use case's 404, after the CSRF check every staff POST makes first.
CheckId = Annotated[str, Path(min_length=1, max_length=64, description="A check id")]
MONEY_FIELDS = (
    "copay_in_network",
    "copay_out_of_network",
    "deductible_remaining",
    "out_of_pocket_remaining",
)
PERCENT_FIELDS = ("coinsurance_in_network", "coinsurance_out_of_network")
_INQUIRY_TEXT = ("payer_id", "payer_name", "member_id", "first_name", "last_name")


def coverage_context(page: StaffPage, case_id: str, source: str | None) -> dict[str, Any]:
    """What the case page's coverage section shows: the case's checks (the read is audited; none for a role that
    may not read them), the service types to ask, and whether checks go to a payer or become phone tasks."""
    try:
        with contextmanager(case_unit)() as unit:
            checks = list_coverage_checks(unit, page.actor, case_id, source=source)
    except Denied:
        checks = []
    return {
        "coverage_checks": checks,
        "service_types": [(code, SERVICE_TYPE_NAMES[code]) for code in SERVICE_TYPES],
        "coverage_instant": eligibility_gateway() is not None and eligibility_provider() is not None,
    }


def _problem(request: Request, page: StaffPage, status_code: int, messages: list[str], case_id: str) -> HTMLResponse:
    response = render(
        request, "staff/cases/problem.html", status_code=status_code, staff=page, messages=messages, case_id=case_id
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def _field_errors(exc: ValidationError) -> list[str]:
    # Field names and the fix, never the value typed (a member id or name is personal data).
    return [f"{'.'.join(str(p) for p in e['loc']) or 'form'}: {e['msg']}" for e in exc.errors()]


def _text(fields: dict[str, str], name: str) -> str | None:
    value = " ".join(fields.get(name, "")[:200].split())
    return value or None


def _date(fields: dict[str, str], name: str) -> date | None:
    text = fields.get(name, "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise InputRejected(f"{name}: a date as YYYY-MM-DD") from None


def _yes_no(fields: dict[str, str], name: str) -> bool | None:
    value = fields.get(name, "").strip()
    if value not in ("", "yes", "no"):
        raise InputRejected(f"{name}: yes, no, or leave it unknown")
    return None if not value else value == "yes"


def _amount(fields: dict[str, str], name: str, *, percent: bool = False) -> Decimal | None:
    text = fields.get(name, "").strip().removeprefix("$").removesuffix("%").strip().replace(",", "")
    if not text:
        return None
    try:
        value = Decimal(text[:20])
    except InvalidOperation:
        raise InputRejected(f"{name}: a number like {'20 (for 20 %)' if percent else '25.00'}") from None
    if not value.is_finite():
        raise InputRejected(f"{name}: a number like {'20 (for 20 %)' if percent else '25.00'}")
    return value / 100 if percent else value


def inquiry_from_form(fields: dict[str, str]) -> CoverageInquiry:
    """The check's question from the form (service types as ``st_<code>`` check boxes; none ticked: 30)."""
    ticked = [code for code in SERVICE_TYPES if fields.get(f"st_{code}") == "yes"]
    values: dict[str, Any] = {name: _text(fields, name) for name in _INQUIRY_TEXT}
    values["birth_date"] = _date(fields, "birth_date")
    values["service_types"] = ticked or ["30"]
    return CoverageInquiry.model_validate({k: v for k, v in values.items() if v is not None})


def summary_from_form(fields: dict[str, str]) -> CoverageSummary:
    """The summary form as filled in after the call (percentages typed as 20 for 20 %)."""
    values: dict[str, Any] = {
        "active": _yes_no(fields, "active"),
        "prior_authorization": _yes_no(fields, "prior_authorization"),
        "plan": fields.get("plan", "")[:200].strip(),
        "plan_begin": _date(fields, "plan_begin"),
        "plan_end": _date(fields, "plan_end"),
        "limits": fields.get("limits", "")[:400].strip(),
        "notes": fields.get("notes", "")[:3000].strip(),
        "rejections": [line.strip() for line in fields.get("rejections", "")[:4000].splitlines() if line.strip()],
    }
    for name in MONEY_FIELDS:
        values[name] = _amount(fields, name)
    for name in PERCENT_FIELDS:
        values[name] = _amount(fields, name, percent=True)
    return CoverageSummary.model_validate(values)


def _version(fields: dict[str, str]) -> int | None:
    text = fields.get("version", "").strip()
    if not text:
        return None
    if not text.isascii() or not text.isdigit() or not 1 <= len(text) <= 10:
        raise InputRejected("version: reload the case and try again")
    return int(text)


def _see(case_id: str) -> RedirectResponse:
    return RedirectResponse(f"/staff/cases/{case_id}#coverage", status_code=303)


@router.post("/staff/cases/{case_id}/coverage-checks", response_class=HTMLResponse)
async def run_check(request: Request, case_id: CaseId) -> Response:
    page, fields = await _posted(request)
    try:
        inquiry = inquiry_from_form(fields)
    except ValidationError as exc:
        return _problem(request, page, 422, _field_errors(exc), case_id)
    except InputRejected as exc:
        return _problem(request, page, 422, [str(exc)], case_id)

    def work() -> CoverageCheck:
        return run_coverage_check(
            case_units(),
            page.actor,
            case_id,
            inquiry,
            gateway=eligibility_gateway(),
            codec=X12Codec(),
            provider=eligibility_provider(),
            now=datetime.now(UTC),
            source=_source(request),
        )

    try:
        await run_in_threadpool(work)
    except CaseNotFound:
        raise HTTPException(status_code=404, detail="No such case.") from None
    except InputRejected as exc:
        return _problem(request, page, 422, [str(exc)], case_id)
    return _see(case_id)


@router.post("/staff/cases/{case_id}/coverage-checks/{check_id}/summary", response_class=HTMLResponse)
async def fill_summary(request: Request, case_id: CaseId, check_id: CheckId) -> Response:
    page, fields = await _posted(request)
    try:
        summary = summary_from_form(fields)
        version = _version(fields)
    except ValidationError as exc:
        return _problem(request, page, 422, _field_errors(exc), case_id)
    except InputRejected as exc:
        return _problem(request, page, 422, [str(exc)], case_id)

    def work() -> CoverageCheck:
        return record_verification(
            case_units(),
            page.actor,
            case_id,
            check_id,
            summary,
            version=version,
            now=datetime.now(UTC),
            source=_source(request),
        )

    try:
        await run_in_threadpool(work)
    except CheckNotFound:
        raise HTTPException(status_code=404, detail="No such check on this case.") from None
    except (CheckNotOpen, StaleCheck) as exc:
        return _problem(request, page, 409, [str(exc)], case_id)
    return _see(case_id)
