"""The project's single bibliography: every capability cites a reference by its id.

Usage::

    from recoverynav.references import get_reference
    get_reference("leung-2006-baclofen-overdose").title
"""

from __future__ import annotations

from recoverynav.references.catalog import (
    UnknownReferenceError,
    all_references,
    check_ids,
    get_reference,
    resolve,
)
from recoverynav.references.models import Reference

__all__ = [
    "Reference",
    "UnknownReferenceError",
    "all_references",
    "check_ids",
    "get_reference",
    "resolve",
]
