"""Coverage (#17): where a person can pay, X12 270/271, and the real-time eligibility gateway port.

Pure: no HTTP, storage or terminal output. Gateways (``recoverynav.gateways.clearinghouse``) implement
:class:`EligibilityGateway`.
"""

from __future__ import annotations

# --- eligibility gateway port (h-elig) ---
from recoverynav.coverage.ports import (
    REAL_TIME_LIMIT_SECONDS,
    EligibilityExchange,
    EligibilityGateway,
    EligibilityTimeout,
    EligibilityUnavailable,
)

__all__ = [
    # --- eligibility gateway port (h-elig) ---
    "REAL_TIME_LIMIT_SECONDS",
    "EligibilityExchange",
    "EligibilityGateway",
    "EligibilityTimeout",
    "EligibilityUnavailable",
]
