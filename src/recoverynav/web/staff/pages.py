"""What every staff page module shares: the client address for the audit trail, a unit of work around one use
case, a no-store page, the 303 after a post, and a posted form read with its CSRF token checked."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import contextmanager
from typing import TypeVar

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from recoverynav.web.rendering import render
from recoverynav.web.staff.session import StaffPage, check_csrf, read_form, staff_page
from recoverynav.wiring import UnitOfWork, case_unit

T = TypeVar("T")


def client_source(request: Request) -> str | None:
    """The client address recorded with an audit event (cut to 100 characters)."""
    return request.client.host[:100] if request.client else None


def in_case_unit(work: Callable[[UnitOfWork], T]) -> T:
    """Run one use case in a back-office unit of work (it commits what it records itself)."""
    with contextmanager(case_unit)() as unit:
        return work(unit)


def staff_html(request: Request, template: str, status_code: int = 200, **context: object) -> HTMLResponse:
    """A staff page: never cached (it may show a caller's record)."""
    response = render(request, template, status_code=status_code, **context)
    response.headers["Cache-Control"] = "no-store"
    return response


def see_other(path: str) -> RedirectResponse:
    """The answer to a post that worked: go and see the result (303)."""
    return RedirectResponse(path, status_code=303)


async def posted_form(request: Request) -> tuple[StaffPage, dict[str, str]]:
    """The form (read first: the body rules answer 413/415 before anything), the signed-in page, CSRF checked."""
    fields = await read_form(request)
    page = await run_in_threadpool(staff_page, request)
    check_csrf(fields, page.csrf_token)
    return page, fields
