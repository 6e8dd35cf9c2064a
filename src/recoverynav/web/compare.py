"""``/facilities/compare``, ``/facilities/quality``, ``/questions`` and ``/facilities/{frid}/questions``: choose well.

Compare sets up to three facilities side by side; the method page explains the signs of quality; the questions
page is a printable, cited list tailored by the care and medication chosen. All work without JavaScript.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse

from recoverynav.directory import (
    CompareError,
    QuestionList,
    UnknownChoiceError,
    UnknownFacilityError,
    UnknownPlaceError,
    compare_facilities,
    get_facility,
    load_choices,
    load_questions,
    quality_table,
    questions_for,
)
from recoverynav.i18n import gettext as _
from recoverynav.i18n import use_language
from recoverynav.web.citations import citation_context
from recoverynav.web.deps import FinderDep as Repository
from recoverynav.web.deps import NowDep
from recoverynav.web.deps import settings as current_settings
from recoverynav.web.find import SAMHSA_CREDIT
from recoverynav.web.i18n import request_language
from recoverynav.web.rendering import render

router = APIRouter(include_in_schema=False)


@router.get("/facilities/compare", response_class=HTMLResponse)
def compare(
    request: Request,
    repo: Repository,
    now: NowDep,
    frid: Annotated[list[str] | None, Query(max_length=10)] = None,
    near: Annotated[str, Query(max_length=120)] = "",
) -> HTMLResponse:
    errors: list[str] = []
    status = 200
    comparison = None
    try:
        comparison = compare_facilities(
            [f[:200] for f in frid or []],
            repo,
            near=near or None,
            include_demo=current_settings().show_demo_data,
            now=now,
        )
    except CompareError as exc:
        errors, status = [f"{exc.field}: {exc}"], 422
    except UnknownFacilityError as exc:
        errors, status = [f"frid: {exc}"], 404
    except UnknownPlaceError as exc:
        errors, status = [f"near: {exc}"], 422
    return render(
        request,
        "quality/compare.html",
        status_code=status,
        comparison=comparison,
        errors=errors,
        near=near,
        credit=SAMHSA_CREDIT,
    )


@router.get("/facilities/quality", response_class=HTMLResponse)
def method(request: Request) -> HTMLResponse:
    table = quality_table().in_language(request_language(request))
    ids = table.sources + [c for rule in table.signs for c in rule.cites]
    return render(request, "quality/method.html", table=table, **citation_context(ids))


def _questions_page(request: Request, care: str, medication: str, facility: object = None) -> HTMLResponse:
    lang = request_language(request)
    data = load_questions().in_language(lang)
    try:
        chosen: QuestionList | None = questions_for(care, medication, lang=lang)
        errors: list[str] = []
    except UnknownChoiceError as exc:
        chosen = None
        with use_language(lang):
            errors = [
                _("%(field)s: %(value)s is not an option; choose one of %(allowed)s.")
                % {"field": exc.field, "value": repr(exc.value), "allowed": ", ".join(exc.allowed)}
            ]
    shown = chosen.questions if chosen else []
    ids = data.before_you_call.cites + [c for q in shown for c in q.cites]
    return render(
        request,
        "quality/questions.html",
        status_code=422 if errors else 200,
        chosen=chosen,
        errors=errors,
        form={"care": care, "medication": medication},
        choices=load_choices(),
        before=data.before_you_call,
        facility=facility,
        **citation_context(ids),
    )


@router.get("/questions", response_class=HTMLResponse)
def questions(
    request: Request,
    care: Annotated[str, Query(max_length=20)] = "",
    medication: Annotated[str, Query(max_length=20)] = "",
) -> HTMLResponse:
    return _questions_page(request, care, medication)


@router.get("/facilities/{frid}/questions", response_class=HTMLResponse)
def facility_questions(
    request: Request,
    frid: Annotated[str, Path(max_length=80)],
    repo: Repository,
    care: Annotated[str, Query(max_length=20)] = "",
    medication: Annotated[str, Query(max_length=20)] = "",
) -> HTMLResponse:
    try:
        hit = get_facility(frid, repo, include_demo=current_settings().show_demo_data)
    except UnknownFacilityError as exc:
        return render(request, "find/not_found.html", status_code=404, message=str(exc))
    return _questions_page(request, care, medication, facility=hit)
