"""The staff screens for Part 2 consent and referrals: a case's consents (recorded from a plain-language form,
printable, revocable in writing), its referrals side by side, the disclosure ledger printable for the patient, and
the facility account's own referrals with its answers.

Plain forms, each with the session's CSRF token; personal values only in POST bodies and pages, never in a URL.
The use cases decide who may do what and audit it: a facility account asking for another facility's referral gets
the same 404 as for one that does not exist.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from recoverynav.backoffice import (
    DECLINE_REASONS,
    MAX_AT_ONCE,
    Case,
    CaseNotFound,
    Consent,
    ConsentDraft,
    ConsentNotFound,
    ConsentRefused,
    ConsentRejected,
    Denied,
    Disclosure,
    OutboxNotifier,
    Referral,
    ReferralNotFound,
    ReferralRefused,
    TransitionRefused,
    case_consents,
    case_disclosures,
    case_referrals,
    decide_referral,
    facility_referrals,
    load_part2_texts,
    read_case,
    read_consent,
    record_consent,
    refer_case,
    revoke_consent,
)
from recoverynav.errors import InputRejected
from recoverynav.web.deps import settings as current_settings
from recoverynav.web.staff.pages import client_source as _source
from recoverynav.web.staff.pages import in_case_unit as _unit
from recoverynav.web.staff.pages import posted_form as _posted
from recoverynav.web.staff.pages import see_other as _see
from recoverynav.web.staff.pages import staff_html as _page
from recoverynav.web.staff.session import StaffPage, staff_page
from recoverynav.wiring import UnitOfWork, case_unit, deliver_notifications, facility_repository, sign_in_url

router = APIRouter(include_in_schema=False)

Id = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[0-9a-f]{1,64}$")]
RECIPIENT_FIELDS = 20


def _problem(request: Request, page: StaffPage, status_code: int, messages: list[str], case_id: str | None) -> Response:
    return _page(request, "staff/cases/problem.html", status_code, staff=page, messages=messages, case_id=case_id)


def _not_found(what: str = "case") -> HTTPException:
    return HTTPException(status_code=404, detail=f"No such {what}.")


def _date(text: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _draft(fields: dict[str, str]) -> ConsentDraft:
    recipients = [f.strip()[:80] for f in fields.get("recipients", "")[:4000].splitlines() if f.strip()]
    values: dict[str, Any] = {
        "patient_name": fields.get("patient_name", "")[:200],
        "disclosing_party": fields.get("disclosing_party", "")[:300],
        "information": fields.get("information", "")[:2000],
        "recipients": recipients[:RECIPIENT_FIELDS],
        "recipient_class": "treating_providers" if fields.get("recipient_class") == "treating_providers" else None,
        "purpose": fields.get("purpose") or None,
        "expires_on": _date(fields.get("expires_on", "")),
        "expiry_event": fields.get("expiry_event") or None,
        "signature_method": fields.get("signature_method") or None,
        "signed_by": fields.get("signed_by", "")[:200],
        "signer_role": fields.get("signer_role") or "patient",
        "signed_on": _date(fields.get("signed_on", "")),
    }
    return ConsentDraft.model_validate(values)


# --- a case's consent and referrals -------------------------------------------------------------------------------


def referrals_context(page: StaffPage, case_id: str, source: str | None) -> dict[str, Any]:
    """What the case page's referral section shows: the case's referrals side by side (expired ones settled; the
    read is audited; none for a role that may not read them) and the listings' names."""
    try:
        with contextmanager(case_unit)() as unit:
            referrals = case_referrals(unit, page.actor, case_id, now=datetime.now(UTC), source=source)
    except Denied:
        referrals = []
    names = {f.frid: f.name for f in (facility_repository().get(r.frid) for r in referrals) if f is not None}
    return {"case_referrals": referrals, "referral_names": names}


