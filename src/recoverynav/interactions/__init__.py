"""Combination risk: what happens when substances are taken together.

Usage::

    from recoverynav.interactions import check
    report = check(["baclofen", "alcohol"])
    report.highest_severity                 # Severity.MAJOR
    [f.mechanism for f in report.findings]  # ["additive CNS and respiratory depression"]

Rules are cited data (``rules.yaml``); TripSit's combo chart (ISC, credit "TripSit (tripsit.me), TripSit/drugs")
is a secondary, attributed signal.

Exports load lazily, so that ``recoverynav.interactions.bundle`` (the command line's fast path) does not pay for
pydantic.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from recoverynav.interactions.bundle import check_json, emergency_numbers
    from recoverynav.interactions.engine import check_combination, load_engine
    from recoverynav.interactions.errors import UnknownNamesError
    from recoverynav.interactions.models import (
        SEVERITY_ORDER,
        CombinationReport,
        Finding,
        ResolvedSubstance,
        Severity,
        UnknownName,
        UrgentAdvice,
    )
    from recoverynav.interactions.rulebook import Words, load_rulebook, load_words

    check = check_combination

_EXPORTS = {
    "SEVERITY_ORDER": "models",
    "CombinationReport": "models",
    "Finding": "models",
    "ResolvedSubstance": "models",
    "Severity": "models",
    "UnknownName": "models",
    "UrgentAdvice": "models",
    "UnknownNamesError": "errors",
    "check_json": "bundle",
    "emergency_numbers": "bundle",
    "check_combination": "engine",
    "load_engine": "engine",
    "load_rulebook": "rulebook",
    "load_words": "rulebook",
    "Words": "rulebook",
}

__all__ = [
    "SEVERITY_ORDER",
    "CombinationReport",
    "Finding",
    "ResolvedSubstance",
    "Severity",
    "UnknownName",
    "UnknownNamesError",
    "UrgentAdvice",
    "Words",
    "check",
    "check_combination",
    "check_json",
    "emergency_numbers",
    "load_engine",
    "load_rulebook",
    "load_words",
]


def __getattr__(name: str) -> Any:
    if name == "check":
        name = "check_combination"
    if name in _EXPORTS:
        return getattr(import_module(f"recoverynav.interactions.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module 'recoverynav.interactions' has no attribute {name!r}")
