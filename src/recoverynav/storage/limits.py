"""What a row must satisfy to be written, read from the SQLAlchemy table itself (never a second list).

Both backends get the strictest rule either has: PostgreSQL's lengths, its 32-bit INTEGER and its refusal of
NUL in text, and UTF-8 (which cannot hold a lone surrogate). So a file SQLite would take and PostgreSQL would
crash on is refused the same way, with the field named, on both.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from sqlalchemy import BigInteger, Integer, SmallInteger, String, Table

from recoverynav.errors import InputRejected

_INT_BITS = ((SmallInteger, 16), (BigInteger, 64), (Integer, 32))


class StorageRejected(InputRejected):
    """Rows that do not fit the database's columns; nothing was written."""


def row_problems(table: Table, row: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(column, problem) for every value in ``row`` that ``table`` cannot hold as it is."""
    found: list[tuple[str, str]] = []
    for column in table.columns:
        if column.name not in row or row[column.name] is None:
            continue
        problem = _value_problem(column.type, row[column.name])
        if problem:
            found.append((column.name, problem))
    return found


def _value_problem(kind: Any, value: Any) -> str:
    if isinstance(value, str):
        if "\x00" in value:
            return "holds a NUL character (U+0000), which the database cannot store; remove it"
        if any("\ud800" <= char <= "\udfff" for char in value):
            return "holds a lone UTF-16 surrogate, which is not text; fix the file's encoding"
        length = getattr(kind, "length", None)
        if isinstance(kind, String) and length is not None and len(value) > length:
            return f"{len(value)} characters; the database holds at most {length}: shorten it"
    elif isinstance(value, bool):
        return ""
    elif isinstance(value, int):
        bits = next((bits for type_, bits in _INT_BITS if isinstance(kind, type_)), 64)
        if not -(2 ** (bits - 1)) <= value < 2 ** (bits - 1):
            return f"{value} is out of the database's range for this number"
    elif isinstance(value, float) and not math.isfinite(value):
        return f"{value} is not a finite number"
    return ""
