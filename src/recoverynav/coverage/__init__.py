"""Coverage: will my insurance pay? The payment guide and real eligibility checks (X12 270/271, 005010X279A1).

Usage::

    from recoverynav.coverage import build_270, parse_271, read_eligibility, EligibilityInquiry
    summaries = parse_271(text)                # one BenefitSummary per person answered for
    summaries[0].for_service("CJ")             # outpatient substance-use facility benefits
    text = build_270(inquiry)                  # a 270 with right envelope counts

    from recoverynav.coverage import guide_for
    guide_for("none", "TX").searches[0].query  # FinderQuery(payment="none", near="TX")
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from recoverynav.lazy import lazy_exports

if TYPE_CHECKING:
    from recoverynav.coverage.benefits import (
        Benefit,
        BenefitDate,
        BenefitSummary,
        Member,
        Party,
        PlanInfo,
        Rejection,
    )
    from recoverynav.coverage.guide import (
        PAYMENT_TYPES,
        FinderSearch,
        GuideAnswer,
        MedicaidExpansion,
        PaymentType,
        Statement,
        UnknownPaymentError,
        UnknownStateError,
        guide_for,
        guide_states,
        load_guide,
        payment_types,
    )
    from recoverynav.coverage.npi import is_valid_npi, npi_check_digit
    from recoverynav.coverage.ports import (
        REAL_TIME_LIMIT_SECONDS,
        EligibilityExchange,
        EligibilityGateway,
        EligibilityTimeout,
        EligibilityUnavailable,
    )
    from recoverynav.coverage.x12 import decode_x12, read_eligibility
    from recoverynav.coverage.x12_270 import EligibilityInquiry, Envelope, InquiryRejected, build_270, parse_270
    from recoverynav.coverage.x12_271 import parse_271
    from recoverynav.coverage.x12_codes import X12CodeLists, load_code_lists
    from recoverynav.coverage.x12_plain import PlainCodeLists, eligibility_json, plain_code_lists
    from recoverynav.coverage.x12_segments import (
        DEFAULT_DELIMITERS,
        IMPLEMENTATION,
        Delimiters,
        VersionRefused,
        X12Rejected,
    )

# Exports load on first use (PEP 562): ``recoverynav coverage parse`` reads X12 without importing the payment
# guide (and the directory behind it), and a 271 without pydantic (``eligibility_json``); ``coverage guide`` reads
# without the X12 models.
_EXPORTS = {
    "Benefit": "benefits",
    "BenefitDate": "benefits",
    "BenefitSummary": "benefits",
    "Member": "benefits",
    "Party": "benefits",
    "PlanInfo": "benefits",
    "Rejection": "benefits",
    "is_valid_npi": "npi",
    "npi_check_digit": "npi",
    "decode_x12": "x12",
    "read_eligibility": "x12",
    "EligibilityInquiry": "x12_270",
    "Envelope": "x12_270",
    "InquiryRejected": "x12_270",
    "build_270": "x12_270",
    "parse_270": "x12_270",
    "parse_271": "x12_271",
    "X12CodeLists": "x12_codes",
    "load_code_lists": "x12_codes",
    "PlainCodeLists": "x12_plain",
    "eligibility_json": "x12_plain",
    "plain_code_lists": "x12_plain",
    "DEFAULT_DELIMITERS": "x12_segments",
    "IMPLEMENTATION": "x12_segments",
    "Delimiters": "x12_segments",
    "VersionRefused": "x12_segments",
    "X12Rejected": "x12_segments",
    "PAYMENT_TYPES": "guide",
    "FinderSearch": "guide",
    "GuideAnswer": "guide",
    "MedicaidExpansion": "guide",
    "PaymentType": "guide",
    "Statement": "guide",
    "UnknownPaymentError": "guide",
    "UnknownStateError": "guide",
    "guide_for": "guide",
    "guide_states": "guide",
    "load_guide": "guide",
    "payment_types": "guide",
    "REAL_TIME_LIMIT_SECONDS": "ports",
    "EligibilityExchange": "ports",
    "EligibilityGateway": "ports",
    "EligibilityTimeout": "ports",
    "EligibilityUnavailable": "ports",
}

__all__ = [
    "DEFAULT_DELIMITERS",
    "IMPLEMENTATION",
    "PAYMENT_TYPES",
    "REAL_TIME_LIMIT_SECONDS",
    "Benefit",
    "BenefitDate",
    "BenefitSummary",
    "Delimiters",
    "EligibilityExchange",
    "EligibilityGateway",
    "EligibilityInquiry",
    "EligibilityTimeout",
    "EligibilityUnavailable",
    "Envelope",
    "FinderSearch",
    "GuideAnswer",
    "InquiryRejected",
    "MedicaidExpansion",
    "Member",
    "Party",
    "PaymentType",
    "PlainCodeLists",
    "PlanInfo",
    "Rejection",
    "Statement",
    "UnknownPaymentError",
    "UnknownStateError",
    "VersionRefused",
    "X12CodeLists",
    "X12Rejected",
    "build_270",
    "decode_x12",
    "eligibility_json",
    "guide_for",
    "guide_states",
    "is_valid_npi",
    "load_code_lists",
    "load_guide",
    "npi_check_digit",
    "parse_270",
    "parse_271",
    "payment_types",
    "plain_code_lists",
    "read_eligibility",
]


__getattr__ = lazy_exports(__name__, _EXPORTS)
