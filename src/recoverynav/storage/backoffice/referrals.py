"""Consents, referrals and the disclosure ledger in SQL, every personal value encrypted (AES-GCM, bound to
``<table>.<column>:<row id>`` as associated data, like the cases).

Clear columns are what queues and checks filter on and say nothing about the person: ids, the case id, a
referral's listing id (a facility's queue selects on it), states and times. A consent's elements, a referral's
message and history, and a disclosure's whole entry (recipient, description, notice, packet, consent copy) are
ciphertext. Ledger rows are only ever inserted: no method here updates or deletes one.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime

from pydantic import TypeAdapter
from sqlalchemy import Column, Connection, Date, DateTime, ForeignKey, String, Table, Text, insert, select, update

from recoverynav.backoffice.consent import Consent
from recoverynav.backoffice.disclosures import Disclosure
from recoverynav.backoffice.referrals import Referral, ReferralStep
from recoverynav.storage.crypto import FieldCipher
from recoverynav.storage.tables import metadata

consents = Table(
    "consents",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("case_id", String(32), ForeignKey("cases.id"), nullable=False, index=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("signed_on", Date, nullable=False),
    Column("expires_on", Date, nullable=True),
    Column("revoked_at", DateTime(timezone=True), nullable=True),
    Column("body", Text, nullable=False),
)

referrals = Table(
    "referrals",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("case_id", String(32), ForeignKey("cases.id"), nullable=False, index=True),
    Column("frid", String(80), nullable=False, index=True),
    Column("consent_id", String(32), ForeignKey("consents.id"), nullable=False),
    Column("status", String(12), nullable=False, index=True),
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("disclosure_id", String(32), nullable=True),
    Column("message", Text, nullable=True),
    Column("history", Text, nullable=False),
)

disclosures = Table(
    "disclosures",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("case_id", String(32), ForeignKey("cases.id"), nullable=False, index=True),
    Column("referral_id", String(32), nullable=True),
    Column("consent_id", String(32), ForeignKey("consents.id"), nullable=False),
    Column("frid", String(80), nullable=False),
    Column("disclosed_at", DateTime(timezone=True), nullable=False, index=True),
    Column("actor", String(64), nullable=False),
    Column("notice_version", String(10), nullable=False),
    Column("body", Text, nullable=False),
)

_HISTORY = TypeAdapter(tuple[ReferralStep, ...])


def _utc(value: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything stored is UTC.
    return value if value.tzinfo else value.replace(tzinfo=UTC)


class _Sealed:
    def __init__(self, connection: Connection, cipher: FieldCipher) -> None:
        self.connection = connection
        self.cipher = cipher

    def _seal(self, value: str, purpose: str) -> str:
        return self.cipher.encrypt(value, purpose=purpose)

    def _open(self, token: str, purpose: str) -> str:
        return self.cipher.decrypt(token, purpose=purpose)


class SqlConsentRepository(_Sealed):
    """The back office's ``ConsentRepository`` on a unit of work's connection.

    Usage::

        with UnitOfWork(engine) as uow:
            uow.consents.add(consent); uow.audit.record(event); uow.commit()
    """

    def add(self, consent: Consent) -> None:
        self.connection.execute(
            insert(consents).values(
                id=consent.id,
                case_id=consent.case_id,
                created_at=consent.created_at,
                created_by=consent.created_by,
                signed_on=consent.signed_on,
                expires_on=consent.expires_on,
                revoked_at=consent.revocation.at if consent.revocation else None,
                body=self._body(consent),
            )
        )

    def save_revocation(self, consent: Consent) -> None:
        self.connection.execute(
            update(consents)
            .where(consents.c.id == consent.id)
            .values(revoked_at=consent.revocation.at if consent.revocation else None, body=self._body(consent))
        )

    def get(self, consent_id: str) -> Consent | None:
        row = self.connection.execute(select(consents).where(consents.c.id == consent_id)).first()
        return None if row is None else self._consent(row._mapping)

    def for_case(self, case_id: str) -> list[Consent]:
        query = select(consents).where(consents.c.case_id == case_id).order_by(consents.c.created_at.desc())
        return [self._consent(row._mapping) for row in self.connection.execute(query)]

    def _body(self, consent: Consent) -> str:
        return self._seal(consent.model_dump_json(), f"consents.body:{consent.id}")

    def _consent(self, values: object) -> Consent:
        mapping = dict(values)  # type: ignore[call-overload]
        return Consent.model_validate_json(self._open(mapping["body"], f"consents.body:{mapping['id']}"))


class SqlReferralRepository(_Sealed):
    """The back office's ``ReferralRepository`` on a unit of work's connection."""

    def add(self, referral: Referral) -> None:
        self.connection.execute(
            insert(referrals).values(
                id=referral.id,
                case_id=referral.case_id,
                frid=referral.frid,
                consent_id=referral.consent_id,
                created_at=referral.created_at,
                disclosure_id=referral.disclosure_id,
                message=self._seal(referral.message, f"referrals.message:{referral.id}"),
                **self._state(referral),
            )
        )

    def save(self, referral: Referral) -> None:
        self.connection.execute(update(referrals).where(referrals.c.id == referral.id).values(**self._state(referral)))

    def get(self, referral_id: str) -> Referral | None:
        row = self.connection.execute(select(referrals).where(referrals.c.id == referral_id)).first()
        return None if row is None else self._referral(row._mapping)

    def for_case(self, case_id: str) -> list[Referral]:
        query = (
            select(referrals)
            .where(referrals.c.case_id == case_id)
            .order_by(referrals.c.created_at, referrals.c.frid, referrals.c.id)
        )
        return [self._referral(row._mapping) for row in self.connection.execute(query)]

    def for_listings(self, frids: Sequence[str], *, limit: int) -> list[Referral]:
        if not frids:
            return []
        query = (
            select(referrals)
            .where(referrals.c.frid.in_(list(frids)))
            .order_by(referrals.c.created_at.desc(), referrals.c.id)
            .limit(limit)
        )
        return [self._referral(row._mapping) for row in self.connection.execute(query)]

    def _state(self, referral: Referral) -> dict[str, object]:
        history = json.dumps(_HISTORY.dump_python(referral.history, mode="json"))
        return {
            "status": referral.status,
            "expires_at": referral.expires_at,
            "updated_at": referral.updated_at,
            "history": self._seal(history, f"referrals.history:{referral.id}"),
        }

    def _referral(self, values: object) -> Referral:
        row = dict(values)  # type: ignore[call-overload]
        rid = row["id"]
        return Referral(
            id=rid,
            case_id=row["case_id"],
            frid=row["frid"],
            consent_id=row["consent_id"],
            status=row["status"],
            message=self._open(row["message"], f"referrals.message:{rid}") if row["message"] else "",
            created_at=_utc(row["created_at"]),
            expires_at=_utc(row["expires_at"]),
            updated_at=_utc(row["updated_at"]),
            history=_HISTORY.validate_json(self._open(row["history"], f"referrals.history:{rid}")),
            disclosure_id=row["disclosure_id"],
        )


class SqlDisclosureLedger(_Sealed):
    """The back office's ``DisclosureLedger``: rows are inserted, never changed."""

    def append(self, disclosure: Disclosure) -> None:
        self.connection.execute(
            insert(disclosures).values(
                id=disclosure.id,
                case_id=disclosure.case_id,
                referral_id=disclosure.referral_id,
                consent_id=disclosure.consent_id,
                frid=disclosure.recipient.frid,
                disclosed_at=disclosure.disclosed_at,
                actor=disclosure.actor,
                notice_version=disclosure.notice_version,
                body=self._seal(disclosure.model_dump_json(), f"disclosures.body:{disclosure.id}"),
            )
        )

    def for_case(self, case_id: str) -> list[Disclosure]:
        query = (
            select(disclosures.c.id, disclosures.c.body)
            .where(disclosures.c.case_id == case_id)
            .order_by(disclosures.c.disclosed_at, disclosures.c.frid, disclosures.c.id)
        )
        return [self._entry(row.id, row.body) for row in self.connection.execute(query)]

    def get(self, disclosure_id: str) -> Disclosure | None:
        row = self.connection.execute(
            select(disclosures.c.id, disclosures.c.body).where(disclosures.c.id == disclosure_id)
        ).first()
        return None if row is None else self._entry(row.id, row.body)

    def _entry(self, disclosure_id: str, token: str) -> Disclosure:
        return Disclosure.model_validate_json(self._open(token, f"disclosures.body:{disclosure_id}"))
