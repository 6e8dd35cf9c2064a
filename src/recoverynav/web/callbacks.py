"""``/callback``: the public "call me back" form (works without JavaScript) and its confirmation with the reference.

The screening result, treatment suggestion and search pages post their result here (``stage=start``) as hidden
fields, so what the person saw travels in the request body, never in a URL; the form then asks for a phone and
the consent tick (``stage=send``). Cross-site posts are refused by Origin/Referer as the listing report form
does. Error messages name the field and the fix; they never repeat what was typed.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from recoverynav.backoffice import CallbackRateLimited, CallbackRequest, ScreeningAnswers, request_callback
from recoverynav.directory import FacilityQuery, client_key
from recoverynav.errors import InputRejected, NotFound
from recoverynav.i18n import N_
from recoverynav.placement import Facts
from recoverynav.web.listing_reports import same_origin
from recoverynav.web.rendering import render
from recoverynav.wiring import callback_limits, case_unit

router = APIRouter(include_in_schema=False)

TEXT_FIELDS = ("nickname", "phone", "best_time", "language")
ATTACHMENT_FIELDS = (
    "screening_instrument",
    "screening_answers",
    "screening_sex",
    "screening_age",
    "facts",
    "near",
    "radius",
    "codes",
)
# Marked for the catalogue; the form draws each in the page's language.
FIXES = {
    "phone": N_("Phone (phone): give the number to call, 10 digits like 215-555-0100."),
    "consent_to_call": N_("Consent (consent): tick the box so the helpline may call this number."),
    "nickname": N_("Name (nickname): at most 100 characters."),
    "best_time": N_("Best time (best_time): at most 200 characters."),
    "language": N_("Language (language): at most 40 characters."),
}
ATTACHMENT_FIX = N_("Attachment: what you attached could not be read; remove it, or go back and send it again.")
NO_STORE = {"Cache-Control": "no-store"}


@router.get("/callback", response_class=HTMLResponse)
def callback_form(request: Request) -> HTMLResponse:
    return _page(request, {}, [], status_code=200)


@router.post("/callback", response_class=HTMLResponse)
async def callback_post(request: Request) -> HTMLResponse:
    if not same_origin(request):
        return render(request, "find/report_refused.html", status_code=403)
    form = await request.form()
    names = (*TEXT_FIELDS, *ATTACHMENT_FIELDS, "consent", "stage")
    values = {key: value for key in names if isinstance(value := form.get(key), str)}
    if values.get("stage") == "start":
        return _page(request, values, [], status_code=200)
    try:
        callback = _request(values)
    except ValidationError as exc:
        fields = [str(error["loc"][0]) if error["loc"] else "attachment" for error in exc.errors()]
        return _page(request, values, sorted({FIXES.get(f, ATTACHMENT_FIX) for f in fields}), status_code=422)
    except ValueError:
        return _page(request, values, [ATTACHMENT_FIX], status_code=422)
    client = client_key(request.client.host if request.client else None)
    try:
        # Database work off the event loop: the unit waits for the write lock.
        reference = await run_in_threadpool(_submit, callback, client)
    except CallbackRateLimited as exc:
        response = render(request, "callbacks/limited.html", status_code=429, retry_after=exc.retry_after)
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    except (InputRejected, NotFound):
        return _page(request, values, [ATTACHMENT_FIX], status_code=422)
    page = render(request, "callbacks/sent.html", reference=reference, attached=_attached(values))
    page.headers.update(NO_STORE)
    return page


def _submit(callback: CallbackRequest, client: str) -> str:
    with contextmanager(case_unit)() as unit:
        case = request_callback(unit, callback, client=client, limits=callback_limits(), now=datetime.now(UTC))
    return case.reference


def _request(values: dict[str, str]) -> CallbackRequest:
    """The API's request model from the form's fields (ValidationError / ValueError when something is wrong)."""
    screening = []
    if values.get("screening_instrument"):
        parts = values.get("screening_answers", "").split(",")
        answers = [int(part) if part.strip() else None for part in parts]
        age = values.get("screening_age", "").strip()
        screening.append(
            ScreeningAnswers(
                instrument=values["screening_instrument"],
                answers=answers,
                sex=values.get("screening_sex") or None,
                age=int(age) if age else None,
            )
        )
    facts = Facts.model_validate_json(values["facts"]) if values.get("facts") else None
    search = None
    if values.get("near", "").strip():
        codes = [c for c in values.get("codes", "").split(",") if c.strip()]
        search = FacilityQuery(near=values["near"], radius_miles=float(values.get("radius") or 25), codes=codes)
    payload: dict[str, Any] = {key: values.get(key, "") for key in TEXT_FIELDS}
    return CallbackRequest.model_validate(
        {**payload, "consent_to_call": values.get("consent") == "yes" or None}
        | {"screening": screening, "placement": facts, "search": search}
    )


def _attached(values: dict[str, str]) -> list[str]:
    labels = []
    if values.get("screening_instrument"):
        labels.append(N_("your screening result"))
    if values.get("facts"):
        labels.append(N_("your treatment suggestion"))
    if values.get("near", "").strip():
        labels.append(N_("your search"))
    return labels


def _page(request: Request, values: dict[str, str], errors: list[str], *, status_code: int) -> HTMLResponse:
    hidden = {key: values[key] for key in ATTACHMENT_FIELDS if values.get(key)}
    page = render(
        request,
        "callbacks/form.html",
        status_code=status_code,
        form=values,
        hidden=hidden,
        attached=_attached(values),
        errors=errors,
    )
    page.headers.update(NO_STORE)
    return page
