"""Staff accounts and signing in: argon2id passwords, a TOTP second factor, lockout, sessions with timeouts.

The rules (OWASP ASVS 4.0.3 V2/V3; HIPAA § 164.312(a)(2)(i) unique user ids, (a)(2)(iii) automatic logoff):

- Passwords are hashed with argon2id (OWASP's m=19 MiB, t=2, p=1) and rehashed at the next sign-in when the
  parameters change.
- Five failed sign-ins (a wrong password or a wrong code) lock the account for 15 minutes; a locked, disabled
  or unknown account is answered exactly like a wrong password (:class:`SignInFailed`, one message).
- A session ends after 15 minutes idle or 12 hours in all, or at logout, server-side; its token is stored
  only as a SHA-256 hash. A web sign-in holds a short "code" stage between the password and the 6-digit code.
- Every account change and every sign-in, success or failure, is an :class:`AuditEvent` (ids, never e-mail).

Usage::

    new = add_staff(repo, trail, email="a@b.org", role="consultant", password="...", by="cli:root", now=now)
    new.totp_uri                                          # otpauth://totp/... (shown once)
    actor = sign_in(repo, trail, email="a@b.org", password="...", code="123456", source="203.0.113.9", now=now)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import cache
from typing import Literal, Protocol

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from pydantic import BaseModel, ConfigDict

from recoverynav.backoffice.access import ROLES, Actor, Role
from recoverynav.backoffice.audit import AuditEvent, AuditTrail
from recoverynav.backoffice.totp import matched_step, new_secret, otpauth_uri
from recoverynav.errors import InputRejected, NotFound

LOCK_AFTER_FAILURES = 5
LOCK_FOR = timedelta(minutes=15)
IDLE_TIMEOUT = timedelta(minutes=15)
ABSOLUTE_TIMEOUT = timedelta(hours=12)
# Between the password and the code of a web sign-in.
CODE_STAGE_TIMEOUT = timedelta(minutes=5)
# How stale a session's "last seen" may get before a request writes it again. Writing it on every request made
# each signed-in request a second write transaction (an fsync on SQLite, behind the one write lock): under 50
# consultants that queue was the back office's hot spot. The idle timeout stays 15 minutes, give or take 30 s.
TOUCH_EVERY = timedelta(seconds=30)
PASSWORD_MIN = 12  # ASVS 4.0.3 V2.1.1
PASSWORD_MAX = 1024  # long passphrases welcome; argon2 takes any length, this only bounds the work
EMAIL_MAX = 254
# A facility account's listings (#16): a treatment organisation may run several sites, not hundreds.
FACILITIES_MAX = 50
FRID_MAX = 80
_EMAIL = re.compile(r"[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+")

SessionKind = Literal["web", "api"]
SessionStage = Literal["code", "active"]
# argon2id at OWASP's Password Storage Cheat Sheet first profile (m=19 MiB, t=2, p=1): ~0.2 s on this 2-core
# machine, where argon2-cffi's default (m=64 MiB, p=4) took ~0.9 s and would let a few sign-ins starve the server.
HASHER = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)


@cache
def _dummy_hash() -> str:
    """Verified against when the e-mail is unknown, so an unknown account takes as long to refuse as a known one."""
    return HASHER.hash("recoverynav: no such account")


class SignInFailed(InputRejected):
    """Wrong e-mail, password or code, or a locked or disabled account: one answer for all, on purpose."""

    def __init__(self) -> None:
        super().__init__("the e-mail, password or code is not right, or the account cannot sign in now")


class StaffRejected(InputRejected):
    """An account change that cannot be made as asked (the message names the field and the fix)."""


class UnknownStaffError(NotFound):
    """No staff account has that id or e-mail."""


class StaffAccount(BaseModel):
    """One staff member as stored (storage decrypts ``email`` and ``totp_secret`` for the rules here)."""

    model_config = ConfigDict(frozen=True)

    id: str
    email: str
    role: Role
    password_hash: str
    totp_secret: str
    totp_last_step: int | None = None
    failed_logins: int = 0
    locked_until: datetime | None = None
    disabled: bool = False
    created_at: datetime
    facilities: tuple[str, ...] = ()


class StaffSession(BaseModel):
    """A server-side session (web or API), found by the hash of its token."""

    model_config = ConfigDict(frozen=True)

    token_hash: str
    user_id: str
    kind: SessionKind
    stage: SessionStage
    created_at: datetime
    last_seen_at: datetime


class NewStaff(BaseModel):
    """A new account and its enrolment URI, shown once (``--json``: ``{id, email, role, totp_uri}``)."""

    id: str
    email: str
    role: Role
    totp_uri: str
    facilities: list[str] = []


class StaffRepository(Protocol):
    """Where accounts and sessions live (``storage.backoffice.staff``); writes join the caller's transaction."""

    def add(self, *, email: str, role: Role, password_hash: str, totp_secret: str, now: datetime) -> str:
        """Store a new account; returns its id. ``StaffRejected`` when the e-mail is taken."""
        ...

    def by_email(self, email: str) -> StaffAccount | None:
        """The account with this (normalised) e-mail."""
        ...

    def get(self, user_id: str) -> StaffAccount | None:
        """The account with this id."""
        ...

    def all(self) -> list[StaffAccount]:
        """Every account, oldest first."""
        ...

    def save_sign_in_state(
        self,
        user_id: str,
        *,
        failed_logins: int,
        locked_until: datetime | None,
        totp_last_step: int | None = None,
        password_hash: str | None = None,
    ) -> None:
        """Record the outcome of a sign-in attempt (the last code step and a new hash only when given)."""
        ...

    def set_disabled(self, user_id: str, disabled: bool) -> None:
        """Switch an account off (or on again)."""
        ...

    def set_totp_secret(self, user_id: str, secret: str) -> None:
        """Replace the second-factor secret (and forget the last used step)."""
        ...

    def start_session(self, user_id: str, *, kind: SessionKind, stage: SessionStage, now: datetime) -> str:
        """A new session; returns its token (only its hash is stored)."""
        ...

    def session(self, token: str) -> StaffSession | None:
        """The session of a token, if it exists."""
        ...

    def touch_session(self, token_hash: str, now: datetime) -> None:
        """Record activity (the idle timer restarts)."""
        ...

    def end_session(self, token_hash: str) -> None:
        """Delete a session."""
        ...

    def end_sessions_of(self, user_id: str) -> None:
        """Delete every session of an account (disable, 2FA reset)."""
        ...

    def listing_exists(self, frid: str) -> bool:
        """Whether the directory holds a listing with this id (a facility account can be tied only to one)."""
        ...

    def link_facility(self, user_id: str, frid: str) -> None:
        """Tie an account to a listing it may act for (a facility account's ``facilities``)."""
        ...

    def facility_accounts(self, frid: str) -> list[str]:
        """The ids of the active (not disabled) facility accounts tied to listing ``frid``."""
        ...


