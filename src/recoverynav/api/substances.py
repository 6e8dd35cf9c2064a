"""``/api/v1/substances``: search the knowledge base and read a monograph."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Response

from recoverynav.api.errors import NOT_FOUND, unknown_name
from recoverynav.knowledge import UnknownNameError, entry_json, lookup, search

router = APIRouter(tags=["substances"])


@router.get("/substances")
def search_substances(
    q: Annotated[str, Query(max_length=100, description="Any name: generic, brand, street, misspelling")] = "",
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict[str, Any]:
    """Search monographs by any name; an empty query lists them all."""
    found = search(q, limit=limit)
    return {
        "query": q,
        "results": [
            {
                "id": s.id,
                "name": s.names.generic,
                "kind": s.kind,
                "classes": list(s.classes),
                "summary": s.summary.text,
            }
            for s in found
        ],
    }


CANONICAL = {
    200: {
        "description": "The monograph. `substance_id` may be any name the monograph lists (brand, street name, "
        "listed misspelling): the body's `id` is the canonical id, and `Content-Location` its canonical path",
        "headers": {"Content-Location": {"description": "/api/v1/substances/{id}", "schema": {"type": "string"}}},
    },
    **NOT_FOUND,
}


@router.get("/substances/{substance_id}", responses=CANONICAL)
def read_substance(
    substance_id: Annotated[str, Path(min_length=1, max_length=100, description="A monograph id or any name")],
    response: Response,
) -> dict[str, Any]:
    """One monograph, by id or any name it lists, with its cited sections and numbered references."""
    # Answered in place, not redirected: a client that does not follow redirects still gets the monograph, and the
    # body's id says which one. Only listed names resolve; similar names are 404 suggestions, never opened.
    try:
        found = lookup(substance_id)
    except UnknownNameError as exc:
        raise unknown_name(exc, field="substance_id") from exc
    response.headers["Content-Location"] = f"/api/v1/substances/{quote(found.substance.id, safe='')}"
    return entry_json(found.substance)
