"""The importers for SAMHSA's 2020 list, the 2025 MA download, the 2025 points and California DHCS licensing."""

from __future__ import annotations

import datetime
import io

import pytest

from recoverynav.directory.bundled import BUNDLED, bundled_bytes
from recoverynav.directory.importers import ImportRejected, detect_format, import_bytes, parse_bytes
from recoverynav.directory.models import FLOOR_DATASET, FLOOR_NOTICE, FacilityHit, sources_of
from recoverynav.storage import SqlFacilityRepository

DHCS_HEADER = (
    "license_number,facility_name,legal_entity,address_line1,address_line2,additional_locations,city,state,zip,"
    "county,county_code,phone,setting_code,offers_detox,is_licensed,is_certified,license_expiration,"
    "license_expired,treatment_capacity,total_capacity,target_population_code,target_population,"
    "incidental_medical_services,adolescent_waiver,latitude,longitude\n"
)


def _head(name: str, lines: int) -> str:
    return "".join(io.StringIO(bundled_bytes(name).decode("utf-8-sig")).readlines()[:lines])


@pytest.mark.parametrize(("name", "fmt", "dataset"), BUNDLED)
def test_every_bundled_file_is_recognised_by_its_content(name: str, fmt: str, dataset: str) -> None:
    assert detect_format("upload.bin", bundled_bytes(name).decode("utf-8-sig")[:4000]) == fmt


def test_the_ma_download_strips_its_padded_first_header_and_maps_su_codes() -> None:
    name = "samhsa_ma_facility_listing_2025-08-19.csv.gz"
    assert _head(name, 1).startswith("    name1,")
    batch, fmt = parse_bytes(bundled_bytes(name), name.removesuffix(".gz"), fmt="spreadsheet")
    assert (fmt, batch.errors, batch.provenance.snapshot_year) == ("spreadsheet", [], 2025)
    assert all(f.name for f in batch.facilities)
    # The download spells substance use "SU"; the search filter knows it as SA.
    assert {f.facility_type for f in batch.facilities} == {"SA", "MH"}
    assert any("DT" in f.codes and f.city == "Worcester" for f in batch.facilities)


def test_the_2020_list_is_the_floor_with_names_and_addresses_only() -> None:
    name = "samhsa_us_su_facilities_2020-04.csv.gz"
    batch, _ = parse_bytes(bundled_bytes(name), name.removesuffix(".gz"), fmt="facility-list")
    assert not batch.errors and batch.rows == 14034
    first = batch.facilities[0]
    assert (first.dataset, first.snapshot_year, first.facility_type, first.phone, first.codes) == (
        FLOOR_DATASET,
        2020,
        "SA",
        "",
        [],
    )
    assert FacilityHit.model_validate(first.model_dump()).notice == FLOOR_NOTICE


def test_dhcs_rows_map_detox_licence_status_expiry_and_capacity() -> None:
    rows = (
        '010001AN,CHRYSALIS,"HORIZON SERVICES, INC",3837 TELEGRAPH AVENUE,,,OAKLAND,C,94609,Alameda County,01,'
        "(510) 450-1190,RES,true,true,true,2027-10-31,false,20,20,1.3,WOMEN ONLY,false,false,37.827325,-122.264974\n"
        "010002AN,OUTPATIENT ONE,X,1 MAIN ST,,,OAKLAND,CA,94609,Alameda County,01,"
        "(510) 450-1191,NON,false,false,true,2025-01-31,true,0,0,1.1,CO-ED,false,false,37.9,-122.3\n"
    )
    batch, fmt = parse_bytes((DHCS_HEADER + rows).encode(), "dhcs.csv")
    assert fmt == "ca-dhcs" and not batch.errors
    detox, outpatient = batch.facilities
    assert detox.codes == ["DT"] and detox.state == "CA" and detox.frid == "ca-dhcs-010001an"
    assert detox.state_licence is not None and outpatient.state_licence is not None
    assert (detox.state_licence.number, detox.state_licence.status, detox.state_licence.capacity) == (
        "010001AN",
        "licensed and certified",
        20,
    )
    assert detox.state_licence.expires == datetime.date(2027, 10, 31) and detox.state_licence.detox
    assert "CC BY 4.0" in detox.state_licence.credit
    assert outpatient.codes == [] and outpatient.state_licence.status == "certified (expired)"
    assert [(w.row, w.field) for w in batch.warnings] == [(1, "state")]


