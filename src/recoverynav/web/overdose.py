"""``/overdose``: the bystander guide. The number to call comes first; a plain GET checklist refines the steps."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from recoverynav.emergency import FirstAid, UnknownCountryError, UnknownSignError, first_aid_steps, load_protocol
from recoverynav.web.citations import citation_context
from recoverynav.web.deps import settings as current_settings
from recoverynav.web.i18n import request_language
from recoverynav.web.rendering import render_once

router = APIRouter(include_in_schema=False)


@router.get("/overdose", response_class=HTMLResponse)
def overdose_page(
    request: Request,
    sign: Annotated[list[str], Query(max_length=20)] = [],  # noqa: B006 - FastAPI copies defaults per request
    substance: Annotated[str, Query(max_length=200)] = "",
) -> HTMLResponse:
    # The guide is drawn from the address alone (signs, names, language, the settings' country): kept once drawn.
    return render_once(request, "overdose.html", lambda: _guide(request, sign, substance))


def _guide(request: Request, sign: list[str], substance: str) -> tuple[int, dict[str, Any]]:
    names = [n.strip() for n in substance.split(",") if n.strip()]
    status, error, bad_signs = 200, "", False
    lang = request_language(request)
    try:
        result = first_aid_steps(sign, names, current_settings().country, lang=lang)
    except (UnknownSignError, UnknownCountryError) as exc:
        status, error, bad_signs = 422, str(exc), isinstance(exc, UnknownSignError)
        result = first_aid_steps((), names, current_settings().country, lang=lang)
    return status, {
        "result": result,
        "error": error,
        "bad_signs": bad_signs,
        "signs": load_protocol().signs,
        "chosen": set(result.signs),
        "substance": substance,
        "unknown": _unknown(result, names),
        **citation_context(s for step in result.steps for s in step.sources),
    }


def _unknown(result: FirstAid, names: list[str]) -> list[dict[str, Any]]:
    """Each unknown name with its suggestions, each a link to the same signs with it in that name's place."""
    found = []
    for match in result.unknown:
        options = []
        for suggestion in match.suggestions:
            typed = ", ".join(dict.fromkeys(suggestion if n == match.query else n for n in names))
            query = urlencode([*(("sign", s) for s in result.signs), ("substance", typed)])
            options.append({"name": suggestion, "href": f"/overdose?{query}#steps"})
        found.append({"value": match.query, "options": options})
    return found
