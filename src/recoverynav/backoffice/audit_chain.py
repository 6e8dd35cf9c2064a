"""The audit trail's hash chain as plain data: the one definition of a row's hash and of a chain that holds.

:mod:`recoverynav.backoffice.audit` (the typed events, :func:`~recoverynav.backoffice.audit.verify_chain`) and the
command line's read-only ``audit verify`` (``cli/quickstaff.py``, which reads the SQLite file with the standard
library) both call these functions, so the two cannot disagree on what a valid trail is. Standard library only.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

GENESIS_HASH = "0" * 64
# An event's fields, in the order AuditEvent declares them (the hash sorts its keys, so order is not hashed).
EVENT_FIELDS = ("actor", "action", "record_type", "record_id", "source", "reason", "outcome")


class ChainRow(NamedTuple):
    """One stored row: its place, its time text, the event's fields, and the two hashes."""

    seq: int
    at: str
    fields: Mapping[str, Any]
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class ChainWalk:
    """How many rows held, the first one that does not (None: all hold) and why, and the last good hash."""

    count: int
    broken_seq: int | None
    problem: str | None
    head_hash: str


def chain_hash(seq: int, at: str, fields: Mapping[str, Any], prev_hash: str) -> str:
    """SHA-256 (hex) over ``prev_hash`` and the row's canonical JSON (sorted keys, no spaces, UTF-8)."""
    body = {"seq": seq, "at": at, **fields}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(prev_hash.encode("ascii") + b"\n" + canonical.encode("utf-8")).hexdigest()


def walk_chain(rows: Iterable[ChainRow]) -> ChainWalk:
    """Walk the rows in ``seq`` order: each must follow the last, point at its hash and hash to what it says."""
    count, expected_seq, prev_hash = 0, 1, GENESIS_HASH
    for row in rows:
        problem = None
        if row.seq != expected_seq:
            problem = f"expected event {expected_seq} next, found {row.seq} (a row was removed or inserted)"
        elif row.prev_hash != prev_hash:
            problem = "its prev_hash is not the hash of the event before it"
        elif chain_hash(row.seq, row.at, row.fields, row.prev_hash) != row.hash:
            problem = "its contents do not match its hash (the row was changed)"
        if problem is not None:
            return ChainWalk(count, min(row.seq, expected_seq), problem, prev_hash)
        count, expected_seq, prev_hash = count + 1, row.seq + 1, row.hash
    return ChainWalk(count, None, None, prev_hash)
