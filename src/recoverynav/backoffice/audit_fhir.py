"""The audit trail as FHIR R4B AuditEvent resources, in the shape of IHE Basic Audit Log Patterns (BALP).

Case reads, creations, updates and lists follow BALP's Read/Create/Update/Query profiles (type ``rest``,
subtype the RESTful interaction, action R/C/U/E; https://profiles.ihe.net/ITI/BALP/); sign-ins and logouts
use DICOM's User Authentication (110114) with Login (110122) / Logout (110123); account changes DICOM's
Security Alert (110113) with User security attributes changed (110137); exports DICOM Export (110106). Agents
and entities carry ids only (``urn:recoverynav:<kind>`` identifiers), as the trail does: no names, no e-mail.

Usage::

    bundle = audit_bundle(rows)        # a FHIR R4B collection Bundle, one AuditEvent per row
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fhir.resources.R4B.auditevent import AuditEvent as FhirAuditEvent
from fhir.resources.R4B.bundle import Bundle

from recoverynav.backoffice.audit import ChainedEvent

_DCM = "http://dicom.nema.org/resources/ontology/DCM"
_REST = ("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", "Restful Operation")
_INTERACTION = "http://hl7.org/fhir/restful-interaction"
_BALP = "https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit."
# action -> (type, subtype (system, code, display), FHIR action code, BALP profile or None)
_KINDS: dict[str, tuple[tuple[str, str, str], tuple[str, str, str], str, str | None]] = {
    "read": (_REST, (_INTERACTION, "read", "read"), "R", "Read"),
    "create": (_REST, (_INTERACTION, "create", "create"), "C", "Create"),
    "update": (_REST, (_INTERACTION, "update", "update"), "U", "Update"),
    "list": (_REST, (_INTERACTION, "search-type", "search type"), "E", "Query"),
    "login": ((_DCM, "110114", "User Authentication"), (_DCM, "110122", "Login"), "E", None),
    "logout": ((_DCM, "110114", "User Authentication"), (_DCM, "110123", "Logout"), "E", None),
    "user": ((_DCM, "110113", "Security Alert"), (_DCM, "110137", "User security Attributes Changed"), "U", None),
    "export": ((_DCM, "110106", "Export"), (_DCM, "110106", "Export"), "R", None),
}
_OUTCOME = {"success": "0", "failure": "4", "denied": "8"}


def _kind(action: str) -> str:
    head, _, tail = action.partition(".")
    if head in ("login", "logout", "user", "export"):
        return head
    return tail if tail in _KINDS else "read"


def _coding(triple: tuple[str, str, str]) -> dict[str, str]:
    return {"system": triple[0], "code": triple[1], "display": triple[2]}


def fhir_audit_event(row: ChainedEvent, *, observer: str = "recoverynav") -> FhirAuditEvent:
    """One stored row as an R4B AuditEvent (id = its ``seq``; the chain hash kept as an extension)."""
    event = row.event
    kind_type, subtype, action, profile = _KINDS[_kind(event.action)]
    agent: dict[str, Any] = {
        "type": {"coding": [{"system": "http://dicom.nema.org/resources/ontology/DCM", "code": "110153"}]},
        "who": {"identifier": {"system": "urn:recoverynav:actor", "value": event.actor}},
        "requestor": True,
    }
    if event.source:
        agent["network"] = {"address": event.source, "type": "2"}
    resource: dict[str, Any] = {
        "id": str(row.seq),
        "type": _coding(kind_type),
        "subtype": [_coding(subtype)],
        "action": action,
        "recorded": row.at,
        "outcome": _OUTCOME.get(event.outcome, "4"),
        "agent": [agent],
        "source": {
            "observer": {"display": observer},
            "type": [{"system": "http://terminology.hl7.org/CodeSystem/security-source-type", "code": "4"}],
        },
        "extension": [
            {"url": "urn:recoverynav:audit-action", "valueString": event.action},
            {"url": "urn:recoverynav:audit-hash", "valueString": row.hash},
        ],
    }
    if profile is not None:
        resource["meta"] = {"profile": [_BALP + profile]}
    if event.outcome != "success" or event.reason:
        resource["outcomeDesc"] = "; ".join(filter(None, [event.outcome, event.reason]))
    if event.record_id:
        kind = event.record_type or "record"
        resource["entity"] = [
            {
                "what": {
                    "identifier": {
                        "system": f"urn:recoverynav:{kind}",
                        "value": event.record_id,
                    }
                },
                "type": {"system": "http://terminology.hl7.org/CodeSystem/audit-entity-type", "code": "2"},
            }
        ]
    return FhirAuditEvent.model_validate(resource)


def audit_bundle(rows: Iterable[ChainedEvent], *, observer: str = "recoverynav") -> Bundle:
    """A collection Bundle of AuditEvents, oldest first."""
    entries = [{"resource": fhir_audit_event(row, observer=observer)} for row in rows]
    return Bundle.model_validate({"type": "collection", "entry": entries})
