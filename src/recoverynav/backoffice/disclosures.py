"""The disclosure ledger: what was disclosed, to whom, when, why and under which consent.

Each referral is a disclosure made with consent, so it carries the § 2.32 notice in force that day (its version
and text, from ``part2_texts.yaml``) and, from the 2024 wording on, a copy of the consent as it stood. The ledger
is kept apart from the audit trail (OpenEMR's ``extended_log`` model, ../shared/reference/backoffice.md section 3):
the audit trail holds ids only, the ledger holds what a patient asking "to whom did you disclose my records?"
must be told (§ 2.25 accounting: date, recipient's name and address, a brief description, the purpose).

Usage::

    entry = new_disclosure(disclosure_id="d1", consent=consent, referral=referral, recipient=facility_view,
                           packet=packet, actor="u-1", now=now)
    entry.notice_version, entry.notice     # "2024", "This record which has been disclosed to you ..."
"""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict, Field

from recoverynav.backoffice.consent import Consent, Purpose, load_part2_texts
from recoverynav.backoffice.referrals import Referral


class RecipientView(BaseModel):
    """The recipient as the ledger names it: the listing's id, name and address when it was disclosed to."""

    model_config = ConfigDict(frozen=True)

    frid: str
    name: str
    address: str = ""


class ReferralPacket(BaseModel):
    """What a facility receives: only what the consent's information element describes for a referral."""

    model_config = ConfigDict(frozen=True)

    patient_name: str
    message: str = ""
    level_of_care: str | None = None
    information: str = Field(description="The consent's description of what may be shared")


class Disclosure(BaseModel):
    """One ledger entry (never changed once written)."""

    model_config = ConfigDict(frozen=True)

    id: str
    case_id: str
    referral_id: str | None
    consent_id: str
    recipient: RecipientView
    purpose: Purpose
    description: str
    disclosed_at: datetime
    actor: str
    notice_version: str
    notice: str
    notice_source: str
    consent_copy: Consent | None
    packet: ReferralPacket


def describe(packet: ReferralPacket) -> str:
    """A brief description of the information disclosed (the accounting's "what")."""
    parts = ["name as on the consent"]
    if packet.message:
        parts.append("the consultant's referral message")
    if packet.level_of_care:
        parts.append("the suggested level of care")
    return "Referral for treatment: " + ", ".join(parts)


def new_disclosure(
    *,
    disclosure_id: str,
    consent: Consent,
    referral: Referral,
    recipient: RecipientView,
    packet: ReferralPacket,
    actor: str,
    now: datetime,
    purpose: Purpose = "treatment",
) -> Disclosure:
    """The ledger entry for a referral, with the notice in force today and (2024 wording) a copy of the consent."""
    moment = now if now.tzinfo else now.replace(tzinfo=UTC)
    texts = load_part2_texts()
    notice = texts.notice_on(moment.date())
    return Disclosure(
        id=disclosure_id,
        case_id=referral.case_id,
        referral_id=referral.id,
        consent_id=consent.id,
        recipient=recipient,
        purpose=purpose,
        description=describe(packet),
        disclosed_at=moment,
        actor=actor,
        notice_version=notice.version,
        notice=notice.statement,
        notice_source=texts.source(notice.source).url,
        consent_copy=consent if notice.copy_of_consent else None,
        packet=packet,
    )
