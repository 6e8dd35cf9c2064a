"""``/find``: search SAMHSA-listed treatment facilities near a place (list + map); ``/facilities/{frid}``: one facility.

The list is server-rendered and complete without JavaScript or map tiles; the map only enhances it, reading
markers from a JSON island in the page.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from recoverynav.api.messages import validation_message
from recoverynav.directory import (
    QUESTIONS,
    FacilityHit,
    FacilityQuery,
    SearchResult,
    UnknownChoiceError,
    UnknownFacilityError,
    UnknownPlaceError,
    any_of_groups,
    catalogue,
    get_facility,
    group_by_category,
    headline_services,
    load_choices,
    search_any_of,
)
from recoverynav.i18n import N_, Text, translate_text, use_language
from recoverynav.web.deps import FinderDep as Repository
from recoverynav.web.deps import NowDep
from recoverynav.web.deps import settings as current_settings
from recoverynav.web.i18n import request_language
from recoverynav.web.listing_reports import report_context
from recoverynav.web.rendering import render

router = APIRouter(include_in_schema=False)

RADIUS_CHOICES: tuple[int, ...] = (5, 10, 25, 50, 100)
PAGE_SIZE = 20
# Marked for the catalogue; templates translate them where drawn.
SAMHSA_CREDIT = N_("Source: SAMHSA, FindTreatment.gov")
PHONE_KINDS = {"main": N_("Phone"), "intake": N_("Intake"), "hotline": N_("Hotline")}


def map_points(hits: list[FacilityHit]) -> list[dict[str, Any]]:
    """The markers for the map's JSON island: only facilities with coordinates."""
    return [
        {
            "frid": h.frid,
            "name": h.name,
            "lat": h.latitude,
            "lon": h.longitude,
            "url": f"/facilities/{h.frid}",
            "miles": None if h.distance_miles is None else round(h.distance_miles, 1),
            "demo": h.synthetic,
        }
        for h in hits
        if h.latitude is not None and h.longitude is not None
    ]


def _with_radius(params: list[tuple[str, str]], miles: int | None) -> str | None:
    if miles is None:
        return None
    kept = [(k, v) for k, v in params if k not in ("page", "radius") and v != ""]
    return "/find?" + urlencode([*kept, ("radius", str(miles))])


def _page_url(params: list[tuple[str, str]], page: int) -> str:
    kept = [(k, v) for k, v in params if k != "page" and v != ""]
    return "/find?" + urlencode([*kept, ("page", str(page))])


