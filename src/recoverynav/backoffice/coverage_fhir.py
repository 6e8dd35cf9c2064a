"""A coverage check as FHIR R4B: a CoverageEligibilityRequest and its CoverageEligibilityResponse in one Bundle.

Mapped as Medplum maps a clearinghouse's eligibility answer (research notes, standards-and-stack.md § 2): the
X12 service types asked are ``item.category`` (system ``https://x12.org/codes/service-type-codes``), co-payment
and co-insurance are benefits of type ``copay`` / ``copay-percent`` per network (``benefit-network`` in/out),
the deductible and out-of-pocket still to meet are plan-level benefits, prior authorisation is
``authorizationRequired``, AAA rejections are ``error`` entries with the reason in words. The patient is the
case (an identifier, no name), the insurer the payer by name; the member id stays out of the export.

Usage::

    bundle_json = coverage_bundle_json(case, check)       # application/fhir+json
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from fhir.resources.R4B.bundle import Bundle

from recoverynav.backoffice.cases import Case
from recoverynav.backoffice.coverage_checks import SERVICE_TYPE_NAMES, CoverageCheck, CoverageSummary

SERVICE_TYPE_SYSTEM = "https://x12.org/codes/service-type-codes"
_BENEFIT_TYPE = "http://terminology.hl7.org/CodeSystem/benefit-type"
_NETWORK = "http://terminology.hl7.org/CodeSystem/benefit-network"
_CASE = "urn:recoverynav:case"
_CHECK = "urn:recoverynav:coverage-check"
_OUTCOME = {"completed": "complete", "verified": "complete", "rejected": "error", "failed": "error"}


def _when(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _category(code: str) -> dict[str, Any]:
    return {"coding": [{"system": SERVICE_TYPE_SYSTEM, "code": code, "display": SERVICE_TYPE_NAMES.get(code, code)}]}


def _money(amount: Decimal) -> dict[str, Any]:
    return {"value": float(amount), "currency": "USD"}


def _benefit(code: str, display: str, **value: Any) -> dict[str, Any]:
    return {"type": {"coding": [{"system": _BENEFIT_TYPE, "code": code, "display": display}]}, **value}


def _network_items(summary: CoverageSummary, service_types: tuple[str, ...]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for network, copay, coinsurance in (
        ("in", summary.copay_in_network, summary.coinsurance_in_network),
        ("out", summary.copay_out_of_network, summary.coinsurance_out_of_network),
    ):
        benefits = []
        if copay is not None:
            benefits.append(_benefit("copay", "Copayment per service", allowedMoney=_money(copay)))
        if coinsurance is not None:
            percent = f"{(coinsurance * 100).normalize():f} %"
            benefits.append(_benefit("copay-percent", "Copayment Percent per service", allowedString=percent))
        if not benefits:
            continue
        label = "In Network" if network == "in" else "Out of Network"
        for code in service_types:
            item: dict[str, Any] = {
                "category": _category(code),
                "network": {"coding": [{"system": _NETWORK, "code": network, "display": label}]},
                "benefit": benefits,
            }
            if summary.prior_authorization is not None:
                item["authorizationRequired"] = summary.prior_authorization
            items.append(item)
    plan_benefits = []
    if summary.deductible_remaining is not None:
        plan_benefits.append(
            _benefit("deductible", "Deductible", allowedString=f"${summary.deductible_remaining} remaining")
        )
    if summary.out_of_pocket_remaining is not None:
        plan_benefits.append(
            {
                "type": {"text": "Out of pocket (stop loss)"},
                "allowedString": f"${summary.out_of_pocket_remaining} remaining",
            }
        )
    if plan_benefits or summary.limits:
        plan_item: dict[str, Any] = {"category": _category("30")}
        if plan_benefits:
            plan_item["benefit"] = plan_benefits
        if summary.limits:
            plan_item["description"] = summary.limits
        items.append(plan_item)
    return items


def coverage_bundle(case: Case, check: CoverageCheck) -> Bundle:
    """A ``collection`` Bundle: the check's CoverageEligibilityRequest, and its Response once there is an answer."""
    patient = {"identifier": {"system": _CASE, "value": case.id}, "display": f"case {case.reference}"}
    insurer = {"display": check.payer_name}
    coverage = {"display": f"{check.payer_name} coverage (member id held in the case)"}
    request: dict[str, Any] = {
        "resourceType": "CoverageEligibilityRequest",
        "id": f"request-{check.id}",
        "identifier": [{"system": _CHECK, "value": check.id}],
        "status": "active",
        "purpose": ["validation", "benefits"],
        "patient": patient,
        "created": _when(check.created_at),
        "insurer": insurer,
        "insurance": [{"focal": True, "coverage": coverage}],
        "item": [{"category": _category(code)} for code in check.service_types],
    }
    entries: list[dict[str, Any]] = [{"fullUrl": f"urn:uuid:{_uuid(check.id, 1)}", "resource": request}]
    if check.state != "to_verify" and (check.summary is not None or check.problem):
        summary = check.summary or CoverageSummary()
        response: dict[str, Any] = {
            "resourceType": "CoverageEligibilityResponse",
            "id": f"response-{check.id}",
            "identifier": [{"system": _CHECK, "value": check.id}],
            "status": "active",
            "purpose": ["validation", "benefits"],
            "patient": patient,
            "created": _when(check.updated_at),
            "request": {"reference": f"urn:uuid:{_uuid(check.id, 1)}"},
            "outcome": _OUTCOME.get(check.state, "partial"),
            "insurer": insurer,
        }
        disposition = check.problem if check.state == "failed" else (summary.plan or None)
        if disposition:
            response["disposition"] = disposition[:1000]
        if check.summary is not None and check.state != "rejected":
            insurance: dict[str, Any] = {"coverage": coverage, "item": _network_items(summary, check.service_types)}
            if summary.active is not None:
                insurance["inforce"] = summary.active
            if summary.plan_begin or summary.plan_end:
                insurance["benefitPeriod"] = {
                    key: value.isoformat()
                    for key, value in (("start", summary.plan_begin), ("end", summary.plan_end))
                    if value is not None
                }
            if not insurance["item"]:
                insurance.pop("item")
            response["insurance"] = [insurance]
        if summary.rejections:
            response["error"] = [{"code": {"text": words}} for words in summary.rejections]
        entries.append({"fullUrl": f"urn:uuid:{_uuid(check.id, 2)}", "resource": response})
    return Bundle.model_validate({"resourceType": "Bundle", "type": "collection", "entry": entries})


def coverage_bundle_json(case: Case, check: CoverageCheck) -> str:
    """:func:`coverage_bundle` as FHIR JSON."""
    return coverage_bundle(case, check).model_dump_json(exclude_none=True)


def _uuid(check_id: str, part: int) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"{_CHECK}:{check_id}:{part}"))
