"""Coverage checks in SQL (#17): ids, case id, method, state, times and version in clear (the case page lists
them by these); the payer, the member (id, name, birth date), the summary, the problem and the payer's 271 are
AES-GCM ciphertext bound to ``coverage_checks.<column>:<check id>``, so a value copied to another row or column
does not decrypt. Which insurer a person has is health information too: the payer is encrypted with the rest.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Column, Connection, DateTime, Integer, String, Table, Text, insert, select, update

from recoverynav.backoffice.coverage_checks import CoverageCheck, CoverageSummary, StaleCheck, Subscriber
from recoverynav.storage.crypto import FieldCipher
from recoverynav.storage.tables import metadata

# Each encrypted column and what it holds (JSON text unless noted).
ENCRYPTED = ("payer", "subscriber", "summary", "problem", "exchange", "x12_271")

coverage_checks = Table(
    "coverage_checks",
    metadata,
    Column("id", String(32), primary_key=True),
    # No foreign key: cases are never deleted, and a key would make every test's TRUNCATE of cases name this table.
    Column("case_id", String(32), nullable=False, index=True),
    Column("method", String(10), nullable=False),
    Column("state", String(12), nullable=False),
    Column("actor", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    *[Column(name, Text, nullable=True) for name in ENCRYPTED],
)


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)


class SqlCoverageCheckRepository:
    """The back office's ``CoverageCheckRepository`` on one unit of work's connection."""

    def __init__(self, connection: Connection, cipher: FieldCipher) -> None:
        self.connection = connection
        self.cipher = cipher

    def add(self, check: CoverageCheck) -> None:
        row = {"id": check.id, "case_id": check.case_id, "created_at": check.created_at, "version": 1}
        self.connection.execute(insert(coverage_checks).values(**row, **self._columns(check)))

    def save(self, check: CoverageCheck) -> CoverageCheck:
        changed = self.connection.execute(
            update(coverage_checks)
            .where(coverage_checks.c.id == check.id, coverage_checks.c.version == check.version)
            .values(version=check.version + 1, **self._columns(check))
        ).rowcount
        if changed != 1:
            current = self.connection.execute(
                select(coverage_checks.c.version).where(coverage_checks.c.id == check.id)
            ).scalar()
            raise StaleCheck(check.version, int(current or 0))
        return check.model_copy(update={"version": check.version + 1})

    def get(self, check_id: str) -> CoverageCheck | None:
        row = self.connection.execute(select(coverage_checks).where(coverage_checks.c.id == check_id)).first()
        return None if row is None else self._check(row._mapping)

    def for_case(self, case_id: str) -> list[CoverageCheck]:
        rows = self.connection.execute(
            select(coverage_checks)
            .where(coverage_checks.c.case_id == case_id)
            .order_by(coverage_checks.c.created_at.desc(), coverage_checks.c.id)
        )
        return [self._check(row._mapping) for row in rows]

    def _columns(self, check: CoverageCheck) -> dict[str, Any]:
        plain = {
            "payer": json.dumps({"name": check.payer_name, "id": check.payer_id, "service_types": check.service_types}),
            "subscriber": check.subscriber.model_dump_json() if check.subscriber else None,
            "summary": check.summary.model_dump_json() if check.summary else None,
            "problem": check.problem,
            "exchange": json.dumps(
                {"gateway": check.gateway, "payload_id": check.payload_id, "attempts": check.attempts}
            ),
            "x12_271": check.x12_271,
        }
        sealed = {name: self._seal(value, name, check.id) for name, value in plain.items()}
        return {
            "method": check.method,
            "state": check.state,
            "actor": check.actor,
            "updated_at": check.updated_at,
            **sealed,
        }

    def _check(self, values: Any) -> CoverageCheck:
        check_id = values["id"]
        opened = {name: self._open(values[name], name, check_id) for name in ENCRYPTED}
        payer = json.loads(opened["payer"] or "{}")
        exchange = json.loads(opened["exchange"] or "{}")
        return CoverageCheck(
            id=check_id,
            case_id=values["case_id"],
            method=values["method"],
            state=values["state"],
            actor=values["actor"],
            created_at=_utc(values["created_at"]),
            updated_at=_utc(values["updated_at"]),
            version=values["version"],
            payer_name=payer.get("name", ""),
            payer_id=payer.get("id", ""),
            service_types=tuple(payer.get("service_types", ())),
            subscriber=Subscriber.model_validate_json(opened["subscriber"]) if opened["subscriber"] else None,
            summary=CoverageSummary.model_validate_json(opened["summary"]) if opened["summary"] else None,
            problem=opened["problem"],
            gateway=exchange.get("gateway"),
            payload_id=exchange.get("payload_id"),
            attempts=exchange.get("attempts", 0),
            x12_271=opened["x12_271"],
        )

    def _seal(self, value: str | None, column: str, check_id: str) -> str | None:
        if value is None:
            return None
        return self.cipher.encrypt(value, purpose=f"coverage_checks.{column}:{check_id}")

    def _open(self, token: str | None, column: str, check_id: str) -> str | None:
        if token is None:
            return None
        return self.cipher.decrypt(token, purpose=f"coverage_checks.{column}:{check_id}")
