"""The NPI check digit: Luhn over 80840 + the first nine digits."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recoverynav.coverage import is_valid_npi, npi_check_digit


@pytest.mark.parametrize(("first_nine", "digit"), [("123456789", 3), ("155859879", 7), ("199999998", 4)])
def test_known_check_digits(first_nine: str, digit: int) -> None:
    assert npi_check_digit(first_nine) == digit


@given(st.text("0123456789", min_size=9, max_size=9), st.integers(0, 9))
def test_exactly_one_check_digit_fits(first_nine: str, digit: int) -> None:
    assert is_valid_npi(first_nine + str(digit)) is (digit == npi_check_digit(first_nine))


@given(st.text("0123456789", min_size=9, max_size=9), st.integers(0, 8), st.integers(1, 9))
def test_a_single_wrong_digit_is_caught(first_nine: str, place: int, change: int) -> None:
    npi = first_nine + str(npi_check_digit(first_nine))
    wrong = npi[:place] + str((int(npi[place]) + change) % 10) + npi[place + 1 :]
    assert not is_valid_npi(wrong)
