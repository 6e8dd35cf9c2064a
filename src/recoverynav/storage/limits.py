"""What a row must satisfy to be written, read from the SQLAlchemy table itself (never a second list).

Both backends get the strictest rule either has: PostgreSQL's lengths, its 32-bit INTEGER and its refusal of
NUL in text, and UTF-8 (which cannot hold a lone surrogate). So a file SQLite would take and PostgreSQL would
crash on is refused the same way, with the field named, on both.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import BigInteger, Integer, SmallInteger, String, Table

from recoverynav.errors import InputRejected

_INT_BITS = ((SmallInteger, 16), (BigInteger, 64), (Integer, 32))
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


class StorageRejected(InputRejected):
    """Rows that do not fit the database's columns; nothing was written."""


@dataclass(frozen=True)
class _Rule:
    name: str
    length: int | None  # text columns: the most characters
    bits: int | None  # integer columns: the width PostgreSQL gives them


@cache
def _rules(table: Table) -> tuple[_Rule, ...]:
    rules = []
    for column in table.columns:
        kind = column.type
        length = getattr(kind, "length", None) if isinstance(kind, String) else None
        bits = next((bits for type_, bits in _INT_BITS if isinstance(kind, type_)), None)
        rules.append(_Rule(column.name, length, bits))
    return tuple(rules)


def row_problems(table: Table, row: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(column, problem) for every value in ``row`` that ``table`` cannot hold as it is."""
    found: list[tuple[str, str]] = []
    for rule in _rules(table):
        value = row.get(rule.name)
        if value is None:
            continue
        # The common case first (an import checks ~35 values a row): text that fits, holding nothing unstorable.
        if type(value) is str and (rule.length is None or len(value) <= rule.length) and not _UNSTORABLE.search(value):
            continue
        problem = _value_problem(rule, value)
        if problem:
            found.append((rule.name, problem))
    return found


def _value_problem(rule: _Rule, value: Any) -> str:
    if isinstance(value, str):
        bad = _UNSTORABLE.search(value)
        if bad and bad.group() == "\x00":
            return "holds a NUL character (U+0000), which the database cannot store; remove it"
        if bad:
            return "holds a lone UTF-16 surrogate, which is not text; fix the file's encoding"
        if rule.length is not None and len(value) > rule.length:
            return f"{len(value)} characters; the database holds at most {rule.length}: shorten it"
    elif isinstance(value, bool):
        return ""
    elif isinstance(value, int) and rule.bits is not None:
        if not -(2 ** (rule.bits - 1)) <= value < 2 ** (rule.bits - 1):
            return f"{value} is out of the database's range for this number"
    elif isinstance(value, float) and not math.isfinite(value):
        return f"{value} is not a finite number"
    return ""
