"""SAMHSA's medication-for-opioid-use-disorder provider listings (cleaned by OEPS, GeoDa Center), as CSV.

Columns: ``name1,name2,street1,street2,city,state,zip,zip4,category,countyGEOID,countyName,source,
latitude,longitude``. One row per (site, medication); rows of the same site merge into one facility.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from recoverynav.directory.importers.records import Batch, add_facility, samhsa_address, text

SOURCE = "SAMHSA MOUD provider listings (via OEPS, GeoDa Center)"
DATASET = "moud"
REQUIRED = ("name1", "street1", "city", "state", "zip", "category", "latitude", "longitude")

# Methadone for opioid use disorder is dispensed only by certified opioid treatment programs (42 CFR 8),
# so a methadone listing is also an OTP; the locator filters methadone with METH. A buprenorphine listing is a
# practitioner or facility that prescribes it (UB, "Prescribes buprenorphine"); BU alone, which the survey also
# sets for facilities that only accept clients medicated elsewhere, would leave the medication sign unanswered.
# A naltrexone listing does not say whether for opioids or alcohol, so it stays NU (inconclusive alone).
CATEGORY_CODES: dict[str, tuple[str, ...]] = {
    "buprenorphine": ("BU", "UB"),
    "methadone": ("METH", "MU", "OTP"),
    "naltrexone": ("NU",),
    "naltrexone/vivitrol": ("NU",),
}
COLUMNS = {"name": "name1", "street": "street1", "codes": "category"}


def add_rows(content: str, batch: Batch) -> None:
    """Validate and add every row; a missing column is one file-level error."""
    reader = csv.DictReader(io.StringIO(content))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        batch.error(0, ", ".join(missing), f"missing column(s); expected {', '.join(REQUIRED)}")
        return
    for number, raw in enumerate(reader, start=1):
        batch.count_row()
        category = text(raw.get("category")).lower()
        if category not in CATEGORY_CODES:
            batch.error(number, "category", f"{category!r} is not one of {', '.join(sorted(CATEGORY_CODES))}")
            continue
        values: dict[str, Any] = {
            **samhsa_address(batch, number, raw),
            "codes": list(CATEGORY_CODES[category]),
        }
        add_facility(batch, number, values, COLUMNS)
