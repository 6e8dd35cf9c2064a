"""The substance names no monograph lists, each with similar names for the person to confirm ("did you mean …?").

Kept apart from ``signals`` (which reads the known ones): a similar name never feeds a rule, it is only offered.
"""

from __future__ import annotations

from recoverynav.knowledge import UnknownNameError, lookup
from recoverynav.placement.models import Facts, UnknownSubstance


def unknown_substances(facts: Facts) -> list[UnknownSubstance]:
    """Each name in ``facts.substances`` that no monograph lists, once, with its suggestions."""
    found: dict[str, UnknownSubstance] = {}
    for name in facts.substances:
        try:
            lookup(name)
        except UnknownNameError as exc:
            found.setdefault(name, UnknownSubstance(name=name, suggestions=exc.suggestions))
    return list(found.values())
