"""Overdose recognition, bystander first aid and emergency numbers by country.

Usage::

    from recoverynav.emergency import contacts_for, first_aid_steps
    contacts_for("US").emergency_number     # "911"
    first_aid_steps(["unresponsive", "not_breathing"], ["baclofen"]).actions[:2]   # ["call_emergency", "cpr"]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from recoverynav.lazy import lazy_exports

if TYPE_CHECKING:
    from recoverynav.emergency.bundle import compiled_countries, compiled_first_aid, compiled_reference
    from recoverynav.emergency.models import Sign
    from recoverynav.emergency.numbers import CountryContacts, UnknownCountryError, all_contacts, contacts_for
    from recoverynav.emergency.protocol import (
        UnknownSignError,
        first_aid_steps,
        load_protocol,
        match_substance,
        validate_signs,
    )
    from recoverynav.emergency.results import ACTION_IDS, SIGN_IDS, FirstAid, Step, SubstanceMatch

# Exports load on first use (PEP 562), so that ``recoverynav overdose``'s fast path (``results`` and ``protocol``
# over compiled data) never imports pydantic or the YAML.
_EXPORTS = {
    "ACTION_IDS": "results",
    "SIGN_IDS": "results",
    "FirstAid": "results",
    "Step": "results",
    "SubstanceMatch": "results",
    "Sign": "models",
    "CountryContacts": "numbers",
    "UnknownCountryError": "numbers",
    "all_contacts": "numbers",
    "contacts_for": "numbers",
    "UnknownSignError": "protocol",
    "first_aid_steps": "protocol",
    "load_protocol": "protocol",
    "match_substance": "protocol",
    "validate_signs": "protocol",
    "compiled_countries": "bundle",
    "compiled_first_aid": "bundle",
    "compiled_reference": "bundle",
}


__getattr__ = lazy_exports(__name__, _EXPORTS)


__all__ = [
    "ACTION_IDS",
    "SIGN_IDS",
    "CountryContacts",
    "FirstAid",
    "Sign",
    "Step",
    "SubstanceMatch",
    "UnknownCountryError",
    "UnknownSignError",
    "all_contacts",
    "compiled_countries",
    "compiled_first_aid",
    "compiled_reference",
    "contacts_for",
    "first_aid_steps",
    "load_protocol",
    "match_substance",
    "validate_signs",
]
