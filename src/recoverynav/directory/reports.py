"""Reports of a wrong listing: what a visitor may send, the listing's state kept with it, and the rate limit.

A report is stored, never e-mailed: the operator reads the queue (``recoverynav facilities reports``). The
optional contact is personal data; storage encrypts it and only an explicit, recorded read shows it.

Usage::

    from recoverynav.directory.reports import ReportSubmission, report_listing
    report_listing("frid-1", ReportSubmission(reason="closed"), client="203.0.113.9",
                   facilities=repo, reports=report_repo, limits=ReportLimits())
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field, field_validator

from recoverynav.directory.models import Facility, UnknownFacilityError, sources_of
from recoverynav.directory.repository import FacilityRepository
from recoverynav.errors import NotFound, Unavailable

Reason = Literal["wrong_phone", "closed", "wrong_services", "other"]
ReportStatus = Literal["open", "resolved"]
REASONS: dict[str, str] = {
    "wrong_phone": "The phone number is wrong",
    "closed": "The place has closed",
    "wrong_services": "The services listed are wrong",
    "other": "Something else is wrong",
}
DETAILS_MAX = 1000
CONTACT_MAX = 200
NOTE_MAX = 1000


def _no_controls(value: str) -> str:
    # Line breaks stay (free text); other control characters only hide text from whoever reads the queue.
    return "".join(ch for ch in value if ch in "\n\t" or ch.isprintable()).strip()


class ReportSubmission(BaseModel):
    """What a visitor sends: a reason, optional details, an optional way to reach them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    reason: Reason = Field(description="What is wrong: wrong_phone, closed, wrong_services or other")
    details: str = Field(default="", max_length=DETAILS_MAX, description="What you know (up to 1,000 characters)")
    contact: str | None = Field(
        default=None,
        max_length=CONTACT_MAX,
        description="Optional e-mail or phone if we may ask you about it; stored encrypted, never shown publicly",
    )

    @field_validator("details", mode="after")
    @classmethod
    def _clean_details(cls, value: str) -> str:
        return _no_controls(value)

    @field_validator("contact", mode="after")
    @classmethod
    def _clean_contact(cls, value: str | None) -> str | None:
        cleaned = _no_controls(value or "")
        return cleaned or None


class ListingSnapshot(BaseModel):
    """The listing as shown when the report was made, so a later import cannot hide what was wrong."""

    model_config = ConfigDict(frozen=True)

    name: str
    phone: str = ""
    intake_phone: str = ""
    address: str = ""
    sources: list[str] = Field(default_factory=list)


class ListingReport(BaseModel):
    """One stored report. ``contact`` is None unless it was revealed by an explicit, recorded read."""

    model_config = ConfigDict(frozen=True)

    id: int
    frid: str
    reason: Reason
    details: str
    has_contact: bool
    contact: str | None = None
    snapshot: ListingSnapshot
    created_at: datetime
    status: ReportStatus
    resolved_at: datetime | None = None
    resolution_note: str = ""


@dataclass(frozen=True)
class ReportLimits:
    """At most ``per_client`` reports per client and ``per_facility`` per listing in any ``window``."""

    per_client: int = 5
    per_facility: int = 20
    window: timedelta = timedelta(hours=1)


class ReportRateLimited(Unavailable):
    """Too many reports; ``retry_after`` is how many whole seconds until one more is accepted."""

    def __init__(self, retry_after: int, scope: str) -> None:
        super().__init__(f"Too many reports from {scope} in the last hour; try again in {retry_after} seconds.")
        self.retry_after = retry_after
        self.scope = scope


class UnknownReportError(NotFound):
    """No report with this id."""


