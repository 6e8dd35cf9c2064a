"""Template rendering shared by every page: the emergency box, the helpline and navigation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from recoverynav.emergency import contacts_for
from recoverynav.knowledge import heading_case
from recoverynav.settings import get_settings
from recoverynav.web.finder_links import finder_href
from recoverynav.web.links import safe_url, web_url
from recoverynav.web.navigation import CAPABILITIES

HERE = Path(__file__).parent
STATIC_DIR = HERE / "static"
templates = Jinja2Templates(directory=HERE / "templates")
# Drug names start headings with ``heading_case`` ("MAOIs"), never Jinja's ``capitalize`` ("Maois").
templates.env.filters["heading_case"] = heading_case
# Every link target rendered from data passes one of these (tests/web/test_link_schemes.py checks each href).
templates.env.filters["safe_url"] = safe_url
templates.env.filters["web_url"] = web_url
templates.env.filters["finder_href"] = finder_href


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render ``template`` with the shared context every page needs."""
    settings = get_settings()
    base = {
        "settings": settings,
        "contacts": contacts_for(settings.country),
        "capabilities": CAPABILITIES,
    }
    return templates.TemplateResponse(request, template, {**base, **context}, status_code=status_code)
