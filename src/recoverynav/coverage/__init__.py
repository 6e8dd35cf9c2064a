"""Coverage: where a person can pay for substance use treatment, and (h-x12) X12 270/271 eligibility.

Usage::

    from recoverynav.coverage import guide_for
    guide_for("none", "TX").searches[0].query     # FinderQuery(payment="none", near="TX")
"""

from __future__ import annotations

# --- Where can I pay (h-guide, #17 item 1) ---
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

__all__ = [
    # --- Where can I pay (h-guide) ---
    "PAYMENT_TYPES",
    "FinderSearch",
    "GuideAnswer",
    "MedicaidExpansion",
    "PaymentType",
    "Statement",
    "UnknownPaymentError",
    "UnknownStateError",
    "guide_for",
    "guide_states",
    "load_guide",
    "payment_types",
]
