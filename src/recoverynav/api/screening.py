"""``/api/v1/screening``: list the instruments, read one, and score answers (nothing is stored)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path, Response
from pydantic import BaseModel, ConfigDict, Field, computed_field

from recoverynav.api.errors import BAD_VALUE, NOT_FOUND
from recoverynav.references import cite_sources
from recoverynav.screening import (
    AnswerError,
    Instrument,
    ScreeningResult,
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


class InstrumentSummary(BaseModel):
    """One instrument in the list: who answers it, how many items, its score range and LOINC total code."""

    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    title: str
    summary: str
    administered_by: Literal["self", "clinician"]
    items: int
    min_score: int
    max_score: int
    loinc_total: str | None


class InstrumentList(BaseModel):
    """Every instrument: self-screening first, then clinician-rated scales."""

    model_config = ConfigDict(frozen=True)

    instruments: list[InstrumentSummary]


class InstrumentReference(BaseModel):
    """A source the instrument cites (a :class:`~recoverynav.references.Citation`), as its one line and its link."""

    model_config = ConfigDict(frozen=True)

    id: str
    citation: str
    link: str


class InstrumentDefinition(Instrument):
    """The instrument as published (items, options with points, bands...), its score range and references."""

    references: list[InstrumentReference]

    # The score range is derived from the items; it is answered with the definition so a client needs no arithmetic.
    @computed_field  # type: ignore[prop-decorator]
    @property
    def min_score(self) -> int:
        return self._score_range()[0]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def max_score(self) -> int:
        return self._score_range()[1]


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


def _score(instrument: Instrument, request: ScoreRequest) -> ScreeningResult:
    try:
        return score_instrument(instrument, request.answers, sex=request.sex, age=request.age)
    except AnswerError as exc:
        raise HTTPException(status_code=422, detail={"message": str(exc), "field": exc.field}) from exc


@router.get("/screening", response_model=InstrumentList)
def list_screening_instruments() -> InstrumentList:
    """The screening instruments: self-screening first, then clinician-rated scales for staff."""
    return InstrumentList(
        instruments=[
            InstrumentSummary(
                id=i.id,
                name=i.name,
                title=i.title,
                summary=i.summary,
                administered_by=i.administered_by,
                items=len(i.items),
                min_score=i.min_score,
                max_score=i.max_score,
                loinc_total=i.loinc.total,
            )
            for i in list_instruments()
        ]
    )


@router.get("/screening/{instrument_id}", response_model=InstrumentDefinition, responses=NOT_FOUND)
def read_screening_instrument(instrument_id: InstrumentId) -> InstrumentDefinition:
    """One instrument's definition: items, options with points, bands, permission terms, LOINC and sources."""
    instrument = _instrument(instrument_id)
    # Listed by id, each from the one citation model (references.citations), shown as its line and link.
    references = [
        InstrumentReference(id=c.id, citation=c.text(), link=c.link)
        for c in cite_sources(sorted(instrument.all_source_ids())).citations
    ]
    return InstrumentDefinition.model_validate({**instrument.model_dump(), "references": references})


@router.post("/screening/{instrument_id}", response_model=ScreeningResult, responses={**NOT_FOUND, **BAD_VALUE})
def score_screening(instrument_id: InstrumentId, request: ScoreRequest) -> ScreeningResult:
    """Score answers as published; the result is returned and not stored."""
    return _score(_instrument(instrument_id), request)


@router.post(
    "/screening/{instrument_id}/fhir", response_class=Response, responses={**FHIR_BUNDLE, **NOT_FOUND, **BAD_VALUE}
)
def score_screening_fhir(instrument_id: InstrumentId, request: ScoreRequest) -> Response:
    """Score answers and return a FHIR R4 Bundle (Questionnaire, QuestionnaireResponse, Observation)."""
    instrument = _instrument(instrument_id)
    result = _score(instrument, request)
    return Response(fhir_bundle_json(instrument, result), media_type="application/fhir+json")
