"""Cited substance monographs: names, brands, street names, misspellings, classes, sections.

Usage::

    from recoverynav.knowledge import lookup, entry_json
    found = lookup("baclophen")        # a misspelling the monograph lists: found.corrected is True
    lookup("baclofem")                 # not listed: UnknownNameError, suggestions ["baclofen"]
    entry_json(found.substance)["references"][0]["title"]

Exports load lazily, so that ``recoverynav.knowledge.bundle`` (the command line's fast path)
does not pay for pydantic.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from recoverynav.knowledge.bundle import (
        class_labels,
        find_entry,
        load_bundle,
        load_entry,
        load_names,
        translated_entry,
    )
    from recoverynav.knowledge.catalog import (
        Catalog,
        Lookup,
        get_substance,
        load_catalog,
        lookup,
        members_of,
        search,
    )
    from recoverynav.knowledge.export import entry_json
    from recoverynav.knowledge.models import SECTION_IDS, SECTION_TITLES, Statement, Substance
    from recoverynav.knowledge.names import UnknownNameError, heading_case, normalize
    from recoverynav.knowledge.withdrawal import (
        WithdrawalRisk,
        withdrawal_for,
        withdrawal_risk,
        withdrawal_table,
    )

_EXPORTS = {
    "Catalog": "catalog",
    "Lookup": "catalog",
    "get_substance": "catalog",
    "load_catalog": "catalog",
    "lookup": "catalog",
    "members_of": "catalog",
    "search": "catalog",
    "entry_json": "export",
    "SECTION_IDS": "models",
    "SECTION_TITLES": "models",
    "Statement": "models",
    "Substance": "models",
    "UnknownNameError": "names",
    "heading_case": "names",
    "normalize": "names",
    "class_labels": "bundle",
    "find_entry": "bundle",
    "load_bundle": "bundle",
    "load_entry": "bundle",
    "load_names": "bundle",
    "translated_entry": "bundle",
    "WithdrawalRisk": "withdrawal",
    "withdrawal_for": "withdrawal",
    "withdrawal_risk": "withdrawal",
    "withdrawal_table": "withdrawal",
}

__all__ = [
    "SECTION_IDS",
    "SECTION_TITLES",
    "Catalog",
    "Lookup",
    "Statement",
    "Substance",
    "UnknownNameError",
    "WithdrawalRisk",
    "class_labels",
    "entry_json",
    "find_entry",
    "get_substance",
    "heading_case",
    "load_bundle",
    "load_catalog",
    "load_entry",
    "load_names",
    "lookup",
    "members_of",
    "normalize",
    "search",
    "translated_entry",
    "withdrawal_for",
    "withdrawal_risk",
    "withdrawal_table",
]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(f"recoverynav.knowledge.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module 'recoverynav.knowledge' has no attribute {name!r}")
