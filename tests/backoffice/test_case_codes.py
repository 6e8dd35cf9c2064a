"""Reference codes: read aloud safely, and every single typo or neighbour swap is caught."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recoverynav.backoffice import ReferenceRejected, new_reference, parse_reference
from recoverynav.backoffice.case_codes import ALPHABET

CODES = st.builds(lambda _: new_reference(), st.integers())


@given(CODES)
def test_a_code_parses_back_forgiving_case_and_spacing(code: str) -> None:
    assert parse_reference(code) == code
    assert parse_reference(" " + code.lower().replace("-", " ") + " ") == code
    assert not set(code.replace("-", "")) & set("01ILO")


@given(CODES, st.integers(min_value=0, max_value=7), st.sampled_from(ALPHABET))
def test_any_single_substitution_is_caught(code: str, position: int, symbol: str) -> None:
    compact = code.replace("-", "")
    typo = compact[:position] + symbol + compact[position + 1 :]
    if typo == compact:
        return
    with pytest.raises(ReferenceRejected):
        parse_reference(typo)


@given(CODES, st.integers(min_value=0, max_value=6))
def test_any_neighbour_swap_is_caught(code: str, position: int) -> None:
    compact = code.replace("-", "")
    swapped = compact[:position] + compact[position + 1] + compact[position] + compact[position + 2 :]
    if swapped == compact:
        return
    with pytest.raises(ReferenceRejected):
        parse_reference(swapped)


@pytest.mark.parametrize("text", ["", "K7M2", "K7M2-9QX4-1", "O0O0-O0O0", "<script>"])
def test_malformed_codes_name_the_format(text: str) -> None:
    with pytest.raises(ReferenceRejected, match="reference: a code is 8 characters"):
        parse_reference(text)
