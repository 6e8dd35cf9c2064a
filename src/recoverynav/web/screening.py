"""``/screening``: one accessible form per instrument, a result page, and the FHIR bundle as a download.

Plain POST forms (work with JavaScript off). Answers travel in the request only; nothing is stored.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response

from recoverynav.screening import (
    AnswerError,
    Instrument,
    ScreeningResult,
    UnknownInstrumentError,
    asked_items,
    fhir_bundle_json,
    get_instrument,
    list_instruments,
    parse_number,
    score_instrument,
)
from recoverynav.web.citations import citation_context
from recoverynav.web.rendering import render

router = APIRouter(include_in_schema=False)

# Answers and results must not outlive the response: no browser, proxy or back-forward cache copy of them.
PRIVATE = {"Cache-Control": "no-store"}
InstrumentId = Annotated[str, Path(max_length=40)]


@router.get("/screening", response_class=HTMLResponse)
def index(request: Request) -> HTMLResponse:
    instruments = list_instruments()
    return render(
        request,
        "screening/index.html",
        self_screens=[i for i in instruments if i.administered_by == "self"],
        staff_scales=[i for i in instruments if i.administered_by == "clinician"],
    )


@router.get("/screening/{instrument_id}", response_class=HTMLResponse)
def form(request: Request, instrument_id: InstrumentId) -> HTMLResponse:
    try:
        instrument = get_instrument(instrument_id)
    except UnknownInstrumentError as exc:
        return _not_found(request, exc)
    return _form(request, instrument, {})


@router.post("/screening/{instrument_id}", response_class=HTMLResponse)
async def result(request: Request, instrument_id: InstrumentId) -> HTMLResponse:
    outcome = await _scored_submission(request, instrument_id)
    if isinstance(outcome, HTMLResponse):
        return outcome
    instrument, posted, scored = outcome
    page = render(
        request,
        "screening/result.html",
        instrument=instrument,
        result=scored,
        posted=posted,
        **citation_context(sorted(instrument.all_source_ids())),
    )
    page.headers.update(PRIVATE)
    return page


@router.post("/screening/{instrument_id}/fhir", response_model=None)
async def fhir_download(request: Request, instrument_id: InstrumentId) -> Response:
    outcome = await _scored_submission(request, instrument_id)
    if isinstance(outcome, HTMLResponse):
        return outcome
    instrument, _, scored = outcome
    return Response(
        fhir_bundle_json(instrument, scored),
        media_type="application/fhir+json",
        headers={"Content-Disposition": f'attachment; filename="{instrument.id}-screening.fhir.json"', **PRIVATE},
    )


async def _scored_submission(
    request: Request, instrument_id: str
) -> tuple[Instrument, dict[str, str], ScreeningResult] | HTMLResponse:
    """Score a posted form, or the page to show instead (404 for an unknown instrument, 422 for bad answers)."""
    try:
        instrument = get_instrument(instrument_id)
    except UnknownInstrumentError as exc:
        return _not_found(request, exc)
    posted = {k: str(v) for k, v in (await request.form()).items()}
    try:
        return instrument, posted, score_form(instrument, posted)
    except AnswerError as exc:
        return _form(request, instrument, posted, error=exc, status_code=422)


def score_form(instrument: Instrument, posted: dict[str, str]) -> ScreeningResult:
    """Score a posted screening form (the staff case screen uses it too); AnswerError names the item."""
    answers: dict[str, int | None] = {}
    for number, item in enumerate(instrument.items, start=1):
        value = posted.get(item.id, "").strip()
        label, high = f"item {number} ({item.id})", len(item.options) - 1
        answers[item.id] = parse_number(value, item.id, label, high, ": choose one of the answers") if value else None
    age_text = posted.get("age", "").strip()
    age = parse_number(age_text, "age", "age", 130, " (whole years)") if age_text else None
    # Follow-up questions the skip logic does not ask are ignored even if a radio was left checked.
    asked = asked_items(instrument, answers)
    answers = {k: (v if asked[k] else None) for k, v in answers.items()}
    return score_instrument(instrument, answers, sex=posted.get("sex") or None, age=age)


def _form(
    request: Request,
    instrument: Instrument,
    posted: dict[str, str],
    error: AnswerError | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    context: dict[str, Any] = {
        "instrument": instrument,
        "posted": posted,
        "error": error,
        **citation_context(sorted(instrument.all_source_ids())),
    }
    page = render(request, "screening/form.html", status_code=status_code, **context)
    if posted:
        page.headers.update(PRIVATE)
    return page


def _not_found(request: Request, exc: UnknownInstrumentError) -> HTMLResponse:
    # The message already names the closest instruments; the shared template links suggestions to /substances.
    return render(request, "not_found.html", status_code=404, message=str(exc), suggestions=[])
