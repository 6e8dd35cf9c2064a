"""What the case use cases need from storage: a case repository and a unit of work holding it and the audit trail.

Storage implements these (``storage/backoffice/cases.py``, ``storage/unit_of_work.py``); the service never sees
SQL or ciphertext. Lookups take plain values (a phone in E.164, a person key): storage turns them into its blind
indexes, so the domain never handles a key.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict

from recoverynav.backoffice.audit import AuditTrail
from recoverynav.backoffice.cases import Case, Status
from recoverynav.backoffice.consent import Consent
from recoverynav.backoffice.disclosures import Disclosure
from recoverynav.backoffice.referrals import Referral
from recoverynav.directory import Facility


class CaseSummary(BaseModel):
    """A case in a list: ids, state and clock, no personal field (a queue shows these, a read shows the rest)."""

    model_config = ConfigDict(frozen=True)

    id: str
    reference: str
    status: Status
    owner: str | None
    due_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int
    merged_into: str | None = None


class DuplicateMatch(BaseModel):
    """An existing open case that looks like the same person, and what matched (never the matching value)."""

    model_config = ConfigDict(frozen=True)

    case: CaseSummary
    matched_on: Literal["phone", "name_and_birth_date"]


class CaseRepository(Protocol):
    """Cases, stored with their personal fields encrypted; every write checks the version it was read at."""

    def add(self, case: Case, *, client: str | None = None) -> None:
        """Store a new case (version 1) and its first history entry; ``client`` (a public request's address) is
        kept only as a keyed hash, for the rate limit."""
        ...

    def get(self, case_id: str) -> Case | None:
        """The whole case with its history, decrypted; None when there is none."""
        ...

    def save(self, case: Case) -> Case:
        """Store ``case`` over the stored one if that is still at ``case.version``; the saved case (version + 1).
        StaleCase when someone saved in between; new history entries are appended."""
        ...

    def by_reference(self, reference: str) -> CaseSummary | None:
        """The case with this reference code."""
        ...

    def by_phone(self, phone: str) -> list[CaseSummary]:
        """Cases whose caller has this phone (E.164), newest first."""
        ...

    def by_person(self, person_key: str) -> list[CaseSummary]:
        """Cases whose caller has this name and date of birth (see ``callers.person_key``), newest first."""
        ...

    def listing(
        self, *, status: str | None = None, owner: str | None = None, due_before: datetime | None = None, limit: int
    ) -> list[CaseSummary]:
        """Cases by state and owner (and due before a time, soonest first; else newest first)."""
        ...

    def times_since(self, since: datetime, *, client: str | None = None) -> list[datetime]:
        """When callback requests (from this client, kept as a keyed hash; else from anyone) came since ``since``."""
        ...


class CaseUnit(Protocol):
    """One transaction: the case change and its audit event are kept together or not at all."""

    @property
    def cases(self) -> CaseRepository:
        """The case repository in this unit."""
        ...

    @property
    def audit(self) -> AuditTrail:
        """The audit trail in this unit."""
        ...

    def commit(self) -> None:
        """Keep this unit's writes."""
        ...


class ConsentRepository(Protocol):
    """Part 2 consents, stored encrypted; a revocation is the only change a stored consent takes."""

    def add(self, consent: Consent) -> None:
        """Store a new consent."""
        ...

    def get(self, consent_id: str) -> Consent | None:
        """The consent, decrypted; None when there is none."""
        ...

    def for_case(self, case_id: str) -> list[Consent]:
        """A case's consents, newest first."""
        ...

    def save_revocation(self, consent: Consent) -> None:
        """Store ``consent``'s revocation (the elements themselves never change)."""
        ...


class ReferralRepository(Protocol):
    """Referrals: listing id, state and times in clear (a facility's queue filters on them), the rest encrypted."""

    def add(self, referral: Referral) -> None:
        """Store a new referral."""
        ...

    def get(self, referral_id: str) -> Referral | None:
        """The referral with its history; None when there is none."""
        ...

    def save(self, referral: Referral) -> None:
        """Store the referral's new state and history."""
        ...

    def for_case(self, case_id: str) -> list[Referral]:
        """A case's referrals, oldest first."""
        ...

    def for_listings(self, frids: Sequence[str], *, limit: int) -> list[Referral]:
        """Referrals sent to these listings, newest first."""
        ...


class DisclosureLedger(Protocol):
    """The accounting of disclosures: appended with the disclosure it records, never changed."""

    def append(self, disclosure: Disclosure) -> None:
        """Write one entry (committed with the unit of work)."""
        ...

    def for_case(self, case_id: str) -> list[Disclosure]:
        """A case's disclosures, oldest first."""
        ...

    def get(self, disclosure_id: str) -> Disclosure | None:
        """One entry."""
        ...


class ListingLookup(Protocol):
    """The directory's listings by id (the recipient's name and address for the ledger)."""

    def get(self, frid: str) -> Facility | None:
        """The listing, or None."""
        ...


class ReferralUnit(CaseUnit, Protocol):
    """One transaction over cases, consents, referrals, the ledger and the audit trail."""

    @property
    def consents(self) -> ConsentRepository:
        """The consent repository in this unit."""
        ...

    @property
    def referrals(self) -> ReferralRepository:
        """The referral repository in this unit."""
        ...

    @property
    def disclosures(self) -> DisclosureLedger:
        """The disclosure ledger in this unit."""
        ...


class ReferralNotifier(Protocol):
    """Where a referral's news goes (the notification port h-openings builds: ``gateways/notify.py``, e-mail or an
    outbox table). Messages carry ids and a sign-in link only, never personal data."""

    def referral_sent(self, frid: str, referral_id: str) -> None:
        """Tell the facility's accounts for listing ``frid`` that a referral waits for them."""
        ...

    def referral_answered(self, consultant_id: str, referral_id: str, status: str) -> None:
        """Tell the consultant who sent it that a facility answered."""
        ...