_GOOD = {
    "license_number": "1", "facility_name": "X", "legal_entity": "X", "address_line1": "1 MAIN ST", "city": "OAKLAND",
    "state": "CA", "zip": "94609", "setting_code": "RES", "offers_detox": "false", "is_licensed": "true",
    "is_certified": "false", "license_expiration": "2027-01-01", "license_expired": "false", "total_capacity": "1",
    "latitude": "37.9", "longitude": "-122.3",
}  # fmt: skip


def _dhcs_row(**changes: str) -> str:
    values = _GOOD | changes
    return ",".join(values.get(column, "") for column in DHCS_HEADER.strip().split(",")) + "\n"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"license_number": ""}, "license_number"),
        ({"offers_detox": "maybe"}, "offers_detox"),
        ({"license_expiration": "31/12/2027"}, "license_expiration"),
        ({"total_capacity": "lots"}, "total_capacity"),
    ],
)
def test_a_bad_dhcs_row_is_rejected_naming_the_column(
    facility_repo: SqlFacilityRepository, changes: dict[str, str], field: str
) -> None:
    with pytest.raises(ImportRejected) as caught:
        import_bytes((DHCS_HEADER + _dhcs_row(**changes)).encode(), "dhcs.csv", facility_repo)
    assert [(e.row, e.field) for e in caught.value.errors] == [(1, field)]
    assert facility_repo.count() == 0


def test_points_mark_sites_and_never_become_listings(facility_repo: SqlFacilityRepository) -> None:
    floor = (
        "name1,name2,street1,street2,city,state,zip,zip4,county,latitude,longitude\n"
        "Harbor Clinic,,1 Main St,,Boston,MA,02116,,Suffolk,42.35,-71.07\n"
    )
    import_bytes(floor.encode(), "floor_2020.csv", facility_repo)
    points = (
        '"name1","type_facility","longitude","latitude"\n'
        '"Harbor Clinic Inc","SU",-71.0702,42.3502\n'
        '"Somewhere Else","SU",-72.5,42.1\n'
    )
    report = import_bytes(points.encode(), "points_2025.csv", facility_repo)
    assert report.format == "supportive-points" and "1 of 2 2025 points matched" in report.merged
    assert facility_repo.count() == 1
    (site,) = facility_repo.sites_in({"MA"})
    assert site.still_listed_2025 is True and site.name == "Harbor Clinic"
    assert {s.dataset for s in sources_of(site)} == {FLOOR_DATASET, "samhsa-supportive-2025"}


def test_a_points_file_without_its_columns_is_a_file_error() -> None:
    batch, _ = parse_bytes(b"name1,type_facility\nX,SU\n", "points.csv", fmt="supportive-points")
    assert batch.errors[0].row == 0 and "longitude" in batch.errors[0].field


def test_a_full_2025_download_imported_later_marks_the_2020_listings_it_lacks(
    facility_repo: SqlFacilityRepository,
) -> None:
    # What a deployer's one-command national import does, on one state: the 2020 floor first, then 2025.
    floor_lines = bundled_bytes("samhsa_us_su_facilities_2020-04.csv.gz").decode("utf-8").splitlines(keepends=True)
    massachusetts = [floor_lines[0], *(line for line in floor_lines[1:] if ",MA," in line)]
    import_bytes("".join(massachusetts).encode(), "floor_2020.csv", facility_repo)
    before = facility_repo.sites_in({"MA"})
    assert before and {site.still_listed_2025 for site in before} == {None}
    name = "samhsa_ma_facility_listing_2025-08-19.csv.gz"
    report = import_bytes(bundled_bytes(name), name.removesuffix(".gz"), facility_repo)
    assert report.counts.updated > 0 and "site(s)" in report.merged
    sites = facility_repo.sites_in({"MA"})
    both = [s for s in sites if {x.dataset for x in sources_of(s)} >= {FLOOR_DATASET, "locator-download"}]
    only_2020 = [s for s in sites if {x.dataset for x in sources_of(s)} == {FLOOR_DATASET}]
    assert both and only_2020
    assert {s.still_listed_2025 for s in both} == {True} and {s.still_listed_2025 for s in only_2020} == {False}