def _part2(request: Request, page: StaffPage, case_id: str) -> tuple[Case, list[Consent], list[Referral]]:
    def work(unit: UnitOfWork) -> tuple[Case, list[Consent], list[Referral]]:
        case = read_case(unit, page.actor, case_id, source=_source(request))
        consents = case_consents(unit, page.actor, case_id, source=_source(request))
        referrals = case_referrals(unit, page.actor, case_id, now=datetime.now(UTC), source=_source(request))
        return case, consents, referrals

    try:
        return _unit(work)
    except CaseNotFound:
        raise _not_found() from None


def _part2_page(
    request: Request, page: StaffPage, case_id: str, status_code: int = 200, errors: list[str] | None = None
) -> Response:
    case, consents, referrals = _part2(request, page, case_id)
    now = datetime.now(UTC)
    names = {f.frid: f.name for f in (facility_repository().get(r.frid) for r in referrals) if f is not None}
    return _page(
        request,
        "staff/cases/referrals.html",
        status_code,
        staff=page,
        case=case,
        consents=consents,
        in_force=[c for c in consents if c.active(now)],
        named=list(dict.fromkeys(f for c in consents if c.active(now) for f in c.recipients)),
        referrals=referrals,
        names=names,
        form=load_part2_texts().form,
        errors=errors or [],
        today=now.date().isoformat(),
        max_at_once=MAX_AT_ONCE,
    )


@router.get("/staff/cases/{case_id}/referrals", response_class=HTMLResponse)
def referrals_page(request: Request, case_id: Id) -> Response:
    return _part2_page(request, staff_page(request), case_id)


@router.post("/staff/cases/{case_id}/consents", response_class=HTMLResponse)
async def post_consent(request: Request, case_id: Id) -> Response:
    page, fields = await _posted(request)
    try:
        draft = _draft(fields)
        await run_in_threadpool(
            _unit,
            lambda unit: record_consent(
                unit, page.actor, case_id, draft, now=datetime.now(UTC), source=_source(request)
            ),
        )
    except ValidationError as exc:
        # Field names and the fix, never the value typed (it is personal data).
        errors = [f"{'.'.join(str(p) for p in e['loc']) or 'form'}: {e['msg']}" for e in exc.errors()]
        return await run_in_threadpool(_part2_page, request, page, case_id, 422, errors)
    except ConsentRejected as exc:
        errors = [f"{name}: {why}" for name, why in exc.missing]
        return await run_in_threadpool(_part2_page, request, page, case_id, 422, errors)
    except CaseNotFound:
        raise _not_found() from None
    except InputRejected as exc:
        return await run_in_threadpool(_part2_page, request, page, case_id, 422, [str(exc)])
    return _see(f"/staff/cases/{case_id}/referrals")


@router.get("/staff/cases/{case_id}/consents/{consent_id}", response_class=HTMLResponse)
def consent_page(request: Request, case_id: Id, consent_id: Id) -> Response:
    page = staff_page(request)
    try:
        consent = _unit(lambda unit: read_consent(unit, page.actor, case_id, consent_id, source=_source(request)))
    except (CaseNotFound, ConsentNotFound):
        raise _not_found("consent") from None
    texts = load_part2_texts()
    return _page(
        request,
        "staff/cases/consent.html",
        staff=page,
        consent=consent,
        form=texts.form,
        in_force=consent.active(datetime.now(UTC)),
    )


@router.post("/staff/cases/{case_id}/consents/{consent_id}/revoke", response_class=HTMLResponse)
async def post_revocation(request: Request, case_id: Id, consent_id: Id) -> Response:
    page, fields = await _posted(request)
    if fields.get("in_writing") != "yes":
        message = "in_writing: a revocation is made in writing (42 CFR 2.31(a)(6)); tick the box once you have it"
        return _problem(request, page, 422, [message], case_id)
    try:
        await run_in_threadpool(
            _unit,
            lambda unit: revoke_consent(
                unit,
                page.actor,
                case_id,
                consent_id,
                now=datetime.now(UTC),
                note=fields.get("note", "")[:500],
                source=_source(request),
            ),
        )
    except (CaseNotFound, ConsentNotFound):
        raise _not_found("consent") from None
    return _see(f"/staff/cases/{case_id}/referrals")


