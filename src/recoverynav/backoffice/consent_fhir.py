"""A Part 2 consent as a FHIR R4B ``Consent`` (privacy consent directive), built with ``fhir.resources.R4B``.

Mapping (CBCC's privacy consent pattern, ../shared/reference/backoffice.md section 3): scope ``patient-privacy``;
category LOINC 59284-0 (Patient Consent); ``policy`` cites 42 CFR Part 2; ``provision.type`` permit, its period
from the signing date to the expiry date, ``provision.purpose`` v3-ActReason TREAT / HPAYMT / HOPERAT (a TPO
consent carries all three), ``provision.actor`` the named listings (identifier = FRID) or the recipient class, and
``provision.action`` disclose. A revoked consent is ``inactive``; the elements FHIR has no field for (who may
disclose, what information, the expiry event, the signature method) ride in the narrative and in ``provision``'s
``data``-free text.

Usage::

    resource = fhir_consent(consent, now=now)
    resource.json()          # {"resourceType": "Consent", "status": "active", ...}
"""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape

from fhir.resources.R4B.consent import Consent as FhirConsent

from recoverynav.backoffice.consent import Consent, load_part2_texts

_ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason"
_PURPOSE_CODES = {
    "treatment": ("TREAT", "treatment"),
    "payment": ("HPAYMT", "healthcare payment"),
    "health_care_operations": ("HOPERAT", "healthcare operations"),
}
FRID_SYSTEM = "urn:recoverynav:frid"


def _narrative(consent: Consent) -> str:
    form = load_part2_texts().form
    recipients = ", ".join(consent.recipients) or form.treatment_class
    expiry = consent.expires_on.isoformat() if consent.expires_on else (consent.expiry_event or "")
    rows = [
        ("Patient", consent.patient_name),
        ("Who may disclose", consent.disclosing_party),
        ("Information", consent.information),
        ("Recipients", recipients),
        ("Purpose", ", ".join(consent.purposes)),
        ("Right to revoke", form.right_to_revoke),
        ("Ends", expiry),
        ("Signed", f"{consent.signed_by} ({consent.signature_method}) on {consent.signed_on}"),
    ]
    items = "".join(f"<li><b>{escape(k)}</b>: {escape(v)}</li>" for k, v in rows)
    return f'<div xmlns="http://www.w3.org/1999/xhtml"><ul>{items}</ul></div>'


def fhir_consent(consent: Consent, *, now: datetime | None = None) -> FhirConsent:
    """``consent`` as an R4B Consent resource (``inactive`` once revoked or past its expiry date)."""
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    active = consent.active(moment)
    period: dict[str, str] = {"start": consent.signed_on.isoformat() if consent.signed_on else ""}
    if consent.expires_on is not None:
        period["end"] = consent.expires_on.isoformat()
    if consent.revocation is not None:
        period["end"] = consent.revocation.at.astimezone(UTC).isoformat()
    if consent.recipient_class is not None:
        actors = [
            {
                "role": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-RoleClass", "code": "PROV"}]},
                "reference": {"display": load_part2_texts().form.treatment_class},
            }
        ]
    else:
        actors = [
            {
                "role": {
                    "coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "code": "IRCP"}]
                },
                "reference": {"identifier": {"system": FRID_SYSTEM, "value": frid}},
            }
            for frid in consent.recipients
        ]
    body = {
        "resourceType": "Consent",
        "id": consent.id,
        "text": {"status": "generated", "div": _narrative(consent)},
        "status": "active" if active else "inactive",
        "scope": {
            "coding": [{"system": "http://terminology.hl7.org/CodeSystem/consentscope", "code": "patient-privacy"}]
        },
        "category": [{"coding": [{"system": "http://loinc.org", "code": "59284-0", "display": "Patient Consent"}]}],
        "patient": {"display": consent.patient_name},
        "dateTime": consent.created_at.astimezone(UTC).isoformat(),
        "policy": [{"authority": "https://www.ecfr.gov/current/title-42/chapter-I/subchapter-A/part-2"}],
        "policyRule": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "OPTIN"}]},
        "provision": {
            "type": "permit",
            "period": period,
            "actor": actors,
            "action": [
                {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/consentaction", "code": "disclose"}]}
            ],
            "purpose": [
                {"system": _ACT_REASON, "code": _PURPOSE_CODES[p][0], "display": _PURPOSE_CODES[p][1]}
                for p in consent.purposes
            ],
        },
    }
    return FhirConsent.model_validate(body)
