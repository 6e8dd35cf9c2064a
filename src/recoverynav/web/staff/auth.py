"""``/staff/login`` (password, then the 6-digit code), ``/staff`` (home) and ``/staff/logout``.

Two steps, each a plain form (no JavaScript): the password step starts a short "code" session; the code step
replaces it with a new session token (ASVS V3.2.1: a new token at authentication). Failures are committed
(counted, audited) before the page answers, and every failure reads the same.
"""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from recoverynav.backoffice import (
    CODE_STAGE_TIMEOUT,
    SignInFailed,
    end_session,
    verify_code,
    verify_password,
)
from recoverynav.web.staff.pages import staff_html as _page
from recoverynav.web.staff.session import (
    LOGIN_PATH,
    PRE_COOKIE,
    SESSION_COOKIE,
    StaffPage,
    check_csrf,
    clear_cookie,
    csrf_token,
    current_session,
    form_with_csrf,
    new_nonce,
    read_form,
    set_cookie,
    staff_page,
)
from recoverynav.wiring import back_office_unit

router = APIRouter(include_in_schema=False)


def _client(request: Request) -> str | None:
    return request.client.host if request.client else None


def _login_page(request: Request, status_code: int = 200, error: str | None = None) -> HTMLResponse:
    nonce = request.cookies.get(PRE_COOKIE) or new_nonce()
    response = _page(request, "staff/login.html", status_code, csrf_token=csrf_token(f"pre:{nonce}"), error=error)
    set_cookie(response, PRE_COOKIE, nonce)
    return response


def _redirect(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


@router.get("/staff/login", response_class=HTMLResponse)
def login_form(request: Request) -> Response:
    if current_session(request) is not None:
        return _redirect("/staff")
    return _login_page(request)


@router.post("/staff/login", response_class=HTMLResponse)
async def login(request: Request) -> Response:
    fields = await form_with_csrf(request, csrf_token(f"pre:{request.cookies.get(PRE_COOKIE, '')}"))
    now = datetime.now(UTC)
    token: str | None = None
    with back_office_unit() as uow:
        try:
            account = verify_password(
                uow.staff,
                uow.audit,
                email=fields.get("email", "")[:300],
                password=fields.get("password", "")[:2000],
                source=_client(request),
                now=now,
            )
            token = uow.staff.start_session(account.id, kind="web", stage="code", now=now)
        except SignInFailed:
            token = None
        uow.commit()
    if token is None:
        return _login_page(request, 401, str(SignInFailed()))
    response = _redirect("/staff/login/code")
    set_cookie(response, SESSION_COOKIE, token)
    return response


@router.get("/staff/login/code", response_class=HTMLResponse)
def code_form(request: Request) -> Response:
    found = current_session(request, stage="code")
    if found is None:
        return _redirect(LOGIN_PATH)
    minutes = int(CODE_STAGE_TIMEOUT.total_seconds() // 60)
    return _page(request, "staff/code.html", csrf_token=csrf_token(f"session:{found[1].token_hash}"), minutes=minutes)


@router.post("/staff/login/code", response_class=HTMLResponse)
async def code(request: Request) -> Response:
    fields = await read_form(request)
    found = current_session(request, stage="code")
    if found is None:
        return _redirect(LOGIN_PATH)
    _, pending = found
    expected = csrf_token(f"session:{pending.token_hash}")
    check_csrf(fields, expected)
    now = datetime.now(UTC)
    token: str | None = None
    with back_office_unit() as uow:
        try:
            actor = verify_code(
                uow.staff,
                uow.audit,
                user_id=pending.user_id,
                code=fields.get("code", "")[:20],
                source=_client(request),
                now=now,
            )
            uow.staff.end_session(pending.token_hash)
            token = uow.staff.start_session(actor.id, kind="web", stage="active", now=now)
        except SignInFailed:
            token = None
        uow.commit()
    if token is None:
        minutes = int(CODE_STAGE_TIMEOUT.total_seconds() // 60)
        return _page(request, "staff/code.html", 401, csrf_token=expected, minutes=minutes, error=str(SignInFailed()))
    response = _redirect("/staff")
    set_cookie(response, SESSION_COOKIE, token)
    clear_cookie(response, PRE_COOKIE)
    return response


@router.get("/staff", response_class=HTMLResponse)
def home(request: Request, page: StaffPage = Depends(staff_page)) -> Response:
    return _page(request, "staff/home.html", staff=page)


@router.post("/staff/logout", response_class=HTMLResponse)
async def logout(request: Request) -> Response:
    fields = await read_form(request)
    found = current_session(request)
    if found is None:
        response = _redirect(LOGIN_PATH)
        clear_cookie(response, SESSION_COOKIE)
        return response
    _, session = found
    check_csrf(fields, csrf_token(f"session:{session.token_hash}"))
    with back_office_unit() as uow:
        end_session(uow.staff, uow.audit, session, source=_client(request))
        uow.commit()
    response = _redirect(LOGIN_PATH)
    clear_cookie(response, SESSION_COOKIE)
    return response