class ListingReportRepository(Protocol):
    """Stores reports; storage encrypts the contact and keeps only a keyed hash of the client."""

    def add(
        self, frid: str, submission: ReportSubmission, snapshot: ListingSnapshot, *, client: str, now: datetime
    ) -> int:
        """Store one report; returns its id."""
        ...

    def times_since(self, since: datetime, *, client: str | None = None, frid: str | None = None) -> list[datetime]:
        """When the reports from this client (or about this listing) since ``since`` were made."""
        ...

    def queue(self, *, open_only: bool, reveal_contact_for: str | None = None) -> list[ListingReport]:
        """Every report, newest first; the contact decrypted only when an actor is named (the read is recorded)."""
        ...

    def resolve(self, report_id: int, note: str, *, actor: str, now: datetime) -> ListingReport:
        """Close one report with a note; UnknownReportError when there is none."""
        ...

    def open_since(self, frid: str) -> datetime | None:
        """When the oldest open report about this listing was made (None: no open report)."""
        ...


def client_key(host: str | None) -> str:
    """Who is counted for the rate limit: an IPv4 address, or an IPv6 address's /64 (one home or phone gets a whole
    /64 and could otherwise rotate through it)."""
    if not host:
        return "unknown"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host[:100]
    if address.version == 6 and address.ipv4_mapped is None:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address.ipv4_mapped or address) if address.version == 6 else str(address)


def snapshot_of(facility: Facility) -> ListingSnapshot:
    """The facts a report is about, as shown on the facility page."""
    address = ", ".join(
        part
        for part in (facility.street, facility.street2, facility.city, f"{facility.state} {facility.zip}".strip())
        if part
    )
    return ListingSnapshot(
        name=facility.name,
        phone=facility.phone,
        intake_phone=facility.intake_phone,
        address=address,
        sources=[f"{s.name} ({s.year})" for s in sources_of(facility)],
    )


def seconds_until_allowed(times: Sequence[datetime], limit: int, window: timedelta, now: datetime) -> int | None:
    """None when one more report fits in the window after ``times``, else whole seconds until one does."""
    times = [t for t in times if t >= now - window]
    if len(times) < limit:
        return None
    # The report that must age out before one more fits: the limit-th newest.
    oldest_counted = sorted(times, reverse=True)[limit - 1]
    return max(1, int((oldest_counted + window - now).total_seconds()) + 1)


def report_listing(
    frid: str,
    submission: ReportSubmission,
    *,
    client: str,
    facilities: FacilityRepository,
    reports: ListingReportRepository,
    limits: ReportLimits,
    now: datetime | None = None,
    include_synthetic: bool = False,
) -> int:
    """Store a report about ``frid`` with the listing's current state; returns the report's id.

    Raises UnknownFacilityError for an unknown (or hidden demo) listing, ReportRateLimited past the limits.
    """
    moment = now or datetime.now(UTC)
    # PostgreSQL text cannot hold NUL, and no importer makes an frid with a control character.
    facility = None if any(ord(char) < 32 for char in frid) else facilities.get(frid)
    if facility is None or (facility.synthetic and not include_synthetic):
        raise UnknownFacilityError(frid)
    since = moment - limits.window
    for scope, times, limit in (
        ("this connection", reports.times_since(since, client=client), limits.per_client),
        ("anyone about this listing", reports.times_since(since, frid=frid), limits.per_facility),
    ):
        wait = seconds_until_allowed(times, limit, limits.window, moment)
        if wait is not None:
            raise ReportRateLimited(wait, scope)
    return reports.add(frid, submission, snapshot_of(facility), client=client, now=moment)


def resolve_report(
    report_id: int, note: str, *, actor: str, reports: ListingReportRepository, now: datetime | None = None
) -> ListingReport:
    """Close a report with what was done about it."""
    cleaned = _no_controls(note)
    if not cleaned:
        raise ValueError("note: say what was done (for example: phone checked, listing correct)")
    if len(cleaned) > NOTE_MAX:
        raise ValueError(f"note: at most {NOTE_MAX} characters")
    return reports.resolve(report_id, cleaned, actor=actor, now=now or datetime.now(UTC))
