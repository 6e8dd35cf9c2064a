"""``/api/v1/screening``: list the instruments, read one, and score answers (nothing is stored)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path, Response
from pydantic import BaseModel, ConfigDict, Field

from recoverynav.api.errors import BAD_VALUE, NOT_FOUND
from recoverynav.references import resolve
from recoverynav.screening import (
    AnswerError,
    Instrument,
    UnknownInstrumentError,
    fhir_bundle_json,
    get_instrument,
    list_instruments,
    score_instrument,
)

router = APIRouter(tags=["screening"])

FHIR_BUNDLE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "A FHIR R4 Bundle: Questionnaire, QuestionnaireResponse and Observation",
        "content": {"application/fhir+json": {"schema": {"type": "object"}}},
    }
}


# No instrument has more than a few dozen items or ten options; the bounds keep a request a questionnaire's size.
MAX_ITEMS = 100
Answer = Annotated[int, Field(ge=0, le=99)]
ItemId = Annotated[str, Field(min_length=1, max_length=40)]
InstrumentId = Annotated[str, Path(min_length=1, max_length=40, description="An instrument id, e.g. audit")]


class ScoreRequest(BaseModel):
    """Answers as 0-based option indexes: a list in published item order, or an object keyed by item id."""

    # A misspelt "sex" must not be ignored silently: AUDIT's cut-offs depend on it.
    model_config = ConfigDict(extra="forbid")

    answers: (
        Annotated[list[Answer], Field(max_length=MAX_ITEMS)]
        | Annotated[dict[ItemId, Answer | None], Field(max_length=MAX_ITEMS)]
    ) = Field(
        description="One option index per item (yes/no items: 0 = no, 1 = yes), or {item_id: index}.",
        examples=[[2, 1, 0]],
    )
    sex: Literal["female", "male"] | None = Field(default=None, description="For sex-specific cut-offs.")
    age: Annotated[int | None, Field(ge=0, le=130, description="Age in years.")] = None


def _instrument(instrument_id: str) -> Instrument:
    try:
        return get_instrument(instrument_id)
    except UnknownInstrumentError as exc:
        raise HTTPException(
            status_code=404,
            detail={
                "message": str(exc),
                "field": "instrument_id",
                "value": instrument_id,
                "suggestions": exc.suggestions,
            },
        ) from exc


def _score(instrument: Instrument, request: ScoreRequest) -> Any:
    try:
        return score_instrument(instrument, request.answers, sex=request.sex, age=request.age)
    except AnswerError as exc:
        raise HTTPException(status_code=422, detail={"message": str(exc), "field": exc.field}) from exc


@router.get("/screening")
def list_screening_instruments() -> dict[str, Any]:
    """The screening instruments: self-screening first, then clinician-rated scales for staff."""
    return {
        "instruments": [
            {
                "id": i.id,
                "name": i.name,
                "title": i.title,
                "summary": i.summary,
                "administered_by": i.administered_by,
                "items": len(i.items),
                "min_score": i.min_score,
                "max_score": i.max_score,
                "loinc_total": i.loinc.total,
            }
            for i in list_instruments()
        ]
    }


@router.get("/screening/{instrument_id}", responses=NOT_FOUND)
def read_screening_instrument(instrument_id: InstrumentId) -> dict[str, Any]:
    """One instrument's definition: items, options with points, bands, permission terms, LOINC and sources."""
    instrument = _instrument(instrument_id)
    body: dict[str, Any] = instrument.model_dump(mode="json")
    body["min_score"] = instrument.min_score
    body["max_score"] = instrument.max_score
    body["references"] = [
        {"id": r.id, "citation": r.citation(), "link": r.link} for r in resolve(sorted(instrument.all_source_ids()))
    ]
    return body


@router.post("/screening/{instrument_id}", responses={**NOT_FOUND, **BAD_VALUE})
def score_screening(instrument_id: InstrumentId, request: ScoreRequest) -> dict[str, Any]:
    """Score answers as published; the result is returned and not stored."""
    result = _score(_instrument(instrument_id), request)
    scored: dict[str, Any] = result.model_dump(mode="json")
    return scored


@router.post(
    "/screening/{instrument_id}/fhir", response_class=Response, responses={**FHIR_BUNDLE, **NOT_FOUND, **BAD_VALUE}
)
def score_screening_fhir(instrument_id: InstrumentId, request: ScoreRequest) -> Response:
    """Score answers and return a FHIR R4 Bundle (Questionnaire, QuestionnaireResponse, Observation)."""
    instrument = _instrument(instrument_id)
    result = _score(instrument, request)
    return Response(fhir_bundle_json(instrument, result), media_type="application/fhir+json")
