"""Staff accounts and sessions in SQL: e-mail and TOTP secret encrypted, e-mail found by a keyed hash.

``email_encrypted`` and ``totp_secret_encrypted`` are AES-GCM with the table, column and row id as associated
data (a value copied onto another row does not decrypt); ``email_index`` is an HMAC of the normalised e-mail,
so sign-in finds the account without the address being stored in the clear. Session tokens are kept only as
SHA-256 hashes: a copy of the database signs nobody in.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    DateTime,
    Integer,
    String,
    Table,
    Text,
    delete,
    insert,
    select,
    update,
)

from recoverynav.backoffice.staff import (
    SessionKind,
    SessionStage,
    StaffAccount,
    StaffRejected,
    StaffSession,
)
from recoverynav.storage.crypto import FieldCipher
from recoverynav.storage.tables import metadata

EMAIL_INDEX_PURPOSE = "staff_users.email"

staff_users = Table(
    "staff_users",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("email_encrypted", Text, nullable=False),
    Column("email_index", String(64), nullable=False, unique=True),
    Column("role", String(20), nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("totp_secret_encrypted", Text, nullable=False),
    Column("totp_last_step", BigInteger, nullable=True),
    Column("failed_logins", Integer, nullable=False, default=0),
    Column("locked_until", DateTime(timezone=True), nullable=True),
    Column("disabled", Boolean, nullable=False, default=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

staff_sessions = Table(
    "staff_sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", String(32), nullable=False, index=True),
    Column("kind", String(10), nullable=False),
    Column("stage", String(10), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_seen_at", DateTime(timezone=True), nullable=False),
)

# A facility account's listings (#16). No foreign keys: accounts are disabled, never deleted, and the directory
# may close a listing without the account losing its link (its history stays readable).
staff_facilities = Table(
    "staff_facilities",
    metadata,
    Column("user_id", String(32), primary_key=True),
    Column("frid", String(80), primary_key=True, index=True),
)


def email_purpose(user_id: str) -> str:
    """Associated data of an e-mail value: table, column and row id."""
    return f"staff_users.email:{user_id}"


def totp_purpose(user_id: str) -> str:
    """Associated data of a TOTP secret value."""
    return f"staff_users.totp_secret:{user_id}"


def token_hash(token: str) -> str:
    """How a session token is stored and looked up."""
    return hashlib.sha256(token.encode("utf-8", errors="surrogatepass")).hexdigest()


def _utc(value: datetime | None) -> datetime | None:
    # SQLite hands back naive datetimes; everything stored is UTC.
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


class SqlStaffRepository:
    """The back office's ``StaffRepository`` on one connection (``uow.staff``): its writes join that transaction.

    Usage::

        with UnitOfWork(engine) as uow:
            account = uow.staff.by_email("a@b.org")
    """

    def __init__(self, connection: Connection, cipher: FieldCipher) -> None:
        self.connection = connection
        self.cipher = cipher

    def add(self, *, email: str, role: str, password_hash: str, totp_secret: str, now: datetime) -> str:
        indexes = self.cipher.blind_indexes(email, purpose=EMAIL_INDEX_PURPOSE)
        taken = self.connection.execute(select(staff_users.c.id).where(staff_users.c.email_index.in_(indexes)))
        if taken.first() is not None:
            raise StaffRejected("EMAIL: a staff account with this e-mail exists already (`recoverynav users list`)")
        user_id = "u" + secrets.token_hex(8)
        self.connection.execute(
            insert(staff_users).values(
                id=user_id,
                email_encrypted=self.cipher.encrypt(email, purpose=email_purpose(user_id)),
                email_index=indexes[0],
                role=role,
                password_hash=password_hash,
                totp_secret_encrypted=self.cipher.encrypt(totp_secret, purpose=totp_purpose(user_id)),
                totp_last_step=None,
                failed_logins=0,
                locked_until=None,
                disabled=False,
                created_at=now,
            )
        )
        return user_id

    def _account(self, row: Any) -> StaffAccount:
        user_id = row["id"]
        return StaffAccount(
            id=user_id,
            email=self.cipher.decrypt(row["email_encrypted"], purpose=email_purpose(user_id)),
            role=row["role"],
            password_hash=row["password_hash"],
            totp_secret=self.cipher.decrypt(row["totp_secret_encrypted"], purpose=totp_purpose(user_id)),
            totp_last_step=row["totp_last_step"],
            failed_logins=row["failed_logins"],
            locked_until=_utc(row["locked_until"]),
            disabled=bool(row["disabled"]),
            created_at=_utc(row["created_at"]),
            facilities=self._facilities_of(user_id) if row["role"] == "facility" else (),
        )

    def _facilities_of(self, user_id: str) -> tuple[str, ...]:
        rows = self.connection.execute(
            select(staff_facilities.c.frid)
            .where(staff_facilities.c.user_id == user_id)
            .order_by(staff_facilities.c.frid)
        )
        return tuple(row[0] for row in rows)

    def listing_exists(self, frid: str) -> bool:
        from recoverynav.storage.directory.tables import facilities

        return self.connection.execute(select(facilities.c.id).where(facilities.c.frid == frid)).first() is not None

    def link_facility(self, user_id: str, frid: str) -> None:
        self.connection.execute(insert(staff_facilities).values(user_id=user_id, frid=frid))

    def facility_accounts(self, frid: str) -> list[str]:
        query = (
            select(staff_users.c.id)
            .join(staff_facilities, staff_facilities.c.user_id == staff_users.c.id)
            .where(
                staff_facilities.c.frid == frid,
                staff_users.c.role == "facility",
                staff_users.c.disabled.is_(False),
            )
            .order_by(staff_users.c.id)
        )
        return [row[0] for row in self.connection.execute(query)]

    def by_email(self, email: str) -> StaffAccount | None:
        indexes = self.cipher.blind_indexes(email, purpose=EMAIL_INDEX_PURPOSE)
        row = self.connection.execute(select(staff_users).where(staff_users.c.email_index.in_(indexes))).first()
        return None if row is None else self._account(row._mapping)

    def get(self, user_id: str) -> StaffAccount | None:
        if len(user_id) > 32:
            return None
        row = self.connection.execute(select(staff_users).where(staff_users.c.id == user_id)).first()
        return None if row is None else self._account(row._mapping)

    def all(self) -> list[StaffAccount]:
        rows = self.connection.execute(select(staff_users).order_by(staff_users.c.created_at, staff_users.c.id))
        return [self._account(row._mapping) for row in rows]

    def save_sign_in_state(
        self,
        user_id: str,
        *,
        failed_logins: int,
        locked_until: datetime | None,
        totp_last_step: int | None = None,
        password_hash: str | None = None,
    ) -> None:
        values: dict[str, Any] = {"failed_logins": failed_logins, "locked_until": locked_until}
        if totp_last_step is not None:
            values["totp_last_step"] = totp_last_step
        if password_hash is not None:
            values["password_hash"] = password_hash
        self.connection.execute(update(staff_users).where(staff_users.c.id == user_id).values(**values))

    def set_disabled(self, user_id: str, disabled: bool) -> None:
        self.connection.execute(update(staff_users).where(staff_users.c.id == user_id).values(disabled=disabled))

    def set_totp_secret(self, user_id: str, secret: str) -> None:
        self.connection.execute(
            update(staff_users)
            .where(staff_users.c.id == user_id)
            .values(
                totp_secret_encrypted=self.cipher.encrypt(secret, purpose=totp_purpose(user_id)), totp_last_step=None
            )
        )

    def start_session(self, user_id: str, *, kind: SessionKind, stage: SessionStage, now: datetime) -> str:
        token = secrets.token_urlsafe(32)
        self.connection.execute(
            insert(staff_sessions).values(
                token_hash=token_hash(token), user_id=user_id, kind=kind, stage=stage, created_at=now, last_seen_at=now
            )
        )
        return token

    def session(self, token: str) -> StaffSession | None:
        row = self.connection.execute(
            select(staff_sessions).where(staff_sessions.c.token_hash == token_hash(token))
        ).first()
        if row is None:
            return None
        values = dict(row._mapping)
        values["created_at"] = _utc(values["created_at"])
        values["last_seen_at"] = _utc(values["last_seen_at"])
        return StaffSession.model_validate(values)

    def touch_session(self, token_hash: str, now: datetime) -> None:
        self.connection.execute(
            update(staff_sessions).where(staff_sessions.c.token_hash == token_hash).values(last_seen_at=now)
        )

    def end_session(self, token_hash: str) -> None:
        self.connection.execute(delete(staff_sessions).where(staff_sessions.c.token_hash == token_hash))

    def end_sessions_of(self, user_id: str) -> None:
        self.connection.execute(delete(staff_sessions).where(staff_sessions.c.user_id == user_id))
