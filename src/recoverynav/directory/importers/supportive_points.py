"""Which substance-use facilities SAMHSA's national export of 2025-08-19 still lists: name and point only.

Columns: ``name1,type_facility,longitude,latitude``, one row per facility that offered at least one
supportive service (housing, peer support, case management, telehealth, mental health, transportation).
These rows are not listings of their own (no address, no phone): an import matches each to a stored site by
name and position (``directory.importers.merging``), which marks that site as still listed in 2025.
"""

from __future__ import annotations

from typing import Any

from recoverynav.directory.importers.records import Batch, add_facility, coordinate, csv_rows, stable_frid, text

SOURCE = "SAMHSA FindTreatment.gov national export (facilities with supportive services)"
DATASET = "samhsa-supportive-2025"
REQUIRED = ("name1", "type_facility", "longitude", "latitude")
FIELD_COLUMNS = {"name": "name1", "facility_type": "type_facility"}
_TYPES = {"SU": "SA", "SA": "SA", "MH": "MH"}


def add_rows(content: str, batch: Batch) -> None:
    """Validate and add every point."""
    for number, raw in csv_rows(content, batch, REQUIRED):
        kind = text(raw.get("type_facility")).upper()
        if kind not in _TYPES:
            batch.error(number, "type_facility", f"{kind!r} is not SU or MH")
        values: dict[str, Any] = {
            "name": text(raw.get("name1")),
            "facility_type": _TYPES.get(kind, ""),
            "latitude": coordinate(batch, number, "latitude", raw.get("latitude")),
            "longitude": coordinate(batch, number, "longitude", raw.get("longitude")),
        }
        # Name and point are all a row has, so they are its identity.
        point = (str(values["latitude"]), str(values["longitude"]))
        add_facility(batch, number, values, FIELD_COLUMNS, frid=stable_frid(values["name"], *point))
