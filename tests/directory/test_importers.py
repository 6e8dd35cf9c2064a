"""Importers: idempotent upserts, row-level rejection that writes nothing, merging, closing on full refresh."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from recoverynav.directory import FacilityQuery, UnknownFacilityError, get_facility, search_facilities
from recoverynav.directory.importers import ImportRejected, detect_format, import_bytes, import_file, parse_bytes
from recoverynav.storage import SqlFacilityRepository
from tests.facility_databases import DATA, sample_bytes

SAMPLE = "findtreatment_api_sample_2019_charlottesville.json"
SPREADSHEET = DATA / "FindTreament_Facility_listing_2025_01_31_120000.csv"


def _sample() -> dict[str, object]:
    data: dict[str, object] = json.loads(sample_bytes())
    return data


def _corrupted() -> bytes:
    data = _sample()
    rows = data["rows"]
    assert isinstance(rows, list)
    rows[2]["latitude"] = "north of town"
    rows[4]["name1"] = ""
    rows[6]["zip"] = "ABCDE"
    rows[8]["services"] = "Detox"
    return json.dumps(data).encode()


def test_importing_the_charlottesville_sample_twice_leaves_one_card_per_site(
    facility_repo: SqlFacilityRepository,
) -> None:
    first = import_bytes(sample_bytes(), SAMPLE, facility_repo)
    second = import_bytes(sample_bytes(), SAMPLE, facility_repo)
    # 30 listings of 22 sites: the locator lists most sites once as SA and once as MH.
    assert (first.rows, first.facilities, first.counts.inserted) == (30, 30, 22)
    assert (second.counts.inserted, second.counts.updated, second.counts.unchanged) == (0, 0, 22)
    assert facility_repo.count() == 22
    assert first.dataset == "locator" and not first.unmapped


def test_sample_rows_keep_samhsa_fields_and_codes(facility_repo: SqlFacilityRepository) -> None:
    import_bytes(sample_bytes(), SAMPLE, facility_repo)
    hit = get_facility("811a908f82269778a2fe2a8bc603afa08df868f3e2fa56aa62e214d03997dea1", facility_repo)
    assert (hit.name, hit.name2, hit.street, hit.city, hit.state, hit.zip) == (
        "Region Ten Community Services Board",
        "Mohr Center",
        "1014 East Market Street",
        "Charlottesville",
        "VA",
        "22902",
    )
    assert (hit.phone, hit.intake_phone, hit.hotline) == ("434-979-8871", "434-972-1800", "")
    assert (hit.facility_type, hit.snapshot_year, hit.synthetic, hit.status) == ("SA", 2019, False, "open")
    assert {"SA", "MD", "PI", "SS"} <= set(hit.codes)
    assert hit.source == "SAMHSA FindTreatment.gov locator API"
    assert "confirm" in hit.notice


def test_a_corrupted_copy_is_rejected_row_by_row_and_changes_nothing(facility_repo: SqlFacilityRepository) -> None:
    import_bytes(sample_bytes(), SAMPLE, facility_repo)
    before = facility_repo.get("811a908f82269778a2fe2a8bc603afa08df868f3e2fa56aa62e214d03997dea1")
    with pytest.raises(ImportRejected) as caught:
        import_bytes(_corrupted(), "corrupted.json", facility_repo, full_refresh=True)
    found = {(e.row, e.field) for e in caught.value.errors}
    assert {(3, "latitude"), (5, "name1"), (7, "zip"), (9, "services")} <= found
    assert "nothing imported" in str(caught.value)
    assert facility_repo.count() == 22
    assert facility_repo.get("811a908f82269778a2fe2a8bc603afa08df868f3e2fa56aa62e214d03997dea1") == before


def test_a_corrupted_copy_into_an_empty_database_writes_nothing(facility_repo: SqlFacilityRepository) -> None:
    with pytest.raises(ImportRejected):
        import_bytes(_corrupted(), "corrupted.json", facility_repo)
    assert facility_repo.count() == 0
    assert not facility_repo.has_import("anything")


@pytest.mark.parametrize(
    ("content", "field", "problem"),
    [
        (b'{"page": 1, "rows": [', "file", "not valid JSON"),
        (b'{"page": 1}', "rows", "expected the locator envelope"),
        (b'{"rows": []}', "file", "no rows"),
    ],
)
def test_file_level_errors(content: bytes, field: str, problem: str) -> None:
    batch, _ = parse_bytes(content, "broken.json", fmt="locator")
    assert batch.errors[0].row == 0 and batch.errors[0].field == field and problem in batch.errors[0].problem


def test_full_refresh_marks_absent_facilities_closed_not_deleted(facility_repo: SqlFacilityRepository) -> None:
    import_bytes(sample_bytes(), SAMPLE, facility_repo)
    data = _sample()
    rows = data["rows"]
    assert isinstance(rows, list)
    gone = rows[:5]
    data["rows"] = rows[5:]
    report = import_bytes(json.dumps(data).encode(), "refresh_2019.json", facility_repo, full_refresh=True)
    # The five absent listings are four sites; one shares its site with a listing still present.
    assert report.counts.closed == 3
    assert facility_repo.count() == 22
    assert facility_repo.count(include_closed=False) == 19
    closed = get_facility(gone[0]["frid"], facility_repo)
    assert closed.status == "closed"
    everywhere = search_facilities(FacilityQuery(near="22902", radius_miles=100, page_size=100), facility_repo)
    assert closed.frid not in {h.frid for h in everywhere.results} and everywhere.total == 19
    reopened = import_bytes(sample_bytes(), SAMPLE, facility_repo, full_refresh=True)
    assert (reopened.counts.updated, reopened.counts.closed) == (3, 0)
    assert facility_repo.count(include_closed=False) == 22


def test_moud_rows_of_one_site_merge_and_map_categories(facility_repo: SqlFacilityRepository) -> None:
    csv = (
        "name1,name2,street1,street2,city,state,zip,zip4,category,countyGEOID,countyName,source,latitude,longitude\n"
        "Harbor Clinic,,1 Main St,,Boston,MA,2116,,buprenorphine,25025,Suffolk,SAMHSA,42.35,-71.07\n"
        "Harbor Clinic,,1 Main St,,Boston,MA,2116,,naltrexone/vivitrol,25025,Suffolk,SAMHSA,42.35,-71.07\n"
        "River OTP,,2 Side St,,Boston,MA,02118,,methadone,25025,Suffolk,SAMHSA,42.34,-71.07\n"
    )
    report = import_bytes(csv.encode(), "moud.csv", facility_repo)
    assert (report.rows, report.facilities, report.format) == (3, 2, "moud")
    by_name = {h.name: h for h in search_facilities(FacilityQuery(near="02116", radius_miles=5), facility_repo).results}
    assert by_name["Harbor Clinic"].codes == ["BU", "NU", "UB"] and by_name["Harbor Clinic"].zip == "02116"
    assert by_name["River OTP"].codes == ["METH", "MU", "OTP"]
    # A prescriber or an OTP shows medication on site; a naltrexone listing alone would say nothing either way.
    assert [{s.id: s.status for s in by_name[n].quality_signs}["moud"] for n in ("Harbor Clinic", "River OTP")] == [
        "yes",
        "yes",
    ]
    assert by_name["River OTP"].phone == "" and by_name["River OTP"].frid.startswith("rn-")


def test_moud_unknown_category_is_a_row_error() -> None:
    csv = (
        "name1,name2,street1,street2,city,state,zip,zip4,category,countyGEOID,countyName,source,latitude,longitude\n"
        "A,,1 St,,Town,VA,22902,,kratom,,,SAMHSA,38,-78\n"
    )
    batch, _ = parse_bytes(csv.encode(), "moud.csv")
    assert [(e.row, e.field) for e in batch.errors] == [(1, "category")]


def test_label_export_maps_current_labels_and_merges_duplicates(facility_repo: SqlFacilityRepository) -> None:
    rows = [
        {
            "name": "Sunrise House",
            "city": "Oakland",
            "state": "CA",
            "zip": "94612",
            "phone": "510-000-0000",
            "website": "",
            "latitude": "37.80",
            "longitude": "-122.27",
            "residential_services": "Residential/24-hour residential",
            "all_services": "Substance use treatment; Medicaid; Sliding fee scale (fee is based on income and "
            "other factors); Buprenorphine used in Treatment",
        }
    ]
    twice = [*rows, rows[0] | {"all_services": "Substance use treatment; Detoxification"}]
    report = import_bytes(json.dumps(twice).encode(), "export.json", facility_repo, snapshot_year=2025)
    assert (report.format, report.rows, report.facilities) == ("label-export", 2, 1)
    [hit] = search_facilities(FacilityQuery(near="94612", radius_miles=2), facility_repo).results
    assert hit.codes == ["BU", "DT", "MD", "SA", "SS"]
    assert hit.street == "" and hit.snapshot_year == 2025


def test_spreadsheet_export_reads_code_columns(facility_repo: SqlFacilityRepository) -> None:
    report = import_file(SPREADSHEET, facility_repo)
    assert (report.format, report.rows, report.facilities) == ("spreadsheet", 5, 5)
    found = search_facilities(FacilityQuery(near="22902", radius_miles=5, codes=["MD"]), facility_repo)
    assert [h.name for h in found.results] == ["Blue Ridge Recovery Test Clinic", "Piedmont Test Outpatient"]
    first = found.results[0]
    assert first.codes == ["BU", "DT", "MD", "OP", "PI", "SA", "SF", "SP"]
    assert (first.snapshot_year, first.facility_type) == (2025, "SA")
    boston = search_facilities(FacilityQuery(name="boston test"), facility_repo).results[0]
    assert boston.zip == "02116"


def test_spreadsheet_bad_cell_names_row_and_column(tmp_path: Path) -> None:
    lines = SPREADSHEET.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace(",1.0,1.0,,", ",1.0,maybe,,", 1)
    batch, fmt = parse_bytes("\n".join(lines).encode(), SPREADSHEET.name)
    assert fmt == "spreadsheet"
    assert [(e.row, e.problem.split(":")[0]) for e in batch.errors] == [(2, "'maybe'")]


@pytest.mark.parametrize(
    ("name", "head", "fmt"),
    [
        ("x.json", '{"page": 1, "rows": []}', "locator"),
        ("x.json", '[{"name": "A", "all_services": "Medicaid"}]', "label-export"),
        ("x.csv", "name1,street1,category,latitude,longitude\n", "moud"),
        ("x.csv", "name1,street1,latitude,longitude,dt,md\n", "spreadsheet"),
    ],
)
def test_detect_format(name: str, head: str, fmt: str) -> None:
    assert detect_format(name, head) == fmt


def test_detect_format_refuses_unknown_shapes() -> None:
    with pytest.raises(ValueError, match="--format"):
        detect_format("x.csv", "a,b,c\n1,2,3\n")


def test_synthetic_facilities_are_demo_only(facility_repo: SqlFacilityRepository) -> None:
    from recoverynav.directory.repository import ImportRun
    from tests.facility_databases import facility

    facility_repo.upsert([facility("demo-1", 38.03, -78.48)], ImportRun("test", "test", "0" * 64, 1))
    assert search_facilities(FacilityQuery(near="22902"), facility_repo).total == 0
    shown = search_facilities(FacilityQuery(near="22902", include_demo=True), facility_repo)
    assert [(h.frid, h.synthetic) for h in shown.results] == [("demo-1", True)]
    with pytest.raises(UnknownFacilityError):
        get_facility("demo-1", facility_repo)
    assert get_facility("demo-1", facility_repo, include_demo=True).synthetic


def test_synthetic_facilities_cannot_carry_phone_numbers() -> None:
    from pydantic import ValidationError

    from tests.facility_databases import facility

    with pytest.raises(ValidationError, match="no phone"):
        facility("demo-2", 38.0, -78.0, phone="434-555-0100")
