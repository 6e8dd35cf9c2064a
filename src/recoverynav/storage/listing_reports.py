"""Reports of wrong listings in SQL: the contact encrypted (AES-GCM), the client kept only as a keyed hash.

Every read that reveals contacts writes one ``listing_report_audit`` row per report (who, when; never the
value), in the same transaction as the read. Every write takes the database's write lock, so on SQLite it runs with
``synchronous=FULL`` (a report acknowledged with 201 survives a power cut), as a unit of work's does.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, insert, select, update

from recoverynav.directory.reports import (
    ListingReport,
    ListingSnapshot,
    ReportSubmission,
    UnknownReportError,
)
from recoverynav.storage.crypto import FieldCipher, load_key_ring
from recoverynav.storage.listing_report_tables import listing_report_audit as listing_report_audit
from recoverynav.storage.listing_report_tables import listing_reports as listing_reports
from recoverynav.storage.locks import write_lock

CONTACT_PURPOSE = "listing_reports.contact"
CLIENT_PURPOSE = "listing_reports.client"


def _utc(value: datetime | None) -> datetime | None:
    # SQLite hands back naive datetimes; everything stored is UTC.
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


class SqlListingReportRepository:
    """The directory's ``ListingReportRepository`` on SQLite or PostgreSQL.

    Usage::

        reports = SqlListingReportRepository(engine_for(url))
        reports.queue(open_only=True)
    """

    def __init__(self, engine: Engine, cipher: FieldCipher | None = None) -> None:
        self.engine = engine
        self._cipher = cipher

    @property
    def cipher(self) -> FieldCipher:
        if self._cipher is None:
            self._cipher = FieldCipher(load_key_ring())
        return self._cipher

    def add(
        self, frid: str, submission: ReportSubmission, snapshot: ListingSnapshot, *, client: str, now: datetime
    ) -> int:
        contact = None
        if submission.contact:
            contact = self.cipher.encrypt(submission.contact, purpose=CONTACT_PURPOSE)
        values = {
            "frid": frid,
            "reason": submission.reason,
            "details": submission.details,
            "contact_encrypted": contact,
            "client_hash": self.cipher.blind_index(client, purpose=CLIENT_PURPOSE),
            "snapshot": snapshot.model_dump_json(),
            "created_at": now,
            "status": "open",
            "resolution_note": "",
        }
        with write_lock(self.engine) as conn:
            result = conn.execute(insert(listing_reports).values(**values).returning(listing_reports.c.id))
            return int(result.scalar_one())

    def times_since(self, since: datetime, *, client: str | None = None, frid: str | None = None) -> list[datetime]:
        query = select(listing_reports.c.created_at).where(listing_reports.c.created_at >= since)
        if client is not None:
            query = query.where(
                listing_reports.c.client_hash == self.cipher.blind_index(client, purpose=CLIENT_PURPOSE)
            )
        if frid is not None:
            query = query.where(listing_reports.c.frid == frid)
        with self.engine.connect() as conn:
            return [moment for (value,) in conn.execute(query) if (moment := _utc(value)) is not None]

    def queue(self, *, open_only: bool, reveal_contact_for: str | None = None) -> list[ListingReport]:
        query = select(listing_reports).order_by(listing_reports.c.created_at.desc(), listing_reports.c.id.desc())
        if open_only:
            query = query.where(listing_reports.c.status == "open")
        # Revealing contacts writes an audit row per report in the read's own transaction: then it is a write.
        reading = write_lock(self.engine) if reveal_contact_for is not None else self.engine.begin()
        with reading as conn:
            rows = [row._mapping for row in conn.execute(query)]
            reports = [self._report(row, reveal=reveal_contact_for is not None) for row in rows]
            revealed = [r.id for r in reports if r.has_contact]
            if reveal_contact_for is not None and revealed:
                now = datetime.now(UTC)
                conn.execute(
                    insert(listing_report_audit),
                    [
                        {"report_id": i, "action": "contact_read", "actor": reveal_contact_for, "at": now}
                        for i in revealed
                    ],
                )
        return reports

    def resolve(self, report_id: int, note: str, *, actor: str, now: datetime) -> ListingReport:
        with write_lock(self.engine) as conn:
            changed = conn.execute(
                update(listing_reports)
                .where(listing_reports.c.id == report_id)
                .values(status="resolved", resolved_at=now, resolution_note=note)
            ).rowcount
            if not changed:
                raise UnknownReportError(f"No report with id {report_id}.")
            conn.execute(
                insert(listing_report_audit).values(report_id=report_id, action="resolved", actor=actor, at=now)
            )
            row = conn.execute(select(listing_reports).where(listing_reports.c.id == report_id)).one()._mapping
        return self._report(row, reveal=False)

    def open_since(self, frid: str) -> datetime | None:
        query = (
            select(listing_reports.c.created_at)
            .where(listing_reports.c.frid == frid, listing_reports.c.status == "open")
            .order_by(listing_reports.c.created_at)
            .limit(1)
        )
        with self.engine.connect() as conn:
            return _utc(conn.execute(query).scalar_one_or_none())

    def audit(self) -> list[dict[str, Any]]:
        """Every audit row (report id, action, actor, time), oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(listing_report_audit).order_by(listing_report_audit.c.id))
            return [dict(row._mapping) for row in rows]

    def _report(self, row: Any, *, reveal: bool) -> ListingReport:
        encrypted = row["contact_encrypted"]
        contact = self.cipher.decrypt(encrypted, purpose=CONTACT_PURPOSE) if reveal and encrypted else None
        return ListingReport(
            id=row["id"],
            frid=row["frid"],
            reason=row["reason"],
            details=row["details"],
            has_contact=bool(encrypted),
            contact=contact,
            snapshot=ListingSnapshot.model_validate_json(row["snapshot"]),
            created_at=_utc(row["created_at"]),
            status=row["status"],
            resolved_at=_utc(row["resolved_at"]),
            resolution_note=row["resolution_note"],
        )


def listing_report_repository(url: str | None = None) -> SqlListingReportRepository:
    """Reports in the configured database (migrated by ``prepare_database``)."""
    from recoverynav.storage.database import database_url
    from recoverynav.storage.engine import engine_for

    return SqlListingReportRepository(engine_for(database_url(url)))
