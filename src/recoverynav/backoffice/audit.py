"""Audit events: who did what to which record, when and from where — ids only, never a personal value.

MINIMAL VERSION (bo-case's branch): the names and signatures of the bo-id/bo-case contract, so the case use
cases can record their events. bo-id's fuller file (the hash chain, FHIR export) replaces this one at merge.

Usage::

    trail.record(AuditEvent(actor="u-1", action="case.read", record_type="case", record_id="c-9"))
"""

from __future__ import annotations

from typing import Protocol

from pydantic import BaseModel, ConfigDict


class AuditEvent(BaseModel):
    """One audited action: ids and codes only, so the log itself holds no personal data."""

    model_config = ConfigDict(frozen=True)

    actor: str
    action: str
    record_type: str | None = None
    record_id: str | None = None
    source: str | None = None
    reason: str | None = None
    outcome: str = "success"


class AuditTrail(Protocol):
    """Where events go; storage writes them in the same transaction as the change they describe."""

    def record(self, event: AuditEvent) -> None:
        """Append one event."""
        ...
