"""``/api/v1/substances``: search the knowledge base and read a monograph."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from recoverynav.api.errors import NOT_FOUND, unknown_name
from recoverynav.knowledge import UnknownNameError, entry_json, get_substance, search

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


@router.get("/substances/{substance_id}", responses=NOT_FOUND)
def read_substance(
    substance_id: Annotated[str, Path(min_length=1, max_length=100, description="A monograph id or any name")],
) -> dict[str, Any]:
    """One monograph with its cited sections and numbered references."""
    try:
        return entry_json(get_substance(substance_id))
    except UnknownNameError as exc:
        raise unknown_name(exc, field="substance_id") from exc
