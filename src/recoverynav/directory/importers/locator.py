"""The locator's listing JSON: ``{page, totalPages, recordCount, rows: [{frid, name1, ..., services}]}``.

Each row's ``services`` is a list of ``{f1: category name, f2: category code, f3: labels joined by "; "}``;
labels become service codes through the catalogue's explicit label tables (every survey vintage).
"""

from __future__ import annotations

import re
from typing import Any

from recoverynav.directory.codes import codes_for_labels
from recoverynav.directory.importers.records import (
    Batch,
    add_facility,
    samhsa_address,
    text,
)

SOURCE = "SAMHSA FindTreatment.gov locator API"
DATASET = "locator"

COLUMNS = {
    "name": "name1",
    "street": "street1",
    "intake_phone": "intake1",
    "hotline": "hotline1",
    "facility_type": "typeFacility",
    "codes": "services",
}


def rows_of(payload: Any, batch: Batch) -> list[Any]:
    """The ``rows`` list of a listing envelope (or a bare list of rows); a file-level error otherwise."""
    if isinstance(payload, list):
        return payload
    if isinstance(payload, dict) and isinstance(payload.get("rows"), list):
        return list(payload["rows"])
    batch.error(0, "rows", "expected the locator envelope {page, totalPages, recordCount, rows: [...]}")
    return []


def add_rows(rows: list[Any], batch: Batch, first_row: int = 1) -> None:
    """Validate and add each listing row; ``first_row`` numbers rows across pages of a sync."""
    for offset, raw in enumerate(rows):
        number = first_row + offset
        batch.count_row()
        if not isinstance(raw, dict):
            batch.error(number, "row", "expected an object with frid, name1, latitude, longitude, services")
            continue
        codes, other = _services(raw.get("services"), batch, number)
        values: dict[str, Any] = {
            **samhsa_address(batch, number, raw),
            "phone": real_phone(raw.get("phone")),
            "intake_phone": real_phone(raw.get("intake1")),
            "hotline": real_phone(raw.get("hotline1")),
            "website": text(raw.get("website")),
            "facility_type": text(raw.get("typeFacility") or raw.get("type_facility")).upper(),
            "codes": codes,
            "other_services": other,
        }
        add_facility(batch, number, values, COLUMNS, frid=text(raw.get("frid")))


def _services(services: Any, batch: Batch, row: int) -> tuple[list[str], list[str]]:
    if services is None:
        return [], []  # the live API sends null for facilities without service answers
    if not isinstance(services, list):
        batch.error(row, "services", "expected a list of {f1, f2, f3}")
        return [], []
    codes: set[str] = set()
    other: list[str] = []
    for entry in services:
        if not isinstance(entry, dict) or not isinstance(entry.get("f3", ""), str):
            batch.error(row, "services", "each service needs f1 (category), f2 (code) and f3 (labels)")
            continue
        labels = [label for label in (entry.get("f3") or "").split("; ") if label.strip()]
        found, unknown = codes_for_labels(labels, category=text(entry.get("f2")) or None)
        codes.update(found)
        other += unknown
    return sorted(codes), other


def real_phone(value: Any) -> str:
    """A phone number as listed, or empty for placeholders like "(999) 999-9999" that no one answers."""
    raw = text(value)
    digits = re.sub(r"\D", "", raw)
    if len(set(digits[:10])) <= 1:
        return ""
    return raw
