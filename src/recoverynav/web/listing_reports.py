"""``POST /facilities/{frid}/report``: the "report a wrong listing" form on every facility page, and its answer.

Cross-site posts are refused by their ``Origin`` (or, without one, ``Referer``) header rather than a form token:
the site keeps no sessions, so a token would need server state or a signing scheme for no gain, while every
current browser sends ``Origin`` with a cross-site POST. A request with neither header (curl, an old browser
with referrers off) is accepted; the rate limit bounds what it can do.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse
from pydantic import ValidationError

from recoverynav.directory import (
    CONTACT_MAX,
    DETAILS_MAX,
    REASONS,
    FacilityRepository,
    ReportLimits,
    ReportRateLimited,
    ReportSubmission,
    UnknownFacilityError,
    client_key,
    report_listing,
)
from recoverynav.i18n import N_, use_language
from recoverynav.i18n import gettext as _
from recoverynav.web.deps import FacilitiesDep, SettingsDep, listing_report_repository
from recoverynav.web.i18n import request_language
from recoverynav.web.rendering import render

router = APIRouter(include_in_schema=False)

FIELD_LABELS = {"reason": N_("What is wrong"), "details": N_("Details"), "contact": N_("Contact")}


def same_origin(request: Request) -> bool:
    """Whether a POST comes from a page of this site (by Origin, else Referer; neither: accepted).

    ``Origin: null`` is what a browser sends for the site's own form under ``Referrer-Policy: no-referrer``, and
    also what a sandboxed or ``data:`` frame elsewhere sends: it passes only with ``Sec-Fetch-Site: same-origin``,
    a header the browser sets itself (an opaque origin is always ``cross-site`` there).
    """
    host = request.headers.get("host", "")
    origin = request.headers.get("origin")
    if origin == "null":
        return request.headers.get("sec-fetch-site") == "same-origin"
    if origin is not None:
        return urlsplit(origin).netloc == host
    referer = request.headers.get("referer")
    if referer:
        return urlsplit(referer).netloc == host
    return True


def report_context(frid: str, facilities: FacilityRepository, lang: str = "en") -> dict[str, Any]:
    """What the facility page needs for its report form and its "reported as possibly out of date" notice.

    Reports live in the listings' database: the page's own repository says which (none for a non-SQL one).
    """
    reports = listing_report_repository(facilities)
    since = reports.open_since(frid) if reports is not None else None
    return {"reasons": REASONS, "reported_since": long_date(since, lang) if since else None}


def long_date(moment: datetime, lang: str = "en") -> str:
    """'December 6, 2026' / '6 de diciembre de 2026' (UTC), in ``lang``."""
    from babel.dates import format_date

    return format_date(moment.astimezone(UTC).date(), format="long", locale=lang)


@router.post("/facilities/{frid}/report", response_class=HTMLResponse)
async def report(
    request: Request, frid: Annotated[str, Path(max_length=80)], facilities: FacilitiesDep, settings: SettingsDep
) -> HTMLResponse:
    if not same_origin(request):
        return render(request, "find/report_refused.html", status_code=403)
    form = await request.form()
    fields = {key: form.get(key) for key in ("reason", "details", "contact")}
    values = {key: value for key, value in fields.items() if isinstance(value, str) and value.strip()}
    try:
        submission = ReportSubmission.model_validate(values)
    except ValidationError as exc:
        # Name the field and the fix; never repeat the contact (personal data) in the page.
        with use_language(request_language(request)):
            errors = [_problem(str(error["loc"][0]) if error["loc"] else "reason") for error in exc.errors()]
        return _form_page(request, frid, errors, details=str(values.get("details", ""))[:DETAILS_MAX])
    # Kept in the listings' own database; a listing held outside SQL (a test's) reports into the configured one.
    reports = listing_report_repository(facilities) or listing_report_repository()
    try:
        report_id = report_listing(
            frid,
            submission,
            client=client_key(request.client.host if request.client else None),
            facilities=facilities,
            reports=reports,
            limits=ReportLimits(
                per_client=settings.report_limit_per_client, per_facility=settings.report_limit_per_facility
            ),
            include_synthetic=settings.show_demo_data,
        )
    except UnknownFacilityError as exc:
        return render(request, "find/not_found.html", status_code=404, message=str(exc))
    except ReportRateLimited as exc:
        response = render(request, "find/report_limited.html", status_code=429, message=str(exc))
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    return render(
        request,
        "find/report_thanks.html",
        frid=frid,
        report_id=report_id,
        reason_label=REASONS[submission.reason],
        details=submission.details,
    )


def _problem(field: str) -> str:
    """What is wrong with ``field`` and how to fix it, in the current language (the field's own name stays)."""
    fixes = {
        "reason": _("choose one of: %(reasons)s") % {"reasons": ", ".join(_(r) for r in REASONS.values())},
        "details": _("at most %(most)s characters") % {"most": f"{DETAILS_MAX:,}"},
        "contact": _("at most %(most)s characters (an e-mail address or phone number), or leave it empty")
        % {"most": CONTACT_MAX},
    }
    label = _(FIELD_LABELS[field]) if field in FIELD_LABELS else field
    return f"{label} ({field}): {fixes.get(field, _('remove this field'))}."


def _form_page(request: Request, frid: str, errors: list[str], *, details: str) -> HTMLResponse:
    return render(
        request,
        "find/report_form_page.html",
        status_code=422,
        frid=frid,
        errors=errors,
        details=details,
        reasons=REASONS,
    )
