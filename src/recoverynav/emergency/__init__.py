"""Overdose recognition, bystander first aid and emergency numbers by country.

Usage::

    from recoverynav.emergency import contacts_for, first_aid_steps
    contacts_for("US").emergency_number     # "911"
    first_aid_steps(["unresponsive", "not_breathing"], ["baclofen"]).actions[:2]   # ["call_emergency", "cpr"]
"""

from __future__ import annotations

from recoverynav.emergency.models import ACTION_IDS, SIGN_IDS, FirstAid, Sign, Step, SubstanceMatch
from recoverynav.emergency.numbers import CountryContacts, UnknownCountryError, all_contacts, contacts_for
from recoverynav.emergency.protocol import (
    UnknownSignError,
    first_aid_steps,
    load_protocol,
    match_substance,
    validate_signs,
)

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
    "contacts_for",
    "first_aid_steps",
    "load_protocol",
    "match_substance",
    "validate_signs",
]
