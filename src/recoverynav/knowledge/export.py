"""A monograph as plain JSON-ready data, with its references numbered in order of first citation."""

from __future__ import annotations

from typing import Any

from recoverynav.knowledge.models import Substance
from recoverynav.references import cite_sources


def entry_json(substance: Substance) -> dict[str, Any]:
    """The monograph with keys ``id``, ``names``, ``classes``, ``identifiers``, ``sections``, ``withdrawal_risk``
    (its row of the withdrawal table, or None) and ``references``."""
    from recoverynav.knowledge.withdrawal import withdrawal_for

    data = substance.model_dump(mode="json")
    row = withdrawal_for(substance)
    data["withdrawal_risk"] = row.model_dump(mode="json") if row else None
    ids = [*substance.source_ids(), *(row.sources if row else ())]
    data["references"] = [c.model_dump(mode="json") for c in cite_sources(ids).citations]
    return data
