"""``/safer``: use safer now (harm reduction), every statement cited; also the monograph panel's template helper."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from recoverynav.plans import harm_reduction_panel, load_harm_reduction
from recoverynav.web.citations import citation_context
from recoverynav.web.rendering import render, templates

router = APIRouter(include_in_schema=False)

# The monograph page includes "safer/_panel.html", which asks this helper for its statements by class.
templates.env.globals["safer_panel"] = harm_reduction_panel


@router.get("/safer", response_class=HTMLResponse)
def safer_page(request: Request) -> HTMLResponse:
    content = load_harm_reduction()
    return render(request, "safer.html", content=content, **citation_context(content.source_ids()))
