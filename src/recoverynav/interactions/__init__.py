"""Combination risk: what happens when substances are taken together.

Usage::

    from recoverynav.interactions import check
    report = check(["baclofen", "alcohol"])
    report.highest_severity                 # Severity.MAJOR
    [f.mechanism for f in report.findings]  # ["additive CNS and respiratory depression"]

Rules are cited data (``rules.yaml``); TripSit's combo chart (ISC, credit "TripSit (tripsit.me), TripSit/drugs")
is a secondary, attributed signal.
"""

from __future__ import annotations

from recoverynav.interactions.engine import UnknownNamesError, check_combination, load_engine
from recoverynav.interactions.models import (
    SEVERITY_ORDER,
    CombinationReport,
    Finding,
    ResolvedSubstance,
    Severity,
    UnknownName,
    UrgentAdvice,
)
from recoverynav.interactions.rulebook import load_rulebook

check = check_combination

__all__ = [
    "SEVERITY_ORDER",
    "CombinationReport",
    "Finding",
    "ResolvedSubstance",
    "Severity",
    "UnknownName",
    "UnknownNamesError",
    "UrgentAdvice",
    "check",
    "check_combination",
    "load_engine",
    "load_rulebook",
]
