"""Coverage: will my insurance pay? The payment guide and real eligibility checks (X12 270/271, 005010X279A1).

Usage::

    from recoverynav.coverage import build_270, parse_271, read_eligibility, EligibilityInquiry
    summaries = parse_271(text)                # one BenefitSummary per person answered for
    summaries[0].for_service("CJ")             # outpatient substance-use facility benefits
    text = build_270(inquiry)                  # a 270 with right envelope counts
"""

from __future__ import annotations

# --- X12 270/271 (h-x12, #17) ---
from recoverynav.coverage.benefits import (
    Benefit,
    BenefitDate,
    BenefitSummary,
    Member,
    Party,
    PlanInfo,
    Rejection,
)
from recoverynav.coverage.npi import is_valid_npi, npi_check_digit
from recoverynav.coverage.x12 import decode_x12, read_eligibility
from recoverynav.coverage.x12_270 import EligibilityInquiry, Envelope, InquiryRejected, build_270, parse_270
from recoverynav.coverage.x12_271 import parse_271
from recoverynav.coverage.x12_codes import X12CodeLists, load_code_lists
from recoverynav.coverage.x12_segments import (
    DEFAULT_DELIMITERS,
    IMPLEMENTATION,
    Delimiters,
    VersionRefused,
    X12Rejected,
)

__all__ = [
    "DEFAULT_DELIMITERS",
    "IMPLEMENTATION",
    "Benefit",
    "BenefitDate",
    "BenefitSummary",
    "Delimiters",
    "EligibilityInquiry",
    "Envelope",
    "InquiryRejected",
    "Member",
    "Party",
    "PlanInfo",
    "Rejection",
    "VersionRefused",
    "X12CodeLists",
    "X12Rejected",
    "build_270",
    "decode_x12",
    "is_valid_npi",
    "load_code_lists",
    "npi_check_digit",
    "parse_270",
    "parse_271",
    "read_eligibility",
]

# --- eligibility gateway port (h-elig, #17): X12 text in, 271 text out; adapters in gateways/clearinghouse.py ---
from recoverynav.coverage.ports import (
    REAL_TIME_LIMIT_SECONDS,
    EligibilityExchange,
    EligibilityGateway,
    EligibilityTimeout,
    EligibilityUnavailable,
)

__all__ += [
    "REAL_TIME_LIMIT_SECONDS",
    "EligibilityExchange",
    "EligibilityGateway",
    "EligibilityTimeout",
    "EligibilityUnavailable",
]
