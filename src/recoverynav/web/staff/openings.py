"""``/staff/facility/openings``: a facility account's listings, each with a plain form for its openings (#16);
``/staff/facilities/{frid}/openings``: the same form for a helpline consultant who phoned the facility.

No JavaScript: one row per care type (open places, taking new patients, waitlist); a row left blank is not
offered. The form carries the session's CSRF token like every staff form. The use case decides: a listing that
is not the account's own is the 404 page, a staff role the 403 page, and every change is audited. A consultant
records what the facility said on the phone, or confirms the stored figures as they are ("called, confirmed").
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import quote, urlencode

from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from recoverynav.backoffice import (
    FRID_PATTERN,
    OpeningsUpdate,
    UnknownListing,
    confirm_openings,
    own_openings,
    post_openings,
    require,
)
from recoverynav.directory import CARE_TYPES, SLOTS_MAX, Opening, age_phrase, care_type_label
from recoverynav.web.rendering import render
from recoverynav.web.staff.session import StaffPage, check_csrf, read_form, staff_page
from recoverynav.wiring import back_office_unit, case_unit, clock, facility_repository

router = APIRouter(include_in_schema=False)
PAGE = "/staff/facility/openings"


@dataclass(frozen=True)
class Row:
    """One care type's row of a listing's form, filled with what is stored."""

    care_type: str
    label: str
    open_slots: str
    accepting_new: bool
    waitlist: str
    age: str


@dataclass(frozen=True)
class ListingForm:
    """One of the account's listings: its id, name and address, and a row per care type."""

    frid: str
    name: str
    place: str
    rows: list[Row]


def _rows(stored: list[Opening], now: datetime, typed: dict[str, str] | None = None) -> list[Row]:
    by_type = {o.care_type: o for o in stored}
    rows = []
    for code in CARE_TYPES:
        o = by_type.get(code)
        if typed is not None:
            slots, wait = typed.get(f"{code}_slots", ""), typed.get(f"{code}_waitlist", "")
            taking = typed.get(f"{code}_accepting") == "yes"
        else:
            slots = "" if o is None else str(o.open_slots)
            taking = o is not None and o.accepting_new
            wait = "" if o is None or o.waitlist is None else str(o.waitlist)
        age = "" if o is None else age_phrase(o.updated_at, now)
        rows.append(Row(code, care_type_label(code), slots[:6], taking, wait[:6], age))
    return rows


def _listings(page: StaffPage, now: datetime, typed: dict[str, dict[str, str]] | None = None) -> list[ListingForm]:
    with contextmanager(case_unit)() as unit:
        mine = own_openings(unit, page.actor)
    repo = facility_repository()
    forms = []
    for frid, stored in mine.items():
        listing = repo.get(frid)
        name = listing.name if listing else frid
        place = ", ".join(p for p in (listing.street, listing.city, listing.state) if p) if listing else ""
        forms.append(ListingForm(frid, name, place, _rows(stored, now, (typed or {}).get(frid))))
    return forms


def _page(request: Request, page: StaffPage, status: int = 200, **context: object) -> HTMLResponse:
    response = render(request, "staff/facility_openings.html", status_code=status, staff=page, **context)
    response.headers["Cache-Control"] = "no-store"
    return response


def _number(fields: dict[str, str], name: str, errors: list[str]) -> int | None:
    text = fields.get(name, "").strip()
    if not text:
        return None
    if not text.isascii() or not text.isdigit() or len(text) > 6 or int(text) > SLOTS_MAX:
        errors.append(f"{name}: a whole number from 0 to {SLOTS_MAX:,}")
        return None
    return int(text)


def openings_from_form(frid: str, fields: dict[str, str]) -> tuple[OpeningsUpdate | None, list[str]]:
    """The update a listing's form asks for (a row with no open-places number is left out), or the errors."""
    errors: list[str] = []
    items = []
    for code in CARE_TYPES:
        slots = _number(fields, f"{code}_slots", errors)
        waitlist = _number(fields, f"{code}_waitlist", errors)
        if slots is None:
            if fields.get(f"{code}_waitlist", "").strip() and not errors:
                errors.append(f"{code}_slots: give the open places too (0 if none), or clear the waitlist")
            continue
        accepting = fields.get(f"{code}_accepting", "") == "yes"
        items.append({"care_type": code, "open_slots": slots, "accepting_new": accepting, "waitlist": waitlist})
    if errors:
        return None, errors
    try:
        return OpeningsUpdate.model_validate({"frid": frid, "openings": items}), []
    except ValidationError as exc:
        return None, [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]


