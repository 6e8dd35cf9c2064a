"""Overdose recognition, bystander first aid and emergency numbers by country.

Usage::

    from recoverynav.emergency import contacts_for
    contacts_for("US").emergency_number     # "911"
"""

from __future__ import annotations

from recoverynav.emergency.numbers import CountryContacts, UnknownCountryError, all_contacts, contacts_for

__all__ = ["CountryContacts", "UnknownCountryError", "all_contacts", "contacts_for"]
