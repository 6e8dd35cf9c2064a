"""``/api/v1/interactions``: the risks of a combination, by any names (GET with a list, or POST a JSON list).

Names no monograph lists are left out of the check and returned in ``unknown`` with suggestions; only when
fewer than two names are known is the answer a 404.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, HTTPException, Query
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from recoverynav.api.errors import NOT_FOUND
from recoverynav.interactions import (
    Finding,
    ResolvedSubstance,
    Severity,
    SourceRef,
    UnknownName,
    UnknownNamesError,
    check_combination,
    report_json,
)

router = APIRouter(tags=["interactions"])

MAX_NAMES = 40
# A name: up to 100 characters, at least one visible, no control characters (the rule OpenAPI states too).
_NAME = r"\s*[^\s,\x00-\x1f\x7f-\x9f][^,\x00-\x1f\x7f-\x9f]{0,99}"
Name = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True,
        min_length=1,
        max_length=100,
        pattern=r"^\s*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$",
    ),
]
Names = Annotated[list[Name], Field(min_length=2, max_length=MAX_NAMES)]
# GET: 2 to 40 comma-separated names, each as above.
NAME_LIST = rf"^{_NAME}(,{_NAME}){{1,{MAX_NAMES - 1}}}$"


class CombinationRequest(BaseModel):
    """The substances taken, by any names: generic, brand, street, misspelling or class ("benzos")."""

    model_config = ConfigDict(extra="forbid")

    substances: Names


class NumberedSource(SourceRef):
    """A cited reference with its number in this report."""

    n: int


class NumberedFinding(Finding):
    sources: tuple[NumberedSource, ...] = Field(min_length=1)


class CombinationResponse(BaseModel):
    """The risks of the known names together, strictest first, and the names that were not checked."""

    model_config = ConfigDict(extra="forbid")

    substances: list[ResolvedSubstance]
    findings: list[NumberedFinding]
    highest_severity: Severity
    urgent: bool = Field(description="Major or worse: show the call-the-emergency-number alert")
    notes: list[str]
    attribution: str | None
    references: list[NumberedSource]
    unknown: list[UnknownName] = Field(
        description="Names no monograph lists, left out of the check (their risks are unknown, not absent), "
        "each with similar known names to confirm; a similar name is never used in its place"
    )


def _report(names: list[str], field: str) -> dict[str, Any]:
    try:
        report = check_combination(names)
    except UnknownNamesError as exc:
        raise HTTPException(
            status_code=404,
            detail={
                "message": str(exc),
                "field": field,
                "known": exc.known,
                "unknown": [{"value": e.query, "suggestions": e.suggestions} for e in exc.errors],
                "suggestions": [s for e in exc.errors for s in e.suggestions],
            },
        ) from exc
    return report_json(report)


@router.get("/interactions", response_model=CombinationResponse, responses=NOT_FOUND)
def check_interactions(
    substances: Annotated[
        str,
        Query(
            min_length=1,
            max_length=(100 + 1) * MAX_NAMES,
            pattern=NAME_LIST,
            description="Comma-separated names, at least two, e.g. baclofen,alcohol",
            examples=["baclofen,alcohol"],
        ),
    ],
) -> dict[str, Any]:
    """The risks of taking the known substances together, strictest first, cited; unknown names listed beside."""
    names = [part.strip() for part in substances.split(",") if part.strip()]
    if not 2 <= len(names) <= MAX_NAMES:
        raise HTTPException(
            status_code=422,
            detail=[
                {
                    "loc": ["query", "substances"],
                    "msg": f"give between 2 and {MAX_NAMES} comma-separated names, e.g. baclofen,alcohol",
                    "type": "value_error",
                }
            ],
        )
    return _report(names, field="substances")


@router.post("/interactions", response_model=CombinationResponse, responses=NOT_FOUND)
def check_interactions_post(
    body: Annotated[
        Names | CombinationRequest,
        Body(
            description='A JSON list of names, e.g. ["baclofen", "alcohol"], or {"substances": [...]}',
            examples=[["baclofen", "alcohol"]],
        ),
    ],
) -> dict[str, Any]:
    """The same check with the names in a JSON body."""
    names = body.substances if isinstance(body, CombinationRequest) else body
    if not 2 <= len(names) <= MAX_NAMES:
        raise HTTPException(
            status_code=422,
            detail=[
                {
                    "loc": ["body"],
                    "msg": f'give between 2 and {MAX_NAMES} names, e.g. ["baclofen", "alcohol"]',
                    "type": "value_error",
                }
            ],
        )
    return _report(list(names), field="substances")
