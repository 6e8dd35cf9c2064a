"""Error pages: every bad request to the site gets an HTML page with the emergency box, never raw JSON."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse

from recoverynav.web.rendering import render

TITLES = {
    400: "The request could not be read",
    404: "Not found",
    403: "Not allowed",
    405: "Not available this way",
    409: "Changed in the meantime",
    413: "Too much was sent",
    415: "Files are not accepted",
    422: "Please check what you entered",
    500: "Something went wrong",
}


def error_page(request: Request, status_code: int, messages: list[str]) -> HTMLResponse:
    """The page for an error status: its title, what to fix (each message names its field) and a way on."""
    title = TITLES.get(status_code, "The request could not be used")
    return render(request, "error.html", status_code=status_code, title=title, messages=messages)
