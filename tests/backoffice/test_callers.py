"""Callers: anonymous is fine, the phone is one person whatever its punctuation, errors never repeat a value."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from recoverynav.backoffice import Caller, person_key, phone_key


@pytest.mark.parametrize("phone", ["215-555-0100", "(215) 555-0100", "+1 215 555 0100", "215.555.0100"])
def test_one_phone_in_any_punctuation_is_one_key(phone: str) -> None:
    assert phone_key(Caller(phone=phone)) == "+12155550100"


def test_names_match_whatever_their_case_and_spacing() -> None:
    born = date(1980, 5, 17)
    one = Caller(first_name="Ana  María", last_name="LÓPEZ", date_of_birth=born)
    two = Caller(first_name="ana maría", last_name=" lópez ", date_of_birth=born)
    assert person_key(one) == person_key(two) is not None
    assert person_key(Caller(first_name="Ana", last_name="López")) is None  # no birth date: no match key


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"phone": "555-01"}, "phone"),
        ({"nickname": "x", "email": "secret-not-an-address"}, "email"),
        ({"nickname": "x", "zip": "secret"}, "zip"),
        ({"nickname": "x", "date_of_birth": "2999-01-01"}, "date_of_birth"),
        ({}, None),
    ],
)
def test_bad_fields_are_named_and_never_repeated(fields: dict[str, str], field: str | None) -> None:
    with pytest.raises(ValidationError) as problem:
        Caller.model_validate(fields)
    error = problem.value.errors(include_input=False)[0]
    assert (error["loc"][0] if error["loc"] else None) == field
    assert "secret" not in error["msg"]
