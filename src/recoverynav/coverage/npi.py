"""The National Provider Identifier's check digit (Luhn, as if prefixed by 80840), per CMS's NPI standard.

Usage::

    is_valid_npi("1234567893")     # True
    npi_check_digit("123456789")   # 3
"""

from __future__ import annotations

__all__ = ["NPI_PREFIX", "is_valid_npi", "npi_check_digit"]

# 80 = health applications, 840 = United States: the card-issuer prefix the check digit always assumes
# (source: cms-npi-check-digit).
NPI_PREFIX = "80840"


def npi_check_digit(first_nine: str) -> int:
    """The check digit for the first nine digits of an NPI (Luhn "double-add-double" over 80840 + the nine)."""
    if len(first_nine) != 9 or not first_nine.isascii() or not first_nine.isdigit():
        raise ValueError("an NPI's first part is nine digits")
    total = 0
    # Doubling starts at the rightmost digit of the number the check digit will be appended to.
    for place, char in enumerate(reversed(NPI_PREFIX + first_nine)):
        digit = int(char)
        if place % 2 == 0:
            digit *= 2
            digit = digit - 9 if digit > 9 else digit
        total += digit
    return (10 - total % 10) % 10


def is_valid_npi(npi: str) -> bool:
    """True for ten digits whose last is the NPI check digit of the first nine."""
    if len(npi) != 10 or not npi.isascii() or not npi.isdigit():
        return False
    return npi_check_digit(npi[:9]) == int(npi[9])
