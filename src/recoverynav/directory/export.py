"""Open data out: the directory as Open Referral HSDS 3.0 tables or one flat table, with its sources' credits.

HSDS's column and file names come from the specification's own Tabular Data Package descriptor
(``hsds_datapackage.json``, trimmed to the tables written here). SAMHSA lists sites, not organisations, so each
site is one organization with one service at one location; its SAMHSA service codes are taxonomy terms
attached to the service. Ids are UUIDv5 of the site's frid, so a re-export keeps every id and a 211 loader can
update instead of duplicate.

Usage::

    for name, rows in hsds_records(facility).items(): ...
    flat_record(facility)                  # one row of the flat CSV
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any

from recoverynav.directory.codes import ServiceCode, catalogue
from recoverynav.directory.models import CONFIRM_NOTICE, FLOOR_DATASET, FLOOR_NOTICE, Facility, sources_of

Row = dict[str, str]
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:recoverynav:hsds-export")
TAXONOMY_NAME = "SAMHSA FindTreatment.gov service codes"
FRID_TYPE = "recoverynav frid (SAMHSA's facility id, or a hash of name and address)"
KIND = {"SA": "Substance use treatment", "MH": "Mental health treatment"}
NOT_LISTED_2025 = "Not in SAMHSA's 2025 directory download for its state: it may have closed or moved."
# What the flat CSV holds, in order (one row per site).
FLAT_COLUMNS: tuple[str, ...] = (
    "frid", "name", "name2", "street", "street2", "city", "state", "zip", "phone", "intake_phone", "hotline",
    "website", "latitude", "longitude", "facility_type", "service_codes", "services", "other_services", "sources",
    "state_licence", "still_listed_2025", "snapshot_year", "status",
)  # fmt: skip
# Text a spreadsheet would run as a formula (CSV injection): prefixed with ' in the flat CSV, which people open in
# spreadsheets. HSDS files are for loaders and stay exact.
_FORMULA_START = ("=", "@", "\t", "\r", "+", "-")


@cache
def hsds_descriptor() -> dict[str, Any]:
    """The HSDS 3.0 Tabular Data Package descriptor for the tables written here."""
    text = (resources.files("recoverynav.directory") / "hsds_datapackage.json").read_text(encoding="utf-8")
    descriptor: dict[str, Any] = json.loads(text)
    return descriptor


def hsds_columns() -> dict[str, tuple[str, str, tuple[str, ...]]]:
    """Table name -> (file name, primary key, column names in the specification's order)."""
    return {
        r["name"]: (r["path"], r["schema"]["primaryKey"], tuple(f["name"] for f in r["schema"]["fields"]))
        for r in hsds_descriptor()["resources"]
    }


def hsds_id(kind: str, *parts: str) -> str:
    """A stable UUID for one record: the same site always gets the same ids."""
    return str(uuid.uuid5(_NAMESPACE, "\x1f".join((kind, *parts))))


def taxonomy_records(codes: Iterable[str] | None = None) -> dict[str, list[Row]]:
    """The taxonomy of SAMHSA service codes and one term per code (all known codes unless ``codes`` is given)."""
    known = catalogue()
    wanted = sorted(set(codes)) if codes is not None else list(known)
    taxonomy_id = hsds_id("taxonomy", TAXONOMY_NAME)
    taxonomy = {
        "id": taxonomy_id,
        "name": TAXONOMY_NAME,
        "description": "Service codes of SAMHSA's treatment locator (FindTreatment.gov), e.g. BU buprenorphine.",
        "uri": "https://findtreatment.gov/",
        "version": "",
    }
    terms = [_term(known[code], taxonomy_id) for code in wanted if code in known]
    return {"taxonomy": [taxonomy], "taxonomy_term": terms}


def _term(code: ServiceCode, taxonomy_id: str) -> Row:
    return {
        "id": hsds_id("taxonomy_term", code.code),
        "code": code.code,
        "name": code.label,
        "description": f"{code.category_label}: {code.plain}",
        "parent_id": "",
        "taxonomy": TAXONOMY_NAME,
        "language": "en",
        "taxonomy_id": taxonomy_id,
        "term_uri": "",
    }


def _alert(facility: Facility) -> str:
    notes = [CONFIRM_NOTICE]
    if facility.dataset == FLOOR_DATASET:
        notes.insert(0, FLOOR_NOTICE)
    if facility.still_listed_2025 is False:
        notes.insert(0, NOT_LISTED_2025)
    return " ".join(notes)


def _licence(facility: Facility) -> str:
    lic = facility.state_licence
    if lic is None:
        return ""
    expires = f", expires {lic.expires.isoformat()}" if lic.expires else ""
    return f"{lic.state} licence {lic.number} ({lic.status}{expires}). {lic.credit}".strip()


def _source_line(facility: Facility) -> str:
    return "; ".join(f"{s.name} ({s.year})" for s in sources_of(facility))


def hsds_records(facility: Facility) -> dict[str, list[Row]]:
    """One site as HSDS rows: organization, service, location, address, phones, service_at_location, attributes."""
    frid = facility.frid
    org_id, service_id, location_id = hsds_id("organization", frid), hsds_id("service", frid), hsds_id("location", frid)
    known = catalogue()
    services = [known[c].plain for c in facility.codes if c in known]
    described = f"Services listed: {'; '.join(services)}." if services else "The sources list no services."
    records: dict[str, list[Row]] = {
        "organization": [
            {
                "id": org_id,
                "name": facility.name,
                "alternate_name": facility.name2,
                "description": f"Treatment facility listed by {_source_line(facility)}.",
                "website": facility.website,
            }
        ],
        "service": [
            {
                "id": service_id,
                "organization_id": org_id,
                "name": KIND.get(facility.facility_type, "Treatment services"),
                "description": described,
                "status": "active" if facility.status == "open" else "inactive",
                "licenses": _licence(facility),
                "alert": _alert(facility),
            }
        ],
        "location": [
            {
                "id": location_id,
                "location_type": "physical",
                "organization_id": org_id,
                "name": facility.name,
                "latitude": "" if facility.latitude is None else f"{facility.latitude:.6f}",
                "longitude": "" if facility.longitude is None else f"{facility.longitude:.6f}",
                "external_identifier": frid,
                "external_identifier_type": FRID_TYPE,
            }
        ],
        "service_at_location": [
            {"id": hsds_id("service_at_location", frid), "service_id": service_id, "location_id": location_id}
        ],
        "address": [],
        "phone": [],
        "attribute": [],
    }
    if facility.street and facility.city and facility.state and facility.zip:
        # HSDS requires address_1, city, state_province and postal_code; a site without them has a location only.
        records["address"].append(
            {
                "id": hsds_id("address", frid),
                "location_id": location_id,
                "address_1": facility.street,
                "address_2": facility.street2,
                "city": facility.city,
                "state_province": facility.state,
                "postal_code": facility.zip,
                "country": "US",
                "address_type": "physical",
            }
        )
    for kind, number in (("main", facility.phone), ("intake", facility.intake_phone), ("hotline", facility.hotline)):
        if number:
            records["phone"].append(
                {
                    "id": hsds_id("phone", frid, kind),
                    "location_id": location_id,
                    "service_id": service_id,
                    "number": number,
                    "type": "voice",
                    "description": {"main": "Main number", "intake": "Intake", "hotline": "Hotline"}[kind],
                }
            )
    for code in facility.codes:
        if code in known:
            records["attribute"].append(
                {
                    "id": hsds_id("attribute", frid, code),
                    "link_id": service_id,
                    "taxonomy_term_id": hsds_id("taxonomy_term", code),
                    "link_type": known[code].category,
                    "link_entity": "service",
                    "value": code,
                }
            )
    return records


def _cell(value: str) -> str:
    if value.startswith(_FORMULA_START) and not value.lstrip("+-").replace(" ", "")[:1].isdigit():
        return "'" + value
    return value


def flat_record(facility: Facility) -> Row:
    """One site as a row of the flat CSV (text that a spreadsheet would run as a formula is quoted with ')."""
    known = catalogue()
    row = {
        "frid": facility.frid,
        "name": facility.name,
        "name2": facility.name2,
        "street": facility.street,
        "street2": facility.street2,
        "city": facility.city,
        "state": facility.state,
        "zip": facility.zip,
        "phone": facility.phone,
        "intake_phone": facility.intake_phone,
        "hotline": facility.hotline,
        "website": facility.website,
        "latitude": "" if facility.latitude is None else f"{facility.latitude:.6f}",
        "longitude": "" if facility.longitude is None else f"{facility.longitude:.6f}",
        "facility_type": facility.facility_type,
        "service_codes": " ".join(facility.codes),
        "services": "; ".join(known[c].plain for c in facility.codes if c in known),
        "other_services": "; ".join(facility.other_services),
        "sources": _source_line(facility),
        "state_licence": _licence(facility),
        "still_listed_2025": {None: "", True: "yes", False: "no"}[facility.still_listed_2025],
        "snapshot_year": str(facility.snapshot_year),
        "status": facility.status,
    }
    return {key: _cell(value) for key, value in row.items()}


class SourceTally:
    """Counts the sites each source (name, year) contributed, and whether any licence data was used."""

    def __init__(self) -> None:
        self.sources: Counter[tuple[str, int]] = Counter()
        self.licences = 0
        self.sites = 0

    def add(self, facility: Facility) -> None:
        self.sites += 1
        for source in sources_of(facility):
            self.sources[(source.name, source.year)] += 1
        if facility.state_licence is not None:
            self.licences += 1


def attribution(tally: SourceTally, fmt: str) -> str:
    """ATTRIBUTION.md: where every fact came from, each source's licence, and the reuse terms."""
    from recoverynav.directory.importers.ca_dhcs import CREDIT, DATASET

    lines = [
        "# Sources and attribution",
        "",
        f"This export ({fmt}) holds {tally.sites:,} treatment sites from the recoverynav directory. Listings are",
        "point-in-time snapshots of their sources. " + CONFIRM_NOTICE,
        "",
        "## Sources (sites that each one lists)",
        "",
    ]
    lines += [f"- {name} ({year}): {count:,}" for (name, year), count in sorted(tally.sources.items())]
    lines += [
        "",
        "## Licences",
        "",
        "- SAMHSA treatment locator data (FindTreatment.gov, the Behavioral Health Treatment Services Locator and its",
        "  downloads and survey files) is a work of the US federal government: public domain (17 U.S.C. 105).",
        "  Credit: Source: SAMHSA, FindTreatment.gov.",
    ]
    uses_dhcs = tally.licences > 0 or any(DATASET in name or "DHCS" in name for name, _ in tally.sources)
    if uses_dhcs:
        lines += [
            f"- State licence facts for California ({tally.licences:,} sites): {CREDIT}",
            "  (https://creativecommons.org/licenses/by/4.0/; https://data.ca.gov/dataset/sud-recovery-treatment-facilities).",
            "  Reusers must keep this credit and say if they changed the data.",
        ]
    if fmt == "hsds":
        lines += [
            "- The file layout follows the Human Services Data Specification (HSDS) 3.0 by Open Referral",
            "  (https://docs.openreferral.org), CC BY-SA 4.0; datapackage.json is the specification's descriptor,",
            "  trimmed to the tables written here.",
        ]
    lines += ["", "Exported by recoverynav. Not medical advice.", ""]
    return "\n".join(lines)
