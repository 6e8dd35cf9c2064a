"""``GET /api/v1/coverage/guide?payment=&state=``: where a person can pay, with sources and the finder's codes."""

from __future__ import annotations

import datetime as _dt
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query
from pydantic import BaseModel, Field, JsonValue

from recoverynav.api.errors import BAD_VALUE
from recoverynav.coverage import GuideAnswer, PaymentType, Statement, UnknownStateError, guide_for, guide_states
from recoverynav.references import Citation, CitedSources
from recoverynav.web.finder_links import finder_href

router = APIRouter(tags=["coverage"])


class CoverageStatement(BaseModel):
    """One cited sentence: its text, its source ids and their numbers in ``citations``."""

    text: str
    sources: list[str]
    marks: list[int] = Field(description="The numbers of its sources in this answer's citations, smallest first")


class CoverageMedicaid(BaseModel):
    """The state's row of the Medicaid expansion table."""

    status: str = Field(description="adopted, not_adopted or not_in_table (territories)")
    implemented: _dt.date | None = Field(description="When expansion coverage began; null when not adopted")
    as_of: _dt.date = Field(description="The date of the table (KFF) the row comes from")
    text: str
    note: str | None
    sources: list[str]
    marks: list[int]


class CoverageSearch(BaseModel):
    """A one-click finder search for facilities that take this way of paying near the state."""

    payment: str = Field(description="The finder's payment answer")
    label: str
    codes: list[str] = Field(description="SAMHSA locator payment codes; a facility listing any one matches")
    near: str
    url: str = Field(description="The web finder's address for this search")


class CoverageGuide(BaseModel):
    """What a way of paying usually covers for substance use treatment in one state, and where to search."""

    payment: str
    payment_label: str
    state: str
    state_name: str
    covers: list[CoverageStatement]
    route: list[CoverageStatement] = Field(description="How to use it: who to ask, what to check")
    questions: list[CoverageStatement] = Field(description="What to ask the plan first; empty without a plan")
    medicaid: CoverageMedicaid
    apply: list[CoverageStatement] = Field(description="How to apply for Medicaid")
    codes: list[str] = Field(description="The finder's payment codes for this answer (its first search)")
    searches: list[CoverageSearch]
    all_programs_url: str = Field(
        description="The finder for every program listed in the state (many listings record no payment)"
    )
    citations: list[Citation]


def _statements(items: tuple[Statement, ...], numbers: CitedSources) -> list[CoverageStatement]:
    return [CoverageStatement(text=s.text, sources=list(s.sources), marks=numbers.marks(s.sources)) for s in items]


def answer_guide(answer: GuideAnswer) -> CoverageGuide:
    """The API's (and the CLI's ``--json``) shape of a guide answer, finder addresses included."""
    numbers = CitedSources(answer.citations)
    medicaid = answer.medicaid
    return CoverageGuide(
        payment=answer.payment,
        payment_label=answer.payment_label,
        state=answer.state,
        state_name=answer.state_name,
        covers=_statements(answer.covers, numbers),
        route=_statements(answer.route, numbers),
        questions=_statements(answer.questions, numbers),
        medicaid=CoverageMedicaid(
            **medicaid.model_dump(exclude={"sources"}),
            sources=list(medicaid.sources),
            marks=numbers.marks(medicaid.sources),
        ),
        apply=_statements(answer.apply, numbers),
        codes=list(answer.codes),
        searches=[
            CoverageSearch(
                payment=s.query.payment or "",
                label=s.label,
                codes=list(s.codes),
                near=s.query.near or "",
                url=finder_href(s.query),
            )
            for s in answer.searches
        ],
        all_programs_url=finder_href(answer.all_programs),
        citations=list(answer.citations),
    )


@router.get("/coverage/guide", response_model=CoverageGuide, responses=BAD_VALUE)
def coverage_guide(
    payment: Annotated[PaymentType, Query(description="How you pay")],
    state: Annotated[
        str,
        Query(
            min_length=2,
            max_length=2,
            pattern=r"^[A-Za-z]{2}$",
            description="Two-letter code of a US state, DC or territory",
            json_schema_extra={"enum": list[JsonValue](guide_states())},
        ),
    ],
) -> CoverageGuide:
    """What a way of paying usually covers for substance use treatment in a state, cited, with finder searches."""
    try:
        return answer_guide(guide_for(payment, state))
    except UnknownStateError as exc:
        raise HTTPException(
            status_code=422,
            detail={"message": str(exc), "field": "state", "value": exc.value, "valid": exc.allowed},
        ) from exc
