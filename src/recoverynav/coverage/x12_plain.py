"""A 271 file read to JSON-ready data without pydantic, for ``recoverynav coverage parse``.

Importing pydantic and building the models cost that command more than reading the file, so it asks
:func:`eligibility_json` first: the same reader (``x12_segments``, ``x12_271``) and the same compiled code lists
(``_x12_codes.json``, read with ``json`` alone: ``scripts/build_bundle.py`` writes it from the validated YAML and a
test fails when it goes stale), giving exactly what ``BenefitSummary.model_dump(mode="json")`` gives
(tests/coverage/test_x12_plain.py holds them equal over every sample and generated variations).

Usage::

    found = eligibility_json(text)     # None: ask read_eligibility (a 270 in the file)
    found[0]["benefits"][0]["amount"]  # a float, as the model dumps it
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from recoverynav.coverage.x12_271 import plain_summaries
from recoverynav.coverage.x12_segments import read_transactions

__all__ = ["PlainCodeLists", "eligibility_json", "plain_code_lists"]

CODE_LISTS_BUNDLE = "_x12_codes.json"
CODE_LISTS_PATH = os.path.join(os.path.dirname(__file__), CODE_LISTS_BUNDLE)


@dataclass(frozen=True)
class PlainCodeLists:
    """The compiled code lists as read (the fields of :class:`~recoverynav.coverage.x12_codes.X12CodeLists`)."""

    sources: list[str]
    service_types: dict[str, str]
    substance_use: list[str]
    eligibility_codes: dict[str, str]
    active_codes: list[str]
    inactive_codes: list[str]
    coverage_levels: dict[str, str]
    insurance_types: dict[str, str]
    time_periods: dict[str, str]
    quantity_qualifiers: dict[str, str]
    reject_reasons: dict[str, str]
    follow_up_actions: dict[str, str]
    date_qualifiers: dict[str, str]


@cache
def plain_code_lists() -> PlainCodeLists:
    """``_x12_codes.json`` with ``json`` only (a field missing or extra raises ``TypeError``)."""
    with open(CODE_LISTS_PATH, encoding="utf-8") as fh:
        return PlainCodeLists(**json.load(fh))


class _Unusual(Exception):
    """A value the plain conversion does not write as pydantic would: the caller takes the full path."""


def _jsonable(value: Any) -> Any:
    """``value`` as ``model_dump(mode="json")`` writes it: dates ISO, decimals as floats (``Money``)."""
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    if isinstance(value, Decimal):
        return float(value)  # ``Money``'s serializer (the reader refuses amounts a float cannot hold)
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None or isinstance(value, (str, bool)):
        return value
    raise _Unusual  # a type the models may write otherwise


def eligibility_json(text: str) -> list[dict[str, Any]] | None:
    """Every 271 summary in ``text`` as JSON-ready dicts, or None when the file needs the full path (a 270 in it,
    or a value of a type the plain conversion does not know).

    A file that cannot be read raises what :func:`~recoverynav.coverage.read_eligibility` raises (the same
    :class:`~recoverynav.coverage.X12Rejected`, from the same reader).
    """
    transactions = read_transactions(text)
    if any(t.set_id != "271" for t in transactions):
        return None
    codes = plain_code_lists()
    try:
        return [_jsonable(s) for t in transactions for s in plain_summaries(t, codes)]
    except _Unusual:
        return None