def normalise_email(email: str) -> str:
    """The form an e-mail is stored and looked up in: trimmed, lower case."""
    return email.strip().lower()


def check_email(email: str) -> str:
    """The normalised e-mail, or :class:`StaffRejected` naming the fix."""
    cleaned = normalise_email(email)
    if len(cleaned) > EMAIL_MAX or not _EMAIL.fullmatch(cleaned):
        raise StaffRejected(f"EMAIL: give an e-mail address like name@example.org (at most {EMAIL_MAX} characters)")
    return cleaned


def check_password(password: str) -> str:
    """The password, if long enough and bounded (no composition rules: ASVS V2.1.9)."""
    if not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        raise StaffRejected(f"password: use {PASSWORD_MIN} to {PASSWORD_MAX} characters (a passphrase is fine)")
    return password


def check_role(role: str) -> Role:
    """The role, if it is one of :data:`ROLES`."""
    for known in ROLES:
        if role == known:
            return known
    raise StaffRejected(f"role: choose one of {', '.join(ROLES)}")


def check_facilities(repo: StaffRepository, role: Role, facilities: Sequence[str]) -> list[str]:
    """The listings a new account is tied to: one or more known FRIDs for a facility account, none for staff."""
    wanted = list(dict.fromkeys(f.strip() for f in facilities))
    if role != "facility":
        if wanted:
            raise StaffRejected(
                "--facility: only a facility account is tied to listings; drop --facility or use --role facility"
            )
        return []
    if not wanted:
        raise StaffRejected(
            "--facility: a facility account needs at least one listing; give --facility FRID (repeatable)"
        )
    if len(wanted) > FACILITIES_MAX:
        raise StaffRejected(f"--facility: at most {FACILITIES_MAX} listings per account")
    for frid in wanted:
        if not frid or len(frid) > FRID_MAX or not repo.listing_exists(frid):
            raise StaffRejected(
                f"--facility: no listing has the id {frid[:FRID_MAX]!r}; find it with `recoverynav find` or "
                "`recoverynav facilities show`"
            )
    return wanted


