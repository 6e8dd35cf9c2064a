"""California DHCS's licensed and certified SUD recovery and treatment facilities (data.ca.gov, CC BY 4.0).

One row per DHCS licence number: ``license_number, facility_name, legal_entity, address_line1, ..., phone,
setting_code, offers_detox, is_licensed, is_certified, license_expiration, license_expired,
treatment_capacity, total_capacity, ..., latitude, longitude``. An import matches each programme to a
SAMHSA listing by the same-site rule (phone, address, name with position); unmatched programmes become
listings of their own. Detox (``offers_detox``) maps to SAMHSA's DT; the setting code stays as DHCS gives
it, because DHCS publishes no definition of its codes.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from recoverynav.directory.importers.locator import real_phone
from recoverynav.directory.importers.records import Batch, RowError, add_facility, coordinate, csv_rows, text, zip_code

SOURCE = "California DHCS licensed and certified SUD programs"
DATASET = "ca-dhcs"
CREDIT = (
    "California Department of Health Care Services (DHCS), SUD Recovery Treatment Facilities, data.ca.gov, CC BY 4.0"
)
REQUIRED = (
    "license_number", "facility_name", "address_line1", "city", "state", "zip", "phone", "setting_code",
    "offers_detox", "is_licensed", "is_certified", "license_expiration", "license_expired", "total_capacity",
    "latitude", "longitude",
)  # fmt: skip
FIELD_COLUMNS = {"name": "facility_name", "street": "address_line1", "street2": "address_line2"}
_BOOL = {"true": True, "false": False, "": False, "1": True, "0": False}


def add_rows(content: str, batch: Batch) -> None:
    """Validate and add every licensed or certified programme."""
    for number, raw in csv_rows(content, batch, REQUIRED):
        flags = {name: _flag(batch, number, name, raw.get(name)) for name in _FLAGS}
        licence_number = text(raw.get("license_number"))
        if not licence_number:
            batch.error(number, "license_number", "empty; every DHCS programme has a licence number")
        values: dict[str, Any] = {
            "name": text(raw.get("facility_name")),
            "name2": text(raw.get("legal_entity")),
            "street": text(raw.get("address_line1")),
            "street2": text(raw.get("address_line2")),
            "city": text(raw.get("city")),
            "state": _california(batch, number, raw.get("state")),
            "zip": zip_code(batch, number, "zip", raw.get("zip")),
            "phone": real_phone(raw.get("phone")),
            "latitude": coordinate(batch, number, "latitude", raw.get("latitude")),
            "longitude": coordinate(batch, number, "longitude", raw.get("longitude")),
            "facility_type": "SA",
            "codes": ["DT"] if flags["offers_detox"] else [],
            "state_licence": {
                "state": "CA",
                "number": licence_number,
                "status": _status(flags),
                "expires": _expiry(batch, number, raw.get("license_expiration")),
                "capacity": _capacity(batch, number, raw.get("total_capacity")),
                "setting": text(raw.get("setting_code")),
                "detox": flags["offers_detox"],
                "credit": CREDIT,
            },
        }
        add_facility(batch, number, values, FIELD_COLUMNS, frid="ca-dhcs-" + licence_number.lower())


def _california(batch: Batch, row: int, value: Any) -> str:
    """DHCS licenses programmes in California only; its file also spells the state "C", "ca" or leaves it empty."""
    raw = text(value)
    if raw.upper() != "CA":
        batch.warnings.append(RowError(row, "state", f"{raw!r} read as CA (DHCS lists California programmes only)"))
    return "CA"


_FLAGS = ("offers_detox", "is_licensed", "is_certified", "license_expired")


def _flag(batch: Batch, row: int, column: str, value: Any) -> bool:
    raw = text(value).lower()
    if raw not in _BOOL:
        batch.error(row, column, f"{raw!r} is not true or false")
    return _BOOL.get(raw, False)


def _status(flags: dict[str, bool]) -> str:
    kinds = [kind for kind, held in (("licensed", flags["is_licensed"]), ("certified", flags["is_certified"])) if held]
    status = " and ".join(kinds) or "listed"
    return f"{status} (expired)" if flags["license_expired"] else status


def _expiry(batch: Batch, row: int, value: Any) -> date | None:
    raw = text(value)
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        batch.error(row, "license_expiration", f"{raw!r} is not a date (YYYY-MM-DD)")
        return None


def _capacity(batch: Batch, row: int, value: Any) -> int | None:
    raw = text(value)
    if not raw:
        return None
    if not raw.isdigit():
        batch.error(row, "total_capacity", f"{raw!r} is not a whole number")
        return None
    return int(raw)
