"""Staff sessions for the web pages: the ``__Host-`` cookie, the server-side session behind it, CSRF tokens.

The cookie carries an opaque token only (the database keeps its hash); it is ``Secure``, ``HttpOnly``,
``SameSite=Strict`` and ``__Host-`` prefixed (no Domain, Path ``/``: a sibling sub-domain cannot set or read
it). Every staff form carries a synchronizer token: an HMAC (key from the key ring) of the session's token
hash, so it needs no storage and changes with each session; before sign-in, of a random value in a second
``__Host-`` cookie (a signed double-submit). A form without the right token is refused with 403.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from fastapi import HTTPException, Request
from fastapi.responses import Response

from recoverynav.backoffice import Actor, StaffSession, session_actor
from recoverynav.wiring import back_office_unit, field_cipher

SESSION_COOKIE = "__Host-rn_staff"
PRE_COOKIE = "__Host-rn_pre"
CSRF_FIELD = "csrf_token"
LOGIN_PATH = "/staff/login"


@dataclass(frozen=True)
class StaffPage:
    """What a signed-in staff page needs: who, the session, and the CSRF token its forms must carry."""

    actor: Actor
    session: StaffSession
    csrf_token: str


def csrf_token(binding: str) -> str:
    """The CSRF token bound to a session (``session:<hash>``) or a pre-sign-in value (``pre:<nonce>``)."""
    return field_cipher().blind_index(binding, purpose="staff.csrf")


def set_cookie(response: Response, name: str, value: str) -> None:
    """A ``__Host-`` cookie: Secure, HttpOnly, SameSite=Strict, Path=/, no Domain, ends with the browser."""
    response.set_cookie(name, value, secure=True, httponly=True, samesite="strict", path="/")


def clear_cookie(response: Response, name: str) -> None:
    """Remove a ``__Host-`` cookie (same attributes, or the browser keeps it)."""
    response.delete_cookie(name, secure=True, httponly=True, samesite="strict", path="/")


def current_session(request: Request, *, stage: str = "active") -> tuple[Actor, StaffSession] | None:
    """The live web session of this request's cookie at ``stage`` (its idle timer restarts), or None."""
    token = request.cookies.get(SESSION_COOKIE, "")
    if not token:
        return None
    with back_office_unit() as uow:
        found = session_actor(uow.staff, token, kind="web", now=datetime.now(UTC), stage=stage)  # type: ignore[arg-type]
        uow.commit()
    return found


def staff_page(request: Request) -> StaffPage:
    """The signed-in staff member, else a redirect (303) to the sign-in page. A dependency for every staff page."""
    found = current_session(request)
    if found is None:
        raise HTTPException(status_code=303, detail="Sign in first.", headers={"Location": LOGIN_PATH})
    actor, session = found
    return StaffPage(actor=actor, session=session, csrf_token=csrf_token(f"session:{session.token_hash}"))


async def read_form(request: Request) -> dict[str, str]:
    """The posted form's text fields (read first, so the body rules answer 413/415 before anything else)."""
    form = await request.form()
    return {key: value for key, value in form.items() if isinstance(value, str)}


def check_csrf(fields: dict[str, str], expected: str) -> dict[str, str]:
    """``fields``, if they carry the expected CSRF token; else 403."""
    if not hmac.compare_digest(fields.get(CSRF_FIELD, "").encode("utf-8", "replace"), expected.encode()):
        raise HTTPException(status_code=403, detail="This form has expired or did not come from this site: reload it.")
    return fields


async def form_with_csrf(request: Request, expected: str) -> dict[str, str]:
    """The posted form's text fields, after checking its CSRF token (403 when missing or wrong)."""
    return check_csrf(await read_form(request), expected)


def new_nonce() -> str:
    """A fresh pre-sign-in value for the double-submit cookie."""
    return secrets.token_urlsafe(24)
