"""``/api/docs``: Swagger UI for the OpenAPI schema, served from ``/static`` so it works offline and asks no CDN.

FastAPI's own page loads Swagger UI from a CDN and starts it with an inline script, which the
Content-Security-Policy refuses; this page names the schema in a data attribute and ``/static/api-docs.js``
starts the vendored bundle (``scripts/vendor-swagger-ui``).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from recoverynav.web.rendering import templates

router = APIRouter(include_in_schema=False)


@router.get("/api/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    # Swagger UI speaks only English, so this page is English in every language and says so.
    response = templates.TemplateResponse(
        request, "api_docs.html", {"openapi_url": request.app.openapi_url, "title": request.app.title}
    )
    response.headers["Content-Language"] = "en"
    return response
