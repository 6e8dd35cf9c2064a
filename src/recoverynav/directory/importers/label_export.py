"""The locator's flattened label export: one JSON object per program, services as labels joined by "; ".

Fields: ``name, city, state, zip, phone, website, latitude, longitude, residential_services, all_services``.
There is no street and no ``frid``, so a site's id hashes its name, city, state, ZIP and phone (the phone
stands in for the street: one operator often runs several programs in one ZIP).
"""

from __future__ import annotations

from typing import Any

from recoverynav.directory.codes import codes_for_labels
from recoverynav.directory.importers.locator import real_phone
from recoverynav.directory.importers.records import Batch, coordinate, missing_location, stable_frid, text, zip_code

SOURCE = "SAMHSA FindTreatment.gov locator export (flattened)"
DATASET = "locator-export"
COLUMNS = {"codes": "all_services", "other_services": "all_services"}


def facility_type_from_codes(codes: list[str]) -> str:
    """The export has no facility type; its type-of-care answers (SA substance use, MH mental health) give it."""
    kinds = [kind for kind in ("SA", "MH") if kind in codes]
    return kinds[0] if len(kinds) == 1 else ""


def add_rows(payload: Any, batch: Batch) -> None:
    """Validate and add every program of the export."""
    if not isinstance(payload, list):
        batch.error(0, "file", "expected a JSON list of {name, city, state, zip, ..., all_services}")
        return
    for number, raw in enumerate(payload, start=1):
        batch.count_row()
        if not isinstance(raw, dict):
            batch.error(number, "row", "expected an object with name, latitude, longitude, all_services")
            continue
        services = raw.get("all_services")
        if services is not None and not isinstance(services, str):
            batch.error(number, "all_services", "expected labels joined by '; '")
            services = ""
        labels = [label for label in (services or "").split("; ") if label.strip()]
        codes, other = codes_for_labels(labels)
        values: dict[str, Any] = {
            "name": text(raw.get("name")),
            "city": text(raw.get("city")),
            "state": text(raw.get("state")).upper(),
            "zip": zip_code(batch, number, "zip", raw.get("zip")),
            "phone": real_phone(raw.get("phone")),
            "website": text(raw.get("website")),
            "latitude": coordinate(batch, number, "latitude", raw.get("latitude")),
            "longitude": coordinate(batch, number, "longitude", raw.get("longitude")),
            "facility_type": facility_type_from_codes(codes),
            "codes": codes,
            "other_services": sorted(set(other)),
        }
        values["frid"] = stable_frid(
            values["name"], "", "", "", values["city"], values["state"], values["zip"], values["phone"]
        )
        missing_location(batch, number, values)
        batch.add(number, values, COLUMNS)