@router.post("/staff/cases/{case_id}/refer", response_class=HTMLResponse)
async def post_referrals(request: Request, case_id: Id) -> Response:
    page, fields = await _posted(request)
    frids = [fields[f"frid_{n}"].strip()[:80] for n in range(RECIPIENT_FIELDS) if fields.get(f"frid_{n}", "").strip()]
    consent_id = fields.get("consent_id", "")[:64]
    try:
        await run_in_threadpool(
            _unit,
            lambda unit: refer_case(
                unit,
                page.actor,
                case_id,
                frids,
                consent_id,
                listings=facility_repository(),
                now=datetime.now(UTC),
                message=fields.get("message", "")[:2000],
                expire_after=timedelta(hours=current_settings().referral_expiry_hours),
                source=_source(request),
                notifier=OutboxNotifier(unit, sign_in_url=sign_in_url(), now=datetime.now(UTC)),
            ),
        )
    except CaseNotFound:
        raise _not_found() from None
    except ConsentRefused as exc:
        reasons = ", ".join(f"{who}: {why.replace('_', ' ')}" for who, why in exc.reasons.items())
        message = f"consent_id: the chosen consent does not cover this referral ({reasons}); nothing was sent"
        return await run_in_threadpool(_part2_page, request, page, case_id, 409, [message])
    except TransitionRefused as exc:
        return await run_in_threadpool(_part2_page, request, page, case_id, 409, [str(exc)])
    except InputRejected as exc:
        return await run_in_threadpool(_part2_page, request, page, case_id, 422, [str(exc)])
    await run_in_threadpool(deliver_notifications)
    return _see(f"/staff/cases/{case_id}/referrals")


@router.get("/staff/cases/{case_id}/disclosures", response_class=HTMLResponse)
def disclosures_page(request: Request, case_id: Id) -> Response:
    page = staff_page(request)

    def work(unit: UnitOfWork) -> tuple[Case, list[Disclosure]]:
        case = read_case(unit, page.actor, case_id, source=_source(request))
        return case, case_disclosures(unit, page.actor, case_id, source=_source(request))

    try:
        case, ledger = _unit(work)
    except CaseNotFound:
        raise _not_found() from None
    return _page(request, "staff/cases/disclosures.html", staff=page, case=case, ledger=ledger)


# --- the facility's side ------------------------------------------------------------------------------------------


@router.get("/staff/facility/referrals", response_class=HTMLResponse)
def facility_page(request: Request) -> Response:
    page = staff_page(request)
    shown = _unit(lambda unit: facility_referrals(unit, page.actor, now=datetime.now(UTC), source=_source(request)))
    return _page(
        request, "staff/facility_referrals.html", staff=page, referrals=shown, reasons=DECLINE_REASONS, errors=[]
    )


@router.post("/staff/facility/referrals/{referral_id}/decision", response_class=HTMLResponse)
async def facility_decision(request: Request, referral_id: Id) -> Response:
    page, fields = await _posted(request)
    try:
        await run_in_threadpool(
            _unit,
            lambda unit: decide_referral(
                unit,
                page.actor,
                referral_id,
                fields.get("decision", "")[:20],
                reason=fields.get("reason") or None,
                note=fields.get("note", "")[:500] or None,
                now=datetime.now(UTC),
                source=_source(request),
                notifier=OutboxNotifier(unit, sign_in_url=sign_in_url(), now=datetime.now(UTC)),
            ),
        )
    except ReferralNotFound:
        raise _not_found("referral") from None
    except ReferralRefused as exc:
        shown = await run_in_threadpool(
            _unit, lambda unit: facility_referrals(unit, page.actor, now=datetime.now(UTC), source=_source(request))
        )
        status = 409 if str(exc).startswith("decision: a referral") else 422
        return _page(
            request,
            "staff/facility_referrals.html",
            status,
            staff=page,
            referrals=shown,
            reasons=DECLINE_REASONS,
            errors=[str(exc)],
        )
    await run_in_threadpool(deliver_notifications)
    return _see("/staff/facility/referrals")
