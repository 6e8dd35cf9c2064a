"""``/api/v1/interactions``: the risks of a combination, by any names (GET with a list, or POST a JSON list).

Names no monograph lists are left out of the check and returned in ``unknown`` with suggestions; only when
fewer than two names are known is the answer a 404.

The report's words (mechanisms, effects, advice, the urgent signs, the notes) come in the request's language, chosen
as for the error messages and the pages: ``?lang=es``, the ``lang`` cookie, ``Accept-Language``, else English
(``rules.yaml``'s ``es:`` blocks). Ids, names, severities, sources and TripSit's own note stay as they are; the answer
says its language in ``Content-Language`` and varies by ``Accept-Language`` and ``Cookie``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, HTTPException, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from recoverynav.api.errors import NOT_FOUND
from recoverynav.i18n import Language
from recoverynav.interactions import CombinationReport, UnknownNamesError, check_combination
from recoverynav.web.i18n import request_language

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


def _language(request: Request, response: Response) -> Language:
    """The request's language (as an error message's), named in the answer's headers."""
    lang = request_language(request)
    response.headers["Content-Language"] = lang
    response.headers["Vary"] = "Accept-Language, Cookie"
    return lang


def _report(names: list[str], field: str, lang: Language = "en") -> CombinationReport:
    try:
        report = check_combination(names, lang)
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
    return report


@router.get("/interactions", response_model=CombinationReport, responses=NOT_FOUND)
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
    request: Request,
    response: Response,
) -> CombinationReport:
    """The risks of taking the known substances together, strictest first, cited; unknown names listed beside.

    The words are in the request's language: `?lang=es`, the `lang` cookie or `Accept-Language` (English otherwise);
    see `Content-Language`."""
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
    return _report(names, field="substances", lang=_language(request, response))


@router.post("/interactions", response_model=CombinationReport, responses=NOT_FOUND)
def check_interactions_post(
    body: Annotated[
        Names | CombinationRequest,
        Body(
            description='A JSON list of names, e.g. ["baclofen", "alcohol"], or {"substances": [...]}',
            examples=[["baclofen", "alcohol"]],
        ),
    ],
    request: Request,
    response: Response,
) -> CombinationReport:
    """The same check with the names in a JSON body, in the request's language likewise."""
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
    return _report(list(names), field="substances", lang=_language(request, response))