def add_staff(
    repo: StaffRepository,
    trail: AuditTrail,
    *,
    email: str,
    role: str,
    password: str,
    by: str,
    now: datetime,
    hasher: PasswordHasher = HASHER,
    facilities: Sequence[str] = (),
) -> NewStaff:
    """Create an account with a fresh second-factor secret; the URI is returned once and stored nowhere else.

    A facility account is tied to ``facilities`` (known listing ids, at least one); nothing is written when one
    is unknown.
    """
    cleaned, checked_role = check_email(email), check_role(role)
    listings = check_facilities(repo, checked_role, facilities)
    secret = new_secret()
    user_id = repo.add(
        email=cleaned,
        role=checked_role,
        password_hash=hasher.hash(check_password(password)),
        totp_secret=secret,
        now=now,
    )
    for frid in listings:
        repo.link_facility(user_id, frid)
    trail.record(AuditEvent(actor=by, action="user.add", record_type="staff_user", record_id=user_id))
    return NewStaff(
        id=user_id,
        email=cleaned,
        role=checked_role,
        totp_uri=otpauth_uri(secret, account=cleaned),
        facilities=listings,
    )


def find_staff(repo: StaffRepository, who: str) -> StaffAccount:
    """An account by id or e-mail, else :class:`UnknownStaffError`."""
    account = repo.get(who) or (repo.by_email(normalise_email(who)) if "@" in who else None)
    if account is None:
        raise UnknownStaffError("no staff account has that id or e-mail; `recoverynav users list` shows them")
    return account


def disable_staff(repo: StaffRepository, trail: AuditTrail, who: str, *, by: str) -> StaffAccount:
    """Switch an account off and end its sessions at once."""
    account = find_staff(repo, who)
    repo.set_disabled(account.id, True)
    repo.end_sessions_of(account.id)
    trail.record(AuditEvent(actor=by, action="user.disable", record_type="staff_user", record_id=account.id))
    return account


def reset_two_factor(repo: StaffRepository, trail: AuditTrail, who: str, *, by: str) -> NewStaff:
    """A new second-factor secret (the old app entry stops working) and every session ended."""
    account = find_staff(repo, who)
    secret = new_secret()
    repo.set_totp_secret(account.id, secret)
    repo.end_sessions_of(account.id)
    trail.record(AuditEvent(actor=by, action="user.reset_2fa", record_type="staff_user", record_id=account.id))
    return NewStaff(
        id=account.id,
        email=account.email,
        role=account.role,
        totp_uri=otpauth_uri(secret, account=account.email),
        facilities=list(account.facilities),
    )


def _failed(
    repo: StaffRepository, trail: AuditTrail, account: StaffAccount | None, why: str, source: str | None, now: datetime
) -> SignInFailed:
    if account is not None and why in ("password", "code"):
        failures = 0 if account.locked_until is not None and account.locked_until <= now else account.failed_logins
        failures += 1
        locked_until = now + LOCK_FOR if failures >= LOCK_AFTER_FAILURES else None
        repo.save_sign_in_state(account.id, failed_logins=0 if locked_until else failures, locked_until=locked_until)
        if locked_until is not None:
            why = f"{why}; locked for {int(LOCK_FOR.total_seconds() // 60)} minutes"
    trail.record(
        AuditEvent(
            actor=account.id if account else "public",
            action="login.failure",
            record_type="staff_user",
            record_id=account.id if account else None,
            source=source,
            reason=why,
            outcome="failure",
        )
    )
    return SignInFailed()


def _usable(account: StaffAccount | None, now: datetime) -> str | None:
    """Why this account cannot sign in now (None: it can)."""
    if account is None:
        return "unknown account"
    if account.disabled:
        return "disabled"
    if account.locked_until is not None and account.locked_until > now:
        return "locked"
    return None


