"""SAMHSA's 2020 list of every substance-use facility in its locator: names and addresses, nothing else.

Columns: ``name1,name2,street1,street2,city,state,zip,zip4,county,latitude,longitude``. It is the national
floor: a person anywhere sees that a listed programme exists near them, marked as a 2020 listing with no
details on file (no phone, services or payment).
"""

from __future__ import annotations

from typing import Any

from recoverynav.directory.importers.records import Batch, add_facility, csv_rows, samhsa_address
from recoverynav.directory.models import FLOOR_DATASET

SOURCE = "SAMHSA treatment locator, substance use facilities (2020 list)"
DATASET = FLOOR_DATASET
COLUMNS = ("name1", "name2", "street1", "street2", "city", "state", "zip", "zip4", "county", "latitude", "longitude")
REQUIRED = ("name1", "street1", "city", "state", "zip", "latitude", "longitude")
FIELD_COLUMNS = {"name": "name1", "street": "street1"}


def add_rows(content: str, batch: Batch) -> None:
    """Validate and add every row; every listing is a substance-use (SA) facility."""
    for number, raw in csv_rows(content, batch, REQUIRED):
        values: dict[str, Any] = {**samhsa_address(batch, number, raw), "facility_type": "SA"}
        add_facility(batch, number, values, FIELD_COLUMNS)
