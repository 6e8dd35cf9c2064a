"""A 42 CFR Part 2 consent on a case, and the one rule that says whether it allows a disclosure.

The model holds the nine § 2.31(a) elements (``part2_texts.yaml`` cites each): the patient's name, who may
disclose, what information, to whom (named listings by FRID, or the single-consent class "my treating providers,
health plans, third-party payers, and people helping to operate this program"), the purpose (treatment, payment,
health care operations, or all three in one TPO consent), the right to revoke in writing, the expiry (a date, the
end of treatment, or "none" for a TPO consent), the signature and the date signed.

:func:`may_disclose` is pure: a consent allows a disclosure to a recipient for a purpose at a time, or says why
not. A written revocation ends it for every later disclosure; what was disclosed before stays lawful (the
reliance the § 2.31(a)(6) statement speaks of). Not legal advice; see the report on #16 for open questions.

Usage::

    consent = Consent(id="k1", case_id="c1", created_at=now, created_by="u-1", **draft.model_dump())
    decision = may_disclose(consent, Recipient(frid="rn-1"), "treatment", now)
    decision.allowed, decision.reason          # (True, None) or (False, "revoked")
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from importlib import resources
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from recoverynav.backoffice.callers import clean_text
from recoverynav.errors import InputRejected, NotFound

Purpose = Literal["treatment", "payment", "health_care_operations"]
ConsentPurpose = Literal["treatment", "payment", "health_care_operations", "tpo"]
PURPOSES: tuple[Purpose, ...] = ("treatment", "payment", "health_care_operations")
SignatureMethod = Literal["verbal", "typed", "upload"]
ExpiryEvent = Literal["end_of_treatment", "none"]
RecipientClass = Literal["treating_providers"]
SignerRole = Literal["patient", "authorised_representative"]
Refusal = Literal[
    "not_yet_signed", "revoked", "expired", "treatment_ended", "purpose_not_covered", "recipient_not_named"
]
# The element names a 422 may list, in the form's order (§ 2.31(a)(1)-(9)).
ELEMENTS: tuple[str, ...] = (
    "patient_name",
    "disclosing_party",
    "information",
    "recipients",
    "purpose",
    "expires_on",
    "signature_method",
    "signed_by",
    "signed_on",
)
RECIPIENTS_MAX = 20
FRID_MAX = 80
DEFAULT_DISCLOSER = "The helpline and its consultants"

Frid = Annotated[
    str, StringConstraints(min_length=1, max_length=FRID_MAX, pattern=r"^[^\x00-\x1f]*[^\x00-\x1f\s][^\x00-\x1f]*$")
]


class ConsentNotFound(NotFound):
    """No consent with this id on this case (or the actor may not know it exists)."""


class ConsentRejected(InputRejected):
    """A consent lacks a required element or is inconsistent; ``missing`` names every element at fault."""

    def __init__(self, missing: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{name}: {why}" for name, why in missing))
        self.missing = missing


class ConsentRefused(InputRejected):
    """No active consent covers this disclosure (an API's 409 naming ``consent_id``); ``reasons`` says why."""

    def __init__(self, consent_id: str, reasons: dict[str, str]) -> None:
        said = "; ".join(f"{who}: {why}" for who, why in reasons.items())
        super().__init__(f"consent_id: the consent does not cover this disclosure ({said}); nothing was disclosed")
        self.consent_id, self.reasons = consent_id, reasons


class Recipient(BaseModel):
    """Who would receive a disclosure: a listing (FRID), a treatment facility the patient is referred to."""

    model_config = ConfigDict(frozen=True)

    frid: Frid
    treating_provider: bool = True


class ConsentDraft(BaseModel):
    """A consent as the consultant records it; validation names every missing § 2.31(a) element at once."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    patient_name: str = Field(default="", max_length=200, description="§ 2.31(a)(1) the patient's name")
    disclosing_party: str = Field(
        default=DEFAULT_DISCLOSER, max_length=300, description="§ 2.31(a)(2) who may make the disclosure"
    )
    information: str = Field(
        default="", max_length=2000, description="§ 2.31(a)(3) what information, specific and meaningful"
    )
    recipients: list[Frid] = Field(
        default_factory=list, max_length=RECIPIENTS_MAX, description="§ 2.31(a)(4) named listings (FRIDs)"
    )
    recipient_class: RecipientClass | None = Field(
        default=None, description="§ 2.31(a)(4)(i) the single TPO consent's class instead of named recipients"
    )
    purpose: ConsentPurpose | None = Field(default=None, description="§ 2.31(a)(5); tpo = all three")
    expires_on: date | None = Field(default=None, description="§ 2.31(a)(7) the last day it may be used")
    expiry_event: ExpiryEvent | None = Field(
        default=None, description="§ 2.31(a)(7) instead of a date: end of treatment, or none (TPO consents only)"
    )
    signature_method: SignatureMethod | None = Field(
        default=None, description="verbal (recorded by the consultant), typed name, or a signed upload"
    )
    signed_by: str = Field(default="", max_length=200, description="§ 2.31(a)(8) who signed")
    signer_role: SignerRole = "patient"
    signed_on: date | None = Field(default=None, description="§ 2.31(a)(9) the date signed")

    @field_validator("patient_name", "disclosing_party", "information", "signed_by", mode="after")
    @classmethod
    def _clean(cls, value: str) -> str:
        return " ".join(clean_text(value).split())

    @field_validator("recipients", mode="after")
    @classmethod
    def _distinct(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(f.strip() for f in value))

    def problems(self) -> list[tuple[str, str]]:
        """Each missing or inconsistent element with the fix (empty when the consent is complete)."""
        found: list[tuple[str, str]] = []
        if not self.patient_name:
            found.append(("patient_name", "the patient's name is required (42 CFR 2.31(a)(1))"))
        if not self.disclosing_party:
            found.append(("disclosing_party", "say who may disclose (42 CFR 2.31(a)(2))"))
        if len(self.information) < 3:
            found.append(("information", "describe what information may be shared (42 CFR 2.31(a)(3))"))
        if bool(self.recipients) == (self.recipient_class is not None):
            found.append(("recipients", "name the recipients (FRIDs) or give recipient_class, one of the two"))
        if self.purpose is None:
            found.append(("purpose", "treatment, payment, health_care_operations or tpo (42 CFR 2.31(a)(5))"))
        elif self.recipient_class is not None and self.purpose != "tpo":
            found.append(("recipient_class", "a class of recipients is allowed for a single TPO consent only"))
        if (self.expires_on is None) == (self.expiry_event is None):
            found.append(("expires_on", "give expires_on (a date) or expiry_event, one of the two (2.31(a)(7))"))
        elif self.expiry_event == "none" and self.purpose != "tpo":
            found.append(("expiry_event", "'none' is allowed for a single TPO consent only; give a date or event"))
        if self.signature_method is None:
            found.append(("signature_method", "verbal, typed or upload (42 CFR 2.31(a)(8))"))
        if not self.signed_by:
            found.append(("signed_by", "who signed: the patient or their authorised representative"))
        if self.signed_on is None:
            found.append(("signed_on", "the date signed (42 CFR 2.31(a)(9))"))
        elif self.expires_on is not None and self.expires_on < self.signed_on:
            found.append(("expires_on", "the consent would end before it was signed"))
        return found

    def checked(self) -> ConsentDraft:
        """This draft, or ConsentRejected naming every element at fault."""
        missing = self.problems()
        if missing:
            raise ConsentRejected(missing)
        return self

    @property
    def purposes(self) -> tuple[Purpose, ...]:
        """The purposes covered (a TPO consent covers all three)."""
        if self.purpose is None:
            return ()
        return PURPOSES if self.purpose == "tpo" else (self.purpose,)


class Revocation(BaseModel):
    """A written revocation: when it was received, who recorded it, and a note (how it came)."""

    model_config = ConfigDict(frozen=True)

    at: datetime
    recorded_by: str
    note: str = Field(default="", max_length=500)


class Consent(ConsentDraft):
    """A stored consent: the elements plus its id, case, who recorded it and when, and any revocation."""

    id: str
    case_id: str
    created_at: datetime
    created_by: str
    revocation: Revocation | None = None

    @model_validator(mode="after")
    def _complete(self) -> Consent:
        self.checked()
        return self

    def active(self, when: datetime, *, treatment_ended: bool = False) -> bool:
        """Whether the consent may be used at ``when`` for some disclosure (signed, not revoked, not expired)."""
        return _lapsed(self, _utc(when), treatment_ended) is None


class Decision(BaseModel):
    """The answer of :func:`may_disclose`: allowed, or the reason it is not."""

    model_config = ConfigDict(frozen=True)

    allowed: bool
    reason: Refusal | None = None


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _lapsed(consent: Consent, when: datetime, treatment_ended: bool) -> Refusal | None:
    assert consent.signed_on is not None
    if when < datetime.combine(consent.signed_on, time.min, tzinfo=UTC):
        return "not_yet_signed"
    if consent.revocation is not None and when >= _utc(consent.revocation.at):
        return "revoked"
    # The expiry date is the last day the consent may be used (through its end, UTC).
    if consent.expires_on is not None and when >= datetime.combine(
        consent.expires_on + timedelta(days=1), time.min, UTC
    ):
        return "expired"
    if consent.expiry_event == "end_of_treatment" and treatment_ended:
        return "treatment_ended"
    return None


def may_disclose(
    consent: Consent, recipient: Recipient, purpose: Purpose, when: datetime, *, treatment_ended: bool = False
) -> Decision:
    """Whether ``consent`` allows disclosing to ``recipient`` for ``purpose`` at ``when``.

    ``treatment_ended`` ends a consent whose expiry event is the end of treatment (the case is closed).
    """
    lapsed = _lapsed(consent, _utc(when), treatment_ended)
    if lapsed is not None:
        return Decision(allowed=False, reason=lapsed)
    if purpose not in consent.purposes:
        return Decision(allowed=False, reason="purpose_not_covered")
    if consent.recipient_class == "treating_providers":
        named = recipient.treating_provider
    else:
        named = recipient.frid in consent.recipients
    if not named:
        return Decision(allowed=False, reason="recipient_not_named")
    return Decision(allowed=True)


def revoke(consent: Consent, *, at: datetime, recorded_by: str, note: str = "") -> Consent:
    """The consent revoked from ``at`` on (a second revocation keeps the first one's time)."""
    if consent.revocation is not None:
        return consent
    cleaned = " ".join(clean_text(note).split())[:500]
    return consent.model_copy(update={"revocation": Revocation(at=_utc(at), recorded_by=recorded_by, note=cleaned)})


# The § 2.32 notice and the plain-language form, from part2_texts.yaml.


class Part2Source(BaseModel):
    """Where a text comes from."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: str
    url: str


class Part2Notice(BaseModel):
    """One version of the § 2.32 notice: the statement, its short form, and whether a copy of the consent goes too."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str
    in_force_from: date | None
    source: str
    statement: str
    short: str
    copy_of_consent: bool


class FormElement(BaseModel):
    """One line of the consent form: the element, its § 2.31(a) citation and a plain label."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    element: str
    cite: str
    label: str


class ConsentForm(BaseModel):
    """The plain-language consent form's fixed texts."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str
    elements: tuple[FormElement, ...]
    right_to_revoke: str
    treatment_class: str
    purposes: dict[Purpose, str]


class Part2Texts(BaseModel):
    """Everything in ``part2_texts.yaml``; every notice names a listed source."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sources: tuple[Part2Source, ...]
    notices: tuple[Part2Notice, ...]
    form: ConsentForm

    @model_validator(mode="after")
    def _sourced(self) -> Part2Texts:
        known = {s.id for s in self.sources}
        for notice in self.notices:
            if notice.source not in known:
                raise ValueError(f"notice {notice.version}: unknown source {notice.source!r}")
        return self

    def source(self, source_id: str) -> Part2Source:
        """The source with this id."""
        return next(s for s in self.sources if s.id == source_id)

    def notice_on(self, day: date) -> Part2Notice:
        """The notice in force on ``day``: the latest whose ``in_force_from`` has come."""
        current = [n for n in self.notices if n.in_force_from is None or n.in_force_from <= day]
        return max(current, key=lambda n: n.in_force_from or date.min)

    def notice(self, version: str) -> Part2Notice:
        """A notice by its version (a stored disclosure names the one it carried)."""
        for notice in self.notices:
            if notice.version == version:
                return notice
        raise KeyError(version)


@cache
def load_part2_texts() -> Part2Texts:
    """The bundled ``part2_texts.yaml``, validated."""
    text = resources.files("recoverynav.backoffice").joinpath("part2_texts.yaml").read_text(encoding="utf-8")
    return Part2Texts.model_validate(yaml.safe_load(text))
