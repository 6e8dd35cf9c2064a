"""Staff accounts for face tests: made through the real use case in the configured database."""

from __future__ import annotations

import re
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

from recoverynav.backoffice import add_staff
from recoverynav.backoffice.totp import totp
from recoverynav.storage.unit_of_work import UnitOfWork
from recoverynav.wiring import back_office_engine

PASSWORD = "a long enough pass phrase"


@dataclass(frozen=True)
class Staff:
    """A made account: its id, e-mail, password and TOTP secret."""

    id: str
    email: str
    password: str
    secret: str

    def code(self, offset_steps: int = 0) -> str:
        """The current 6-digit code (``offset_steps`` steps later: a fresh code after one was used)."""
        return totp(self.secret, at=time.time() + 30 * offset_steps)


def make_staff(role: str = "consultant", *, email: str | None = None, facilities: tuple[str, ...] = ()) -> Staff:
    """A new account, by default with a unique e-mail (so tests never share a lock or a used code); a facility
    account is tied to ``facilities`` (listing ids in the configured database)."""
    email = email or f"staff.{uuid.uuid4().hex[:10]}@example.org"
    with UnitOfWork(back_office_engine()) as uow:
        new = add_staff(
            uow.staff,
            uow.audit,
            email=email,
            role=role,
            password=PASSWORD,
            by="test",
            now=datetime.now(UTC),
            facilities=facilities,
        )
        uow.commit()
    found = re.search(r"secret=([A-Z2-7]+)", new.totp_uri)
    assert found
    return Staff(id=new.id, email=email, password=PASSWORD, secret=found[1])


def api_token(staff: Staff) -> str:
    """A bearer token for ``staff`` without spending a code (a session made directly)."""
    with UnitOfWork(back_office_engine()) as uow:
        token = uow.staff.start_session(staff.id, kind="api", stage="active", now=datetime.now(UTC))
        uow.commit()
    return token
