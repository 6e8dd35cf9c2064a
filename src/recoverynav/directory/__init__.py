"""Find treatment: SAMHSA's facility directory — the locator's code catalogue, facilities, search.

Usage::

    from recoverynav.directory import catalogue, code_for_label
    catalogue()["BU"].plain          # "Buprenorphine"
"""

from __future__ import annotations

from recoverynav.directory.codes import (
    Category,
    ServiceCode,
    catalogue,
    categories,
    code_for_label,
    codes_for_labels,
    group_by_category,
)

__all__ = [
    "Category",
    "ServiceCode",
    "catalogue",
    "categories",
    "code_for_label",
    "codes_for_labels",
    "group_by_category",
]
