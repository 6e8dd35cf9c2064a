"""Error pages: every bad request to the site gets an HTML page with the emergency box, never raw JSON."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse

from recoverynav.i18n import N_
from recoverynav.web.rendering import render

TITLES = {
    400: N_("The request could not be read"),
    404: N_("Not found"),
    403: N_("Not allowed"),
    405: N_("Not available this way"),
    409: N_("Changed in the meantime"),
    413: N_("Too much was sent"),
    415: N_("Files are not accepted"),
    422: N_("Please check what you entered"),
    429: N_("Too many requests"),
    431: N_("Too much was sent"),
    500: N_("Something went wrong"),
}


def error_page(request: Request, status_code: int, messages: list[str]) -> HTMLResponse:
    """The page for an error status: its title, what to fix (each message names its field) and a way on."""
    title = TITLES.get(status_code, N_("The request could not be used"))
    return render(request, "error.html", status_code=status_code, title=title, messages=messages)
