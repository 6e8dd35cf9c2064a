"""``/overdose``: the bystander guide. The number to call comes first; a plain GET checklist refines the steps."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from recoverynav.emergency import UnknownCountryError, UnknownSignError, first_aid_steps, load_protocol
from recoverynav.references import resolve
from recoverynav.settings import get_settings
from recoverynav.web.rendering import render

router = APIRouter(include_in_schema=False)


@router.get("/overdose", response_class=HTMLResponse)
def overdose_page(
    request: Request,
    sign: Annotated[list[str], Query(max_length=20)] = [],  # noqa: B006 - FastAPI copies defaults per request
    substance: Annotated[str, Query(max_length=200)] = "",
) -> HTMLResponse:
    names = [n.strip() for n in substance.split(",") if n.strip()]
    status, error = 200, ""
    try:
        result = first_aid_steps(sign, names, get_settings().country)
    except (UnknownSignError, UnknownCountryError) as exc:
        status, error = 422, str(exc)
        result = first_aid_steps((), names, get_settings().country)
    ids = [s for step in result.steps for s in step.sources]
    references = resolve(ids)
    numbers = {ref.id: n for n, ref in enumerate(references, 1)}
    return render(
        request,
        "overdose.html",
        status_code=status,
        result=result,
        error=error,
        signs=load_protocol().signs,
        chosen=set(result.signs),
        substance=substance,
        references=references,
        numbers=numbers,
    )
