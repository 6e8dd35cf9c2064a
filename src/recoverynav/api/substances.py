"""``/api/v1/substances``: search the knowledge base and read a monograph."""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Response
from pydantic import BaseModel, ConfigDict

from recoverynav.api.errors import NOT_FOUND, unknown_name
from recoverynav.knowledge import Substance, UnknownNameError, WithdrawalRisk, entry_json, lookup, search
from recoverynav.references import Citation

router = APIRouter(tags=["substances"])


class SubstanceHit(BaseModel):
    """One monograph found by a search: its id, generic name, kind, classes and one-line summary."""

    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    kind: Literal["substance", "class"]
    classes: list[str]
    summary: str


class SubstanceSearch(BaseModel):
    """The query as given and the monographs it found, best match first."""

    model_config = ConfigDict(frozen=True)

    query: str
    results: list[SubstanceHit]


class Monograph(Substance):
    """A monograph with its row of the withdrawal table (or null) and its numbered references."""

    withdrawal_risk: WithdrawalRisk | None
    references: list[Citation]


@router.get("/substances", response_model=SubstanceSearch)
def search_substances(
    q: Annotated[str, Query(max_length=100, description="Any name: generic, brand, street, misspelling")] = "",
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> SubstanceSearch:
    """Search monographs by any name; an empty query lists them all."""
    found = search(q, limit=limit)
    return SubstanceSearch(
        query=q,
        results=[
            SubstanceHit(id=s.id, name=s.names.generic, kind=s.kind, classes=list(s.classes), summary=s.summary.text)
            for s in found
        ],
    )


CANONICAL = {
    200: {
        "description": "The monograph. `substance_id` may be any name the monograph lists (brand, street name, "
        "listed misspelling): the body's `id` is the canonical id, and `Content-Location` its canonical path",
        "headers": {"Content-Location": {"description": "/api/v1/substances/{id}", "schema": {"type": "string"}}},
    },
    **NOT_FOUND,
}


@router.get("/substances/{substance_id}", response_model=Monograph, responses=CANONICAL)
def read_substance(
    substance_id: Annotated[str, Path(min_length=1, max_length=100, description="A monograph id or any name")],
    response: Response,
) -> Monograph:
    """One monograph, by id or any name it lists, with its cited sections and numbered references."""
    # Answered in place, not redirected: a client that does not follow redirects still gets the monograph, and the
    # body's id says which one. Only listed names resolve; similar names are 404 suggestions, never opened.
    try:
        found = lookup(substance_id)
    except UnknownNameError as exc:
        raise unknown_name(exc, field="substance_id") from exc
    response.headers["Content-Location"] = f"/api/v1/substances/{quote(found.substance.id, safe='')}"
    return Monograph.model_validate(entry_json(found.substance))
