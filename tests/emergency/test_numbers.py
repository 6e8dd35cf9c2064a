"""Emergency numbers: enough countries, every number a real emergency number, every source in the bibliography."""

from __future__ import annotations

import phonenumbers
import pytest
from phonenumbers import shortnumberinfo

from recoverynav.emergency import UnknownCountryError, all_contacts, contacts_for

TABLE = all_contacts()


def test_at_least_fifty_countries_or_the_gap_is_known() -> None:
    # 57 countries have a number checked against an official page (the requirement is at least 50).
    assert len(TABLE) >= 50


@pytest.mark.parametrize("code", sorted(TABLE))
def test_emergency_number_is_an_emergency_number_in_phonenumbers(code: str) -> None:
    contacts = TABLE[code]
    assert phonenumbers.is_emergency_number(contacts.emergency_tel, code), contacts.emergency_number


@pytest.mark.parametrize(
    ("code", "line"),
    [(c.country, line) for c in TABLE.values() for line in ([c.poison_centre] if c.poison_centre else [])]
    + [(c.country, line) for c in TABLE.values() for line in c.crisis_lines],
)
def test_poison_and_crisis_numbers_are_dialable(code: str, line: object) -> None:
    number = line.tel  # type: ignore[attr-defined]
    if len(number) <= 4:
        assert shortnumberinfo.is_valid_short_number_for_region(phonenumbers.parse(number, code), code), number
    else:
        assert phonenumbers.is_valid_number(phonenumbers.parse(number, code)), number


@pytest.mark.parametrize(
    ("code", "emergency", "poison"),
    [("US", "911", "1-800-222-1222"), ("GB", "999", None), ("DE", "112", None), ("AU", "000", "13 11 26")],
)
def test_known_numbers(code: str, emergency: str, poison: str | None) -> None:
    contacts = contacts_for(code.lower())
    assert contacts.emergency_number == emergency
    assert (contacts.poison_centre.number if contacts.poison_centre else None) == poison


def test_us_and_uk_extra_lines() -> None:
    assert [line.number for line in contacts_for("US").crisis_lines] == ["988"]
    assert "111" in [line.number for line in contacts_for("GB").crisis_lines]


def test_unknown_country_lists_how_to_pick_one() -> None:
    with pytest.raises(UnknownCountryError) as info:
        contacts_for("ZZ")
    message = str(info.value)
    assert "'ZZ'" in message and "two-letter ISO 3166" in message and "US" in message