@router.get(PAGE, response_class=HTMLResponse)
def openings_page(request: Request) -> Response:
    page = staff_page(request)
    now = clock()
    saved = request.query_params.get("saved", "")[:80]
    return _page(request, page, listings=_listings(page, now), saved=saved, errors=[])


@router.post(PAGE + "/{frid}", response_class=HTMLResponse)
async def save_openings(
    request: Request, frid: Annotated[str, Path(min_length=1, max_length=80, pattern=FRID_PATTERN)]
) -> Response:
    fields = await read_form(request)
    page = await run_in_threadpool(staff_page, request)
    check_csrf(fields, page.csrf_token)
    now = datetime.now(UTC)
    update, errors = openings_from_form(frid, fields)
    if update is None:
        listings = await run_in_threadpool(_listings, page, now, {frid: fields})
        if frid not in {listing.frid for listing in listings}:
            raise HTTPException(status_code=404, detail=str(UnknownListing()))
        return _page(request, page, 422, listings=listings, saved="", errors=errors, failed=frid)

    source = request.client.host[:80] if request.client else None

    def work() -> None:
        facility_repository()  # the listings it checks against are the directory's, loaded on first use
        with back_office_unit() as unit:
            post_openings(unit, page.actor, update, now=now, source=source)

    try:
        await run_in_threadpool(work)
    except UnknownListing as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from None
    return RedirectResponse(f"{PAGE}?{urlencode({'saved': frid})}", status_code=303)


# --- the helpline's "called, confirmed" check -----------------------------------------------------------------

CHECK = "/staff/facilities/{frid}/openings"
Frid = Annotated[str, Path(min_length=1, max_length=80, pattern=FRID_PATTERN)]


def _check_form(page: StaffPage, frid: str, now: datetime, typed: dict[str, str] | None = None) -> ListingForm:
    """The listing's form for a consultant (who may confirm any listing); 404 when the directory has none."""
    require(page.actor, "openings.confirm")
    listing = facility_repository().get(frid)
    if listing is None:
        raise HTTPException(status_code=404, detail=str(UnknownListing()))
    with back_office_unit(read_only=True) as unit:
        stored = unit.openings.of(frid)
    place = ", ".join(p for p in (listing.street, listing.city, listing.state) if p)
    return ListingForm(frid, listing.name, place, _rows(stored, now, typed))


def _check_page(request: Request, page: StaffPage, form: ListingForm, status: int = 200, **context: object) -> Response:
    response = render(
        request, "staff/facility_openings_check.html", status_code=status, staff=page, listing=form, **context
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get(CHECK, response_class=HTMLResponse)
def check_page(request: Request, frid: Frid) -> Response:
    page = staff_page(request)
    form = _check_form(page, frid, clock())
    return _check_page(request, page, form, saved=request.query_params.get("saved", "") == "1", errors=[])


@router.post(CHECK, response_class=HTMLResponse)
async def check_save(request: Request, frid: Frid) -> Response:
    fields = await read_form(request)
    page = await run_in_threadpool(staff_page, request)
    check_csrf(fields, page.csrf_token)
    now = datetime.now(UTC)
    as_they_are = fields.get("as_they_are", "") == "yes"
    update, errors = (None, []) if as_they_are else openings_from_form(frid, fields)
    if errors:
        form = await run_in_threadpool(_check_form, page, frid, now, fields)
        return _check_page(request, page, form, 422, saved=False, errors=errors)
    source = request.client.host[:80] if request.client else None

    def work() -> None:
        facility_repository()  # the listings it checks against are the directory's, loaded on first use
        with back_office_unit() as unit:
            items = None if update is None else list(update.openings)
            confirm_openings(unit, page.actor, frid, items, now=now, source=source)

    try:
        await run_in_threadpool(work)
    except UnknownListing as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from None
    return RedirectResponse(f"{CHECK.format(frid=quote(frid, safe=''))}?saved=1", status_code=303)
