"""The staff case screens under ``/staff/cases``: the queue, search, intake (with duplicates), the case page, its
edits and moves, screening and a level-of-care suggestion recorded on the case.

Plain forms, no JavaScript, each carrying the session's CSRF token. The routes translate only: every read and
write goes through the use cases in ``recoverynav.backoffice``, which decide who may do what and audit it.
Personal values travel in POST bodies, never in a URL (a search is a POST; links carry case ids only).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Annotated, Any, get_args

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from recoverynav.backoffice import (
    STATUSES,
    Caller,
    Case,
    CaseChanges,
    CaseDraft,
    CaseNotFound,
    CaseSummary,
    StaleCase,
    TransitionRefused,
    find_cases,
    find_duplicates,
    follow_ups_due,
    list_cases,
    load_case_flow,
    merge_duplicates,
    move_case,
    open_case,
    read_case,
    update_case,
)
from recoverynav.errors import InputRejected
from recoverynav.placement import Facts, recommend_level
from recoverynav.screening import AnswerError, Instrument, UnknownInstrumentError, get_instrument, list_instruments
from recoverynav.web.deps import settings as current_settings
from recoverynav.web.screening import score_form
from recoverynav.web.staff.coverage import coverage_context
from recoverynav.web.staff.pages import client_source as _source
from recoverynav.web.staff.pages import in_case_unit as _unit
from recoverynav.web.staff.pages import posted_form as _posted
from recoverynav.web.staff.pages import see_other as _see
from recoverynav.web.staff.pages import staff_html as _page
from recoverynav.web.staff.referrals import referrals_context
from recoverynav.web.staff.session import StaffPage, staff_page
from recoverynav.web.treatment import form_to_facts
from recoverynav.wiring import UnitOfWork

router = APIRouter(include_in_schema=False)

CaseId = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[0-9a-f]{1,64}$", description="A case id")]
InstrumentId = Annotated[str, Path(max_length=40)]
CALLER_FIELDS = ("nickname", "first_name", "last_name", "date_of_birth", "phone", "email", "zip")
# The facts a consultant asks on the phone for a suggestion: the yes/no and choice questions of the model.
FACT_FLAGS = (
    "daily_use",
    "history_withdrawal_seizures_or_dts",
    "unstable_medical_condition",
    "pregnant",
    "co_occurring_mental_health",
    "support_people",
    "in_remission_after_treatment",
)
FACT_CHOICES = ("withdrawal_symptoms", "suicidal_thoughts", "readiness", "cravings", "home")


def _choices(name: str) -> tuple[str, ...]:
    literal = next(a for a in get_args(Facts.model_fields[name].annotation) if a is not type(None))
    return tuple(str(v) for v in get_args(literal))


def _not_found() -> HTTPException:
    return HTTPException(status_code=404, detail="No such case: it may have been merged; find it again from the queue.")


def _field_errors(exc: ValidationError) -> list[str]:
    # Field names and the fix, never the value typed (it is personal data).
    return [f"{'.'.join(str(p) for p in e['loc']) or 'form'}: {e['msg']}" for e in exc.errors()]


def _date(text: str, field: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputRejected(f"{field}: a date as YYYY-MM-DD") from None


def _due(text: str) -> datetime | None:
    text = text.strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InputRejected("due_at: a date and time as YYYY-MM-DDTHH:MM (UTC)") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _version(fields: dict[str, str]) -> int:
    text = fields.get("version", "").strip()
    if not text.isascii() or not text.isdigit() or not 1 <= len(text) <= 10:
        raise InputRejected("version: reload the case and try again")
    return int(text)


def _caller(fields: dict[str, str]) -> Caller:
    values: dict[str, Any] = {k: fields.get(k, "").strip()[:300] or None for k in CALLER_FIELDS}
    values["date_of_birth"] = _date(fields.get("date_of_birth", ""), "date_of_birth")
    return Caller.model_validate(values)


def _for_self(fields: dict[str, str]) -> bool | None:
    return {"yes": True, "no": False}.get(fields.get("for_self", ""))


def _substances(fields: dict[str, str]) -> list[str]:
    return [s.strip() for s in fields.get("substances", "")[:3000].split(",") if s.strip()]


def _problem(
    request: Request, page: StaffPage, status_code: int, messages: list[str], case_id: str | None = None
) -> HTMLResponse:
    return _page(request, "staff/cases/problem.html", status_code, staff=page, messages=messages, case_id=case_id)


# --- the queue and search -------------------------------------------------------------------------------------


@router.get("/staff/cases", response_class=HTMLResponse)
def queue(
    request: Request,
    status: Annotated[str, Query(max_length=20)] = "",
    owner: Annotated[str, Query(max_length=64)] = "",
) -> Response:
    page = staff_page(request)
    if status and status not in STATUSES:
        raise HTTPException(status_code=422, detail=f"status: one of {', '.join(STATUSES)}")
    owner_id = page.actor.id if owner == "me" else (owner or None)
    final = set(load_case_flow().final)

    def work(unit: UnitOfWork) -> tuple[list[CaseSummary], list[CaseSummary]]:
        listed = list_cases(unit, page.actor, status=status or None, owner=owner_id, source=_source(request))
        due = follow_ups_due(unit, page.actor, now=datetime.now(UTC), source=_source(request))
        return listed, due

    listed, due = _unit(work)
    if not status:
        listed = [s for s in listed if s.status not in final]
    # New callback requests (new and nobody's yet) first; otherwise newest first, as listed.
    listed.sort(key=lambda s: not (s.status == "new" and s.owner is None))
    return _page(
        request,
        "staff/cases/queue.html",
        staff=page,
        cases=listed,
        due=due,
        statuses=STATUSES,
        status=status,
        owner=owner,
    )


@router.post("/staff/search", response_class=HTMLResponse)
async def search(request: Request) -> Response:
    page, fields = await _posted(request)

    def work(unit: UnitOfWork) -> list[CaseSummary]:
        return find_cases(
            unit,
            page.actor,
            phone=fields.get("phone", "").strip()[:40] or None,
            reference=fields.get("reference", "").strip()[:40] or None,
            first_name=fields.get("first_name", "").strip()[:100] or None,
            last_name=fields.get("last_name", "").strip()[:100] or None,
            date_of_birth=_date(fields.get("date_of_birth", ""), "date_of_birth"),
            source=_source(request),
        )

    try:
        found = await run_in_threadpool(_unit, work)
    except InputRejected as exc:
        return _problem(request, page, 422, [str(exc)])
    return _page(request, "staff/cases/found.html", staff=page, cases=found)


# --- intake -----------------------------------------------------------------------------------------------------


@router.get("/staff/cases/new", response_class=HTMLResponse)
def new_case_form(request: Request) -> Response:
    return _page(request, "staff/cases/new.html", staff=staff_page(request), errors=[])


@router.post("/staff/cases", response_class=HTMLResponse)
async def create(request: Request) -> Response:
    page, fields = await _posted(request)
    try:
        draft = CaseDraft(
            caller=_caller(fields),
            for_self=_for_self(fields),
            substances=_substances(fields),
            notes=fields.get("notes", "")[:20_000],
        )
    except ValidationError as exc:
        return _page(request, "staff/cases/new.html", 422, staff=page, errors=_field_errors(exc))
    except InputRejected as exc:
        return _page(request, "staff/cases/new.html", 422, staff=page, errors=[str(exc)])
    case, duplicates = await run_in_threadpool(
        _unit, lambda unit: open_case(unit, page.actor, draft, now=datetime.now(UTC), source=_source(request))
    )
    if not duplicates:
        return _see(f"/staff/cases/{case.id}")
    return _page(request, "staff/cases/duplicates.html", staff=page, case=case, duplicates=duplicates)


@router.post("/staff/cases/{case_id}/merge", response_class=HTMLResponse)
async def merge(request: Request, case_id: CaseId) -> Response:
    page, fields = await _posted(request)
    into = fields.get("into", "")[:64]
    try:
        kept = await run_in_threadpool(
            _unit,
            lambda unit: merge_duplicates(
                unit,
                page.actor,
                into,
                case_id,
                confirmed=fields.get("confirm") == "yes",
                now=datetime.now(UTC),
                source=_source(request),
            ),
        )
    except CaseNotFound:
        raise _not_found() from None
    except StaleCase as exc:
        return _problem(request, page, 409, [str(exc)], case_id)
    except InputRejected as exc:
        return _problem(request, page, 422, [str(exc)], case_id)
    return _see(f"/staff/cases/{kept.id}")


# --- the case page and its forms --------------------------------------------------------------------------------


@router.get("/staff/cases/{case_id}", response_class=HTMLResponse)
def case_page(request: Request, case_id: CaseId) -> Response:
    page = staff_page(request)

    def work(unit: UnitOfWork) -> Case:
        return read_case(unit, page.actor, case_id, source=_source(request))

    try:
        case = _unit(work)
    except CaseNotFound:
        raise _not_found() from None
    duplicates = [d for d in _unit(lambda unit: find_duplicates(unit, case.caller)) if d.case.id != case.id]
    flow = load_case_flow()
    return _page(
        request,
        "staff/cases/case.html",
        staff=page,
        case=case,
        duplicates=duplicates,
        reasons={state: flow.reasons.get(state, ()) for state in case.allowed_next},  # type: ignore[call-overload]
        instruments=[i for i in list_instruments() if i.administered_by == "self"],
        **coverage_context(page, case.id, _source(request)),
        **referrals_context(page, case.id, _source(request)),
    )


async def _change(
    request: Request,
    case_id: str,
    changes: Callable[[StaffPage, dict[str, str]], Any],
    fields: tuple[StaffPage, dict[str, str]] | None = None,
) -> Response:
    """Apply an edit built from the form (``fields``: already read and checked); a stale version is a 409 page,
    a bad field a 422 page."""
    page, form = fields if fields is not None else await _posted(request)
    try:
        edit = CaseChanges.model_validate({"version": _version(form), **changes(page, form)})
    except ValidationError as exc:
        return _problem(request, page, 422, _field_errors(exc), case_id)
    except InputRejected as exc:
        return _problem(request, page, 422, [str(exc)], case_id)
    try:
        await run_in_threadpool(
            _unit,
            lambda unit: update_case(unit, page.actor, case_id, edit, now=datetime.now(UTC), source=_source(request)),
        )
    except CaseNotFound:
        raise _not_found() from None
    except StaleCase:
        return _stale(request, page, case_id)
    except InputRejected as exc:
        return _problem(request, page, 422, [str(exc)], case_id)
    return _see(f"/staff/cases/{case_id}")


def _stale(request: Request, page: StaffPage, case_id: str) -> HTMLResponse:
    return _page(request, "staff/cases/stale.html", 409, staff=page, case_id=case_id)


@router.post("/staff/cases/{case_id}/edit", response_class=HTMLResponse)
async def edit(request: Request, case_id: CaseId) -> Response:
    def changes(page: StaffPage, fields: dict[str, str]) -> dict[str, Any]:
        return {
            "caller": _caller(fields),
            "for_self": _for_self(fields),
            "substances": _substances(fields),
            "notes": fields.get("notes", "")[:20_000],
        }

    return await _change(request, case_id, changes)


@router.post("/staff/cases/{case_id}/take", response_class=HTMLResponse)
async def take(request: Request, case_id: CaseId) -> Response:
    return await _change(request, case_id, lambda page, fields: {"owner": page.actor.id})


@router.post("/staff/cases/{case_id}/next", response_class=HTMLResponse)
async def next_action(request: Request, case_id: CaseId) -> Response:
    def changes(page: StaffPage, fields: dict[str, str]) -> dict[str, Any]:
        return {"next_action": fields.get("next_action", "")[:500], "due_at": _due(fields.get("due_at", ""))}

    return await _change(request, case_id, changes)


@router.post("/staff/cases/{case_id}/move", response_class=HTMLResponse)
async def move(request: Request, case_id: CaseId) -> Response:
    page, fields = await _posted(request)
    try:
        version = _version(fields)
        await run_in_threadpool(
            _unit,
            lambda unit: move_case(
                unit,
                page.actor,
                case_id,
                fields.get("to", "")[:40],
                now=datetime.now(UTC),
                reason=fields.get("reason", "")[:40] or None,
                note=fields.get("note", "")[:2000] or None,
                version=version,
                source=_source(request),
            ),
        )
    except CaseNotFound:
        raise _not_found() from None
    except StaleCase:
        return _stale(request, page, case_id)
    except TransitionRefused as exc:
        return _problem(request, page, 409, [str(exc)], case_id)
    except InputRejected as exc:
        return _problem(request, page, 422, [str(exc)], case_id)
    return _see(f"/staff/cases/{case_id}")


# --- screening and a level-of-care suggestion on the case ----------------------------------------------------------


def _instrument(instrument_id: str) -> Instrument:
    try:
        return get_instrument(instrument_id)
    except UnknownInstrumentError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from None


def _read(request: Request, page: StaffPage, case_id: str) -> Case:
    try:
        return _unit(lambda unit: read_case(unit, page.actor, case_id, source=_source(request)))
    except CaseNotFound:
        raise _not_found() from None


def _screen_page(
    request: Request,
    page: StaffPage,
    case: Case,
    instrument: Instrument,
    posted: dict[str, str],
    error: AnswerError | None,
    status_code: int = 200,
) -> HTMLResponse:
    context = {"staff": page, "case": case, "instrument": instrument, "posted": posted, "error": error}
    return _page(request, "staff/cases/screen.html", status_code, **context)


@router.get("/staff/cases/{case_id}/screening/{instrument_id}", response_class=HTMLResponse)
def screening_form(request: Request, case_id: CaseId, instrument_id: InstrumentId) -> Response:
    page = staff_page(request)
    instrument = _instrument(instrument_id)
    case = _read(request, page, case_id)
    return _screen_page(request, page, case, instrument, {}, None)


@router.post("/staff/cases/{case_id}/screening/{instrument_id}", response_class=HTMLResponse)
async def screening_record(request: Request, case_id: CaseId, instrument_id: InstrumentId) -> Response:
    page, fields = await _posted(request)
    instrument = _instrument(instrument_id)
    try:
        result = score_form(instrument, fields)
    except AnswerError as exc:
        case = await run_in_threadpool(_read, request, page, case_id)
        return _screen_page(request, page, case, instrument, fields, exc, 422)
    return await _change(request, case_id, lambda _page, _fields: {"add_screening": [result]}, fields=(page, fields))


@router.get("/staff/cases/{case_id}/suggestion", response_class=HTMLResponse)
def suggestion_form(request: Request, case_id: CaseId) -> Response:
    page = staff_page(request)
    case = _read(request, page, case_id)
    return _suggestion_page(request, page, case, {"substances": ", ".join(case.substances)}, [])


def _suggestion_page(
    request: Request, page: StaffPage, case: Case, form: dict[str, str], errors: list[str], status_code: int = 200
) -> HTMLResponse:
    return _page(
        request,
        "staff/cases/suggest.html",
        status_code,
        staff=page,
        case=case,
        form=form,
        errors=errors,
        flags=FACT_FLAGS,
        choices={name: _choices(name) for name in FACT_CHOICES},
    )


@router.post("/staff/cases/{case_id}/suggestion", response_class=HTMLResponse)
async def suggestion_record(request: Request, case_id: CaseId) -> Response:
    page, fields = await _posted(request)
    case = await run_in_threadpool(_read, request, page, case_id)
    # The screenings already on the case feed the suggestion as the public form's screening answers do.
    facts_input = form_to_facts({k: fields.get(k, "") for k in ("substances", *FACT_FLAGS, *FACT_CHOICES)})
    facts_input["screening"] = [{"instrument": s.instrument, "band": s.band, "score": s.score} for s in case.screening]
    try:
        facts = Facts.model_validate(facts_input)
    except ValidationError as exc:
        return _suggestion_page(request, page, case, fields, _field_errors(exc), 422)
    suggestion = recommend_level(facts, country=current_settings().country)
    return await _change(request, case_id, lambda _page, _fields: {"placement": suggestion}, fields=(page, fields))
