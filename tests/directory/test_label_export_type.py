"""The flattened export has no facility type: a single type-of-care answer supplies it."""

from __future__ import annotations

import pytest

from recoverynav.directory.importers.label_export import facility_type_from_codes


@pytest.mark.parametrize(
    ("codes", "expected"),
    [(["SA", "RES", "MD"], "SA"), (["MH", "OP"], "MH"), (["SA", "MH"], ""), (["RES"], "")],
)
def test_type_comes_from_one_type_of_care_code(codes: list[str], expected: str) -> None:
    assert facility_type_from_codes(codes) == expected
