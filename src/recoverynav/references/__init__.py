"""The project's single bibliography: every capability cites a reference by its id, every face numbers them once.

Usage::

    from recoverynav.references import get_reference, cite_sources
    get_reference("leung-2006-baclofen-overdose").title
    cite_sources(["leung-2006-baclofen-overdose"]).citations[0].n   # 1

Exports load lazily, so that ``recoverynav.references.lines`` (how a terminal writes a reference) costs the
command line's fast path nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from recoverynav.lazy import lazy_exports

if TYPE_CHECKING:
    from recoverynav.references.catalog import (
        UnknownReferenceError,
        all_references,
        check_ids,
        get_reference,
        resolve,
    )
    from recoverynav.references.citations import Citation, CitedSources, cite_sources, first_use_numbers
    from recoverynav.references.lines import citation_line
    from recoverynav.references.models import Reference

_EXPORTS = {
    "UnknownReferenceError": "catalog",
    "all_references": "catalog",
    "check_ids": "catalog",
    "get_reference": "catalog",
    "resolve": "catalog",
    "Citation": "citations",
    "CitedSources": "citations",
    "cite_sources": "citations",
    "first_use_numbers": "citations",
    "citation_line": "lines",
    "Reference": "models",
}

__all__ = [
    "Citation",
    "CitedSources",
    "Reference",
    "UnknownReferenceError",
    "all_references",
    "check_ids",
    "citation_line",
    "cite_sources",
    "first_use_numbers",
    "get_reference",
    "resolve",
]


__getattr__ = lazy_exports(__name__, _EXPORTS)