@router.get("/find", response_class=HTMLResponse)
def find(
    request: Request,
    repo: Repository,
    now: NowDep,
    near: Annotated[str, Query(max_length=120)] = "",
    radius: Annotated[str, Query(max_length=6)] = "25",
    code: Annotated[list[str] | None, Query(max_length=30)] = None,
    care: Annotated[str, Query(alias="type", max_length=20)] = "",
    medication: Annotated[str, Query(max_length=20)] = "",
    payment: Annotated[str, Query(max_length=20)] = "",
    language: Annotated[str, Query(max_length=20)] = "",
    age: Annotated[str, Query(max_length=20)] = "",
    openings: Annotated[str, Query(max_length=10)] = "",
    page: Annotated[str, Query(max_length=6)] = "1",
    compare: Annotated[str, Query(max_length=80)] = "",
) -> HTMLResponse:
    settings = current_settings()
    known = catalogue()
    codes = [c.strip().upper() for c in (code or []) if c.strip()]
    answers = {"care": care, "medication": medication, "payment": payment, "language": language, "age": age}
    # "Has openings now" (#16): a checkbox, so any value but empty means yes.
    has_openings = bool(openings.strip())
    form = {"near": near.strip(), "radius": radius, "codes": codes, "openings": has_openings, **answers}
    errors: list[str] = []
    suggestions: list[str] = []
    lang = request_language(request)

    radius_miles = _number(radius, "radius", errors, low=1, high=500)
    page_number = int(_number(page, "page", errors, low=1, high=10_000) or 1)
    unknown_codes = [c for c in codes if c not in known]
    if unknown_codes:
        errors.append(
            Text(
                N_("code: %(codes)s is not a SAMHSA service code (for example DT, MD, BU)."),
                codes=", ".join(unknown_codes),
            )
        )
    groups: list[list[str]] = []
    try:
        groups = any_of_groups(**answers)
    except UnknownChoiceError as exc:
        field = "type" if exc.field == "care" else exc.field
        errors.append(
            Text(
                N_("%(field)s: %(value)s is not an option; choose one of %(allowed)s."),
                field=field,
                value=repr(exc.value),
                allowed=", ".join(exc.allowed),
            )
        )

    # "Compare with others" on a facility page: that facility comes ticked in the compare form of these results.
    compare_with: FacilityHit | None = None
    if compare.strip():
        try:
            compare_with = get_facility(compare.strip(), repo, include_demo=settings.show_demo_data, now=now)
        except UnknownFacilityError as exc:
            errors.append(f"compare: {exc}")

    result: SearchResult | None = None
    if form["near"] and not errors:
        try:
            query = FacilityQuery(
                near=form["near"],
                radius_miles=radius_miles or 25,
                codes=codes,
                page=page_number,
                page_size=PAGE_SIZE,
                include_demo=settings.show_demo_data,
                has_openings=has_openings,
            )
            result = search_any_of(query, groups, repo, now=now)
        except ValidationError as exc:
            with use_language(lang):
                errors.extend(
                    f"{'.'.join(map(str, e['loc'])) or 'query'}: {validation_message(e)}" for e in exc.errors()
                )
        except LookupError as exc:  # UnknownPlaceError: the place could not be resolved offline
            with use_language(lang):
                errors.append(f"near: {exc.sentence(translate_text) if isinstance(exc, UnknownPlaceError) else exc}")
            suggestions = list(getattr(exc, "suggestions", []))

    with use_language(lang):  # each message in the page's language (the form's own are Texts, translated here)
        shown_errors = [translate_text(e) for e in errors]
    params = list(request.query_params.multi_items())
    pages = 0 if result is None else max(1, -(-result.total // PAGE_SIZE))
    return render(
        request,
        "find/index.html",
        status_code=422 if errors else 200,
        form=form,
        errors=shown_errors,
        suggestions=suggestions,
        result=result,
        pages=pages,
        prev_url=_page_url(params, page_number - 1) if result and page_number > 1 else None,
        next_url=_page_url(params, page_number + 1) if result and page_number < pages else None,
        empty=result.empty if result else None,
        # The explanation's links: the same search with the radius that finds something, and without answers.
        wider_url=_with_radius(params, result.empty.next_radius_miles) if result and result.empty else None,
        unfiltered_url="/find?" + urlencode({"near": form["near"], "radius": radius}),
        choices=load_choices(),
        questions=QUESTIONS,
        radius_choices=RADIUS_CHOICES,
        code_entries=[known[c] for c in codes if c in known],
        points=map_points(result.results) if result else [],
        origin=result.origin if result else None,
        phone_kinds=PHONE_KINDS,
        highlights=headline_services,
        credit=SAMHSA_CREDIT,
        compare_with=compare_with,
    )


@router.get("/facilities/{frid}", response_class=HTMLResponse)
def facility(
    request: Request, frid: Annotated[str, Path(max_length=80)], repo: Repository, now: NowDep
) -> HTMLResponse:
    try:
        # Demo rows never reach a real visitor unless the operator turned demo data on.
        hit = get_facility(frid, repo, include_demo=current_settings().show_demo_data, now=now)
    except UnknownFacilityError as exc:
        return _not_found(request, str(exc))
    return render(
        request,
        "find/facility.html",
        facility=hit,
        groups=group_by_category(hit.codes),
        points=map_points([hit]),
        phone_kinds=PHONE_KINDS,
        credit=SAMHSA_CREDIT,
        **report_context(hit.frid, repo, request_language(request)),
    )


def _not_found(request: Request, message: str) -> HTMLResponse:
    return render(request, "find/not_found.html", status_code=404, message=message)


def _number(raw: str, field: str, errors: list[str], *, low: float, high: float) -> float | None:
    """A number from a query parameter within [low, high]; a clear error naming the field otherwise."""
    try:
        value = float(raw)
    except ValueError:
        errors.append(Text(N_("%(field)s: %(value)s is not a number."), field=field, value=repr(raw)))
        return None
    if not low <= value <= high:
        errors.append(
            Text(N_("%(field)s: must be between %(low)s and %(high)s."), field=field, low=f"{low:g}", high=f"{high:g}")
        )
        return None
    return value