def verify_password(
    repo: StaffRepository,
    trail: AuditTrail,
    *,
    email: str,
    password: str,
    source: str | None,
    now: datetime,
    hasher: PasswordHasher = HASHER,
) -> StaffAccount:
    """Step one: the account whose password this is; else :class:`SignInFailed` (the failure is counted).

    The caller commits before answering, so a failure counts even though the answer is an error.
    """
    account = repo.by_email(normalise_email(email)) if len(email) <= EMAIL_MAX else None
    ok: bool
    try:
        ok = hasher.verify(account.password_hash if account else _dummy_hash(), password[: PASSWORD_MAX + 1])
    except (VerificationError, InvalidHashError):
        ok = False
    unusable = _usable(account, now)
    if unusable is not None:
        raise _failed(repo, trail, account, unusable, source, now)
    assert account is not None
    if not ok:
        raise _failed(repo, trail, account, "password", source, now)
    if hasher.check_needs_rehash(account.password_hash):
        repo.save_sign_in_state(
            account.id,
            failed_logins=account.failed_logins,
            locked_until=None,
            password_hash=hasher.hash(password),
        )
    return account


def verify_code(
    repo: StaffRepository, trail: AuditTrail, *, user_id: str, code: str, source: str | None, now: datetime
) -> Actor:
    """Step two: the 6-digit code (each accepted once); success resets the failure count and is audited."""
    account = repo.get(user_id)
    unusable = _usable(account, now)
    if unusable is not None:
        raise _failed(repo, trail, account, unusable, source, now)
    assert account is not None
    step = matched_step(account.totp_secret, code.strip(), at=now.timestamp(), after_step=account.totp_last_step)
    if step is None:
        raise _failed(repo, trail, account, "code", source, now)
    repo.save_sign_in_state(account.id, failed_logins=0, locked_until=None, totp_last_step=step)
    trail.record(
        AuditEvent(
            actor=account.id, action="login.success", record_type="staff_user", record_id=account.id, source=source
        )
    )
    return actor_of(account)


def actor_of(account: StaffAccount) -> Actor:
    """The actor an account signs in as: its id, role and (a facility account's) listings."""
    return Actor(id=account.id, role=account.role, facilities=account.facilities)


def sign_in(
    repo: StaffRepository,
    trail: AuditTrail,
    *,
    email: str,
    password: str,
    code: str,
    source: str | None,
    now: datetime,
    hasher: PasswordHasher = HASHER,
) -> Actor:
    """Both steps at once (the API's token request)."""
    account = verify_password(repo, trail, email=email, password=password, source=source, now=now, hasher=hasher)
    return verify_code(repo, trail, user_id=account.id, code=code, source=source, now=now)


def session_actor(
    repo: StaffRepository, token: str, *, kind: SessionKind, now: datetime, stage: SessionStage = "active"
) -> tuple[Actor, StaffSession] | None:
    """The actor a live session token stands for (its idle timer restarts), or None when it ended or timed out.

    An expired session is deleted here, so it cannot come back.
    """
    if not token or len(token) > 200:
        return None
    session = repo.session(token)
    if session is None or session.kind != kind or session.stage != stage:
        return None
    account = repo.get(session.user_id)
    if not _live(session, account, now):
        repo.end_session(session.token_hash)
        return None
    assert account is not None
    if now - session.last_seen_at >= TOUCH_EVERY:
        repo.touch_session(session.token_hash, now)
    return actor_of(account), session


def fresh_session_actor(
    repo: StaffRepository, token: str, *, kind: SessionKind, now: datetime, stage: SessionStage = "active"
) -> Actor | None:
    """The actor when the session is live and was seen less than ``TOUCH_EVERY`` ago (nothing to write), else None.

    Only reads, so a face can check a token without the write lock and call ``session_actor`` (which may write:
    restart the idle timer, end an expired session) only when this answers None.
    """
    if not token or len(token) > 200:
        return None
    session = repo.session(token)
    if session is None or session.kind != kind or session.stage != stage:
        return None
    account = repo.get(session.user_id)
    if not _live(session, account, now) or now - session.last_seen_at >= TOUCH_EVERY:
        return None
    assert account is not None
    return actor_of(account)


def _live(session: StaffSession, account: StaffAccount | None, now: datetime) -> bool:
    idle = CODE_STAGE_TIMEOUT if session.stage == "code" else IDLE_TIMEOUT
    expired = now - session.last_seen_at > idle or now - session.created_at > ABSOLUTE_TIMEOUT
    return not expired and account is not None and not account.disabled


def end_session(repo: StaffRepository, trail: AuditTrail, session: StaffSession, *, source: str | None) -> None:
    """Log out: the session is deleted server-side and the logout is audited."""
    repo.end_session(session.token_hash)
    trail.record(
        AuditEvent(
            actor=session.user_id, action="logout", record_type="staff_user", record_id=session.user_id, source=source
        )
    )
