"""Every row is checked against the database's own limits before anything is written, the same on both backends.

The failures these guard against: PostgreSQL crashed (a traceback, no row named) on files SQLite took —
state "Puerto Rico" (8-character column), long phones and names, NUL. The stored text columns are read from
the table, so a column added later is covered without touching this file.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import String

from recoverynav.directory.importers import ImportRejected, import_bytes
from recoverynav.directory.importers.locator import COLUMNS
from recoverynav.directory.importers.records import text
from recoverynav.directory.importers.states import CODES, state_code
from recoverynav.directory.models import Facility
from recoverynav.storage import SqlFacilityRepository
from recoverynav.storage.directory.tables import facilities
from recoverynav.storage.limits import StorageRejected
from tests.facility_databases import facility, sample_bytes

# Facility fields stored in a length-limited text column, with the column's limit: read from the table.
LIMITED = {
    c.name: c.type.length
    for c in facilities.columns
    if isinstance(c.type, String) and c.type.length and c.name in Facility.model_fields
}
# Where each field comes from in a locator row (free-text fields only: state, zip and type have their own rules).
LOCATOR_FIELD = {"name": "name1", "name2": "name2", "street": "street1", "street2": "street2", "city": "city"}
LOCATOR_FIELD |= {"phone": "phone", "intake_phone": "intake1", "hotline": "hotline1", "website": "website"}
FRID = "811a908f82269778a2fe2a8bc603afa08df868f3e2fa56aa62e214d03997dea1"


def _one_row(**changes: Any) -> bytes:
    data = json.loads(sample_bytes())
    row = copy.deepcopy(data["rows"][0])
    row.update(changes)
    data["rows"] = [row]
    return json.dumps(data).encode()


def test_the_limits_come_from_the_table() -> None:
    assert {"frid", "name", "state", "phone", "website", "source", "dataset"} <= set(LIMITED)
    assert set(LOCATOR_FIELD) <= set(LIMITED)


@pytest.mark.parametrize("field", sorted(set(LIMITED) - {"frid", "source", "dataset", "state", "zip"}))
def test_one_character_past_a_column_is_a_row_error_on_both_backends(
    field: str, facility_repo: SqlFacilityRepository
) -> None:
    # model_copy skips the model's own checks: the storage must stand on its own.
    base = facility("rn-x", 38.0, -78.0, synthetic=False)
    too_long = base.model_copy(update={field: "7" * (LIMITED[field] + 1)})
    problems = dict(facility_repo.problems(too_long))
    assert field in problems and f"at most {LIMITED[field]}" in problems[field]
    fits = base.model_copy(update={field: "7" * LIMITED[field]})
    assert field not in dict(facility_repo.problems(fits))


@pytest.mark.parametrize(
    ("changes", "where"),
    [
        ({"state": "Narnia"}, "row 1, state: 'NARNIA' is not a US state or territory"),
        ({"phone": "434-979-8871 ext " + "12345" * 20}, "row 1, phone: 117 characters; the database holds at most 60"),
        ({"name1": "Clinic " * 60}, "row 1, name1: String should have at most 300 characters"),
        ({"city": "Charlottes\x00ville"}, "row 1, city: holds the control character U+0000"),
        ({"name2": "Mohr\ud800Center"}, "row 1, name2: holds the control character U+D800"),
        ({"website": "http://x.org/" + "a" * 500}, "row 1, website: 513 characters; the database holds at most 500"),
        ({"frid": "f" * 81}, "row 1, frid: String should have at most 80 characters"),
    ],
)
def test_a_row_the_database_cannot_hold_is_named_and_nothing_is_written(
    changes: dict[str, str], where: str, facility_repo: SqlFacilityRepository
) -> None:
    with pytest.raises(ImportRejected) as caught:
        import_bytes(_one_row(**changes), "hostile.json", facility_repo)
    assert where in str(caught.value)
    assert facility_repo.count() == 0


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("Puerto Rico", "PR"), ("puerto rico", "PR"), ("District of Columbia", "DC"), ("D.C.", "DC"), ("va", "VA")],
)
def test_state_names_are_stored_as_usps_codes(typed: str, stored: str, facility_repo: SqlFacilityRepository) -> None:
    import_bytes(_one_row(state=typed), "pr.json", facility_repo)
    found = facility_repo.get(FRID)
    assert found is not None and found.state == stored


@given(st.sampled_from(sorted(CODES)))
def test_every_usps_code_maps_to_itself(code: str) -> None:
    assert state_code(code) == state_code(code.lower()) == code


_HOSTILE_TEXT = st.one_of(
    st.text(min_size=1, max_size=700),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=80),
    st.sampled_from(["\x00", "a\x00b", "\ud800", "\x1b[31m", "\u202eevil", "x" * 61, "9" * 5000, "é" * 301]),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(sorted(LOCATOR_FIELD)), value=_HOSTILE_TEXT)
def test_any_text_in_any_field_is_stored_as_cleaned_or_refused_by_row_and_column(
    field: str, value: str, facility_repo: SqlFacilityRepository
) -> None:
    source = LOCATOR_FIELD[field]
    try:
        import_bytes(_one_row(**{source: value}), "fuzz.json", facility_repo)
    except ImportRejected as exc:
        assert exc.errors and all(e.row == 1 for e in exc.errors)
        assert {e.field for e in exc.errors} <= {source, COLUMNS.get(field, field)}
        return
    stored = facility_repo.get(FRID)
    assert stored is not None
    kept = getattr(stored, field)
    assert kept in ("", text(value))  # placeholder phones are dropped; everything else is kept as cleaned


def test_the_storage_refuses_what_slips_past_an_importer(facility_repo: SqlFacilityRepository) -> None:
    from recoverynav.directory.repository import ImportRun

    bad = facility("rn-bad", 38.0, -78.0, city="x" * 121, state="Puerto Rico")
    with pytest.raises(StorageRejected, match=r"frid 'rn-bad', city: 121 characters.*state: 11 characters"):
        facility_repo.upsert([facility("rn-good", 38.0, -78.0), bad], ImportRun("test", "t.json", "0" * 64, 2))
    assert facility_repo.count() == 0
    with pytest.raises(StorageRejected, match="import record, dataset"):
        facility_repo.upsert([facility("rn-good", 38.0, -78.0)], ImportRun("d" * 81, "t.json", "0" * 64, 1))


SPREADSHEET_FIELD = {"name": "name1", "name2": "name2", "street": "street1", "city": "city", "website": "website"}
SPREADSHEET_FIELD |= {"phone": "phone", "intake_phone": "intake1"}


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(sorted(SPREADSHEET_FIELD)), value=_HOSTILE_TEXT)
def test_the_csv_importers_share_the_same_checks(field: str, value: str, facility_repo: SqlFacilityRepository) -> None:
    import csv
    import io

    column = SPREADSHEET_FIELD[field]
    row = {"name1": "Clinic", "city": "Charlottesville", "state": "VA", "zip": "22902", "latitude": "38.03"}
    row |= {"longitude": "-78.48", "type_facility": "SA", "sa": "1", column: value}
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(row))
    writer.writeheader()
    writer.writerow(row)
    data = out.getvalue().encode("utf-8", errors="surrogatepass")
    try:
        report = import_bytes(data, "FindTreament_Facility_listing_2025_01_31_120000.csv", facility_repo)
    except ImportRejected as exc:
        assert exc.errors and all(e.row in (0, 1) for e in exc.errors)
        assert {e.field for e in exc.errors if e.row} <= {column, "name1"}
        return
    assert report.facilities == 1
