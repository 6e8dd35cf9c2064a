"""Cases in SQL: every personal field encrypted on its own (AES-GCM, ``cases.<column>:<case id>`` bound in as
associated data, so a value copied to another row or column does not decrypt), HMAC blind indexes for the
exact lookups (phone; name + date of birth), and a version column for optimistic locking.

Ids, state, owner, due time and version stay in clear: they are what the queue sorts and filters on and hold
nothing about the person. Everything the caller told us — names, birth date, phone, e-mail, ZIP, substances,
notes, screening results, the suggestion, the search, an attached recovery plan — is ciphertext.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import (
    Connection,
    func,
    insert,
    select,
    update,
)

from recoverynav.backoffice import (
    CallbackPreferences,
    Caller,
    Case,
    CaseSummary,
    StaleCase,
    TransitionRecord,
    person_key,
    phone_key,
)
from recoverynav.directory import FacilityQuery
from recoverynav.placement import Recommendation
from recoverynav.plans import RecoveryPlan
from recoverynav.screening import ScreeningResult
from recoverynav.storage.backoffice.case_tables import CALLER_FIELDS as CALLER_FIELDS
from recoverynav.storage.backoffice.case_tables import CASE_FIELDS as CASE_FIELDS
from recoverynav.storage.backoffice.case_tables import case_transitions as case_transitions
from recoverynav.storage.backoffice.case_tables import cases as cases
from recoverynav.storage.crypto import FieldCipher

PHONE_PURPOSE = "cases.phone_index"
PERSON_PURPOSE = "cases.person_index"
CLIENT_PURPOSE = "cases.client_hash"

_SCREENINGS = TypeAdapter(list[ScreeningResult])
_SUMMARY_COLUMNS = (
    cases.c.id,
    cases.c.reference,
    cases.c.status,
    cases.c.owner,
    cases.c.due_at,
    cases.c.created_at,
    cases.c.updated_at,
    cases.c.version,
    cases.c.merged_into,
)


def _utc(value: datetime | None) -> datetime | None:
    # SQLite hands back naive datetimes; everything stored is UTC.
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


class SqlCaseRepository:
    """The back office's ``CaseRepository`` on one unit of work's connection (SQLite or PostgreSQL).

    Usage::

        with UnitOfWork(engine) as uow:
            uow.cases.add(case); uow.audit.record(event); uow.commit()
    """

    def __init__(self, connection: Connection, cipher: FieldCipher) -> None:
        self.connection = connection
        self.cipher = cipher

    # Writing

    def add(self, case: Case, *, client: str | None = None) -> None:
        row = {
            "id": case.id,
            "reference": case.reference,
            "source": case.source,
            "version": 1,
            "created_at": case.created_at,
            "client_hash": self.cipher.blind_index(client, purpose=CLIENT_PURPOSE) if client else None,
            **self._columns(case),
        }
        self.connection.execute(insert(cases).values(**row))
        self._append_history(case.id, case.history, already=0)

    def save(self, case: Case) -> Case:
        changed = self.connection.execute(
            update(cases)
            .where(cases.c.id == case.id, cases.c.version == case.version)
            .values(version=case.version + 1, **self._columns(case))
        ).rowcount
        if changed != 1:
            current = self.connection.execute(select(cases.c.version).where(cases.c.id == case.id)).scalar()
            raise StaleCase(case.id, case.version, int(current or 0))
        stored = self.connection.execute(
            select(func.count()).select_from(case_transitions).where(case_transitions.c.case_id == case.id)
        ).scalar_one()
        self._append_history(case.id, case.history, already=int(stored))
        return case.model_copy(update={"version": case.version + 1})

    def _columns(self, case: Case) -> dict[str, Any]:
        caller = case.caller.model_dump(mode="json")
        values: dict[str, Any] = {
            "status": case.status,
            "owner": case.owner,
            "due_at": case.due_at,
            "for_self": case.for_self,
            "updated_at": case.updated_at,
            "merged_into": case.merged_into,
            "phone_index": self._index(phone_key(case.caller), PHONE_PURPOSE),
            "person_index": self._index(person_key(case.caller), PERSON_PURPOSE),
        }
        for name in CALLER_FIELDS:
            values[name] = self._seal(caller[name], name, case.id)
        dumped = case.model_dump(mode="json", include=set(CASE_FIELDS))
        for name in CASE_FIELDS:
            values[name] = self._seal(json.dumps(dumped[name]), name, case.id)
        return values

    def _append_history(self, case_id: str, history: tuple[TransitionRecord, ...], *, already: int) -> None:
        rows = [
            {
                "case_id": case_id,
                "seq": seq,
                "from_status": record.from_status,
                "to_status": record.to_status,
                "actor": record.actor,
                "at": record.at,
                "reason": record.reason,
                "note": self._seal(record.note, f"note:{seq}", case_id, table="case_transitions"),
            }
            for seq, record in enumerate(history[already:], start=already)
        ]
        if rows:
            self.connection.execute(insert(case_transitions), rows)

    # Reading

    def get(self, case_id: str) -> Case | None:
        row = self.connection.execute(select(cases).where(cases.c.id == case_id)).first()
        if row is None:
            return None
        values = row._mapping
        history = self.connection.execute(
            select(case_transitions).where(case_transitions.c.case_id == case_id).order_by(case_transitions.c.seq)
        )
        caller = {name: self._open(values[name], name, case_id) for name in CALLER_FIELDS}
        extra = {name: json.loads(self._open(values[name], name, case_id) or "null") for name in CASE_FIELDS}
        return Case(
            id=values["id"],
            reference=values["reference"],
            status=values["status"],
            source=values["source"],
            owner=values["owner"],
            due_at=_utc(values["due_at"]),
            for_self=values["for_self"],
            version=values["version"],
            created_at=_utc(values["created_at"]),
            updated_at=_utc(values["updated_at"]),
            merged_into=values["merged_into"],
            caller=Caller.model_validate(caller),
            substances=extra["substances"] or [],
            notes=extra["notes"] or "",
            next_action=extra["next_action"] or "",
            screening=_SCREENINGS.validate_python(extra["screening"] or []),
            placement=Recommendation.model_validate(extra["placement"]) if extra["placement"] else None,
            search=FacilityQuery.model_validate(extra["search"]) if extra["search"] else None,
            callback=CallbackPreferences.model_validate(extra["callback"]) if extra["callback"] else None,
            history=tuple(self._record(h._mapping, case_id) for h in history),
            plan=RecoveryPlan.model_validate(extra["plan"]) if extra["plan"] else None,
        )

    def by_reference(self, reference: str) -> CaseSummary | None:
        found = self._summaries(select(*_SUMMARY_COLUMNS).where(cases.c.reference == reference))
        return found[0] if found else None

    def by_phone(self, phone: str) -> list[CaseSummary]:
        # Every key's index: a case not yet re-indexed after a key rotation is still found.
        indexes = self.cipher.blind_indexes(phone, purpose=PHONE_PURPOSE)
        return self._summaries(self._newest().where(cases.c.phone_index.in_(indexes)))

    def by_person(self, person_key: str) -> list[CaseSummary]:
        indexes = self.cipher.blind_indexes(person_key, purpose=PERSON_PURPOSE)
        return self._summaries(self._newest().where(cases.c.person_index.in_(indexes)))

    def listing(
        self, *, status: str | None = None, owner: str | None = None, due_before: datetime | None = None, limit: int
    ) -> list[CaseSummary]:
        query = select(*_SUMMARY_COLUMNS)
        if status is not None:
            query = query.where(cases.c.status == status)
        if owner is not None:
            query = query.where(cases.c.owner == owner)
        if due_before is not None:
            query = query.where(cases.c.due_at.is_not(None), cases.c.due_at <= due_before)
            query = query.order_by(cases.c.due_at, cases.c.id)
        else:
            query = query.order_by(cases.c.created_at.desc(), cases.c.id)
        return self._summaries(query.limit(limit))

    def times_since(self, since: datetime, *, client: str | None = None) -> list[datetime]:
        query = select(cases.c.created_at).where(cases.c.source == "callback", cases.c.created_at >= since)
        if client is not None:
            query = query.where(cases.c.client_hash.in_(self.cipher.blind_indexes(client, purpose=CLIENT_PURPOSE)))
        return [moment for (value,) in self.connection.execute(query) if (moment := _utc(value)) is not None]

    def reindex(self, case_id: str) -> None:
        """Recompute the case's phone and person indexes under the newest key (after a key rotation)."""
        case = self.get(case_id)
        if case is None:
            return
        values = {
            "phone_index": self._index(phone_key(case.caller), PHONE_PURPOSE),
            "person_index": self._index(person_key(case.caller), PERSON_PURPOSE),
        }
        self.connection.execute(update(cases).where(cases.c.id == case_id).values(**values))

    # Helpers

    def _newest(self) -> Any:
        return select(*_SUMMARY_COLUMNS).order_by(cases.c.created_at.desc(), cases.c.id)

    def _summaries(self, query: Any) -> list[CaseSummary]:
        return [
            CaseSummary.model_validate(
                {**row._mapping, "due_at": _utc(row.due_at), "created_at": _utc(row.created_at)}
                | {"updated_at": _utc(row.updated_at)}
            )
            for row in self.connection.execute(query)
        ]

    def _record(self, values: Any, case_id: str) -> TransitionRecord:
        return TransitionRecord(
            from_status=values["from_status"],
            to_status=values["to_status"],
            actor=values["actor"],
            at=_utc(values["at"]),
            reason=values["reason"],
            note=self._open(values["note"], f"note:{values['seq']}", case_id, table="case_transitions"),
        )

    def _index(self, value: str | None, purpose: str) -> str | None:
        return self.cipher.blind_index(value, purpose=purpose) if value else None

    def _seal(self, value: str | None, column: str, case_id: str, *, table: str = "cases") -> str | None:
        if value is None:
            return None
        return self.cipher.encrypt(value, purpose=f"{table}.{column}:{case_id}")

    def _open(self, token: str | None, column: str, case_id: str, *, table: str = "cases") -> str | None:
        if token is None:
            return None
        return self.cipher.decrypt(token, purpose=f"{table}.{column}:{case_id}")
