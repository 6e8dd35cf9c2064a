"""``/staff/audit``: the supervisors' review screen — whether the hash chain holds, and the latest events (ids only).

The use case decides who may see it (``audit.read``: supervisors and administrators); a consultant gets the
403 page and the refusal is itself an audit event.
"""

from __future__ import annotations

from contextlib import contextmanager

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from recoverynav.backoffice import AuditReview, review_audit
from recoverynav.web.rendering import render
from recoverynav.web.staff.session import staff_page
from recoverynav.wiring import audit_events, case_unit

router = APIRouter(include_in_schema=False)
RECENT = 50


@router.get("/staff/audit", response_class=HTMLResponse)
def audit_screen(request: Request) -> Response:
    page = staff_page(request)
    source = request.client.host[:100] if request.client else None
    with contextmanager(case_unit)() as unit:
        review: AuditReview = review_audit(unit, page.actor, lambda: audit_events(), recent=RECENT, source=source)
    response = render(request, "staff/audit.html", staff=page, review=review)
    response.headers["Cache-Control"] = "no-store"
    return response
