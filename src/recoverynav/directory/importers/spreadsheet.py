"""The directory's spreadsheet download (``FindTreament_Facility_listing_YYYY_MM_DD_hhmmss.csv``).

One row per facility: identity columns, then one lower-case column per service code whose value is 1
(``1.0`` after a trip through pandas) or empty.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from typing import Any

from recoverynav.directory.codes import catalogue
from recoverynav.directory.importers.locator import real_phone
from recoverynav.directory.importers.records import (
    Batch,
    RowError,
    add_facility,
    samhsa_address,
    text,
)

SOURCE = "SAMHSA FindTreatment.gov directory download"
DATASET = "locator-download"
IDENTITY = (
    "frid", "name1", "name2", "street1", "street2", "city", "state", "zip", "zip4", "county", "phone",
    "intake_prompt", "intake1", "intake2", "website", "latitude", "longitude", "type_facility",
)  # fmt: skip
REQUIRED = ("name1", "city", "state", "zip", "latitude", "longitude")
_YES = {"1", "1.0", "true", "yes", "y", "x"}
_NO = {"", "0", "0.0", "false", "no", "n"}
FILE_DATE = re.compile(r"_(\d{4})_\d{2}_\d{2}(?:_\d{6})?")
# The 2025 download spells substance use "SU"; the locator (and our filter) call it SA.
_TYPES = {"SU": "SA"}
COLUMNS = {"name": "name1", "street": "street1", "intake_phone": "intake1", "facility_type": "type_facility"}


def year_from_name(name: str) -> int | None:
    """The export year from SAMHSA's file name (``..._2025_01_31_120000.csv`` -> 2025)."""
    found = FILE_DATE.search(name)
    return int(found.group(1)) if found else None


def _rows(reader: csv.DictReader[str], header: list[str]) -> Iterator[dict[str, Any]]:
    width = len(header)
    for cells in reader.reader:
        if not cells:
            continue  # DictReader skips blank lines too
        row: dict[str, Any] = dict(zip(header, cells, strict=False))
        if len(cells) > width:
            row[""] = cells[width:]
        elif len(cells) < width:
            row.update(dict.fromkeys(header[len(cells) :]))
        yield row


def add_rows(content: str, batch: Batch) -> None:
    """Validate and add every row; code columns must hold 1 or nothing."""
    reader = csv.DictReader(io.StringIO(content))
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        batch.error(0, ", ".join(missing), f"missing column(s); expected at least {', '.join(REQUIRED)}")
        return
    code_columns = [h for h in header if h and h.lower() not in IDENTITY]
    known = catalogue()
    for column in code_columns:
        if column.upper() not in known:
            batch.warnings.append(RowError(0, column, "not a code in the catalogue; kept as is"))
    # Rows keyed by the stripped names as csv.DictReader would key them (short rows padded with None, extra cells
    # under ""), built straight from the cells: re-keying a ~300-column dict per row cost more than reading it.
    for number, raw in enumerate(_rows(reader, header), start=1):
        batch.count_row()
        codes = []
        for column in code_columns:
            cell = raw.get(column)
            if not cell:
                continue
            value = text(cell).lower()
            if value in _YES:
                codes.append(column.upper())
            elif value not in _NO:
                batch.error(number, column, f"{value!r}: a service column holds 1 or nothing")
        values: dict[str, Any] = {
            **samhsa_address(batch, number, raw),
            "phone": real_phone(raw.get("phone")),
            "intake_phone": real_phone(raw.get("intake1")),
            "website": text(raw.get("website")),
            "facility_type": _TYPES.get(text(raw.get("type_facility")).upper(), text(raw.get("type_facility")).upper()),
            "codes": codes,
        }
        add_facility(batch, number, values, COLUMNS, frid=text(raw.get("frid")))
