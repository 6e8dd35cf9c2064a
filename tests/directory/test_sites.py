"""The same-site rule as a table, the grid against brute force, merging as a union, and import-time absorption."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recoverynav.directory import Facility
from recoverynav.directory.importers.merging import plan_merge
from recoverynav.directory.models import sources_of
from recoverynav.directory.repository import ImportRun
from recoverynav.directory.sites import (
    address_key,
    clusters,
    merge_site,
    phone_digits,
    same_site,
    same_site_keys,
    site_key,
    site_pairs,
)
from recoverynav.storage import SqlFacilityRepository

# Degrees of latitude in one mile.
MILE = 1 / 69.05
# Unrelated default names, so only the fields a case sets can make two records one site.
NAMES = {"a": "Harbor Clinic", "b": "Gateway Recovery", "c": "Hope House"}


def record(frid: str, north_miles: float = 0.0, year: int = 2020, **fields: Any) -> Facility:
    values: dict[str, Any] = {
        "frid": frid,
        "name": NAMES.get(frid, f"Programme {frid}"),
        "latitude": 42.0 + north_miles * MILE,
        "longitude": -71.0,
        "source": f"source {year}",
        "dataset": f"test-{year}",
        "snapshot_year": year,
    }
    return Facility.model_validate(values | fields)


@pytest.mark.parametrize(
    ("a", "b", "miles", "same"),
    [
        # 1. the same number close by; a shared central line across town is not enough
        ({"phone": "617-555-0101"}, {"phone": "(617) 555-0101 x12"}, 0.1, True),
        ({"phone": "617-555-0101"}, {"phone": "+1 617 555 0101"}, 1.0, False),
        # 2. the same street address, written differently, within half a mile
        ({"street": "301 Broadway"}, {"street": "301 BROADWAY, Suite 2"}, 0.4, True),
        ({"street": "12 North Main Street"}, {"street": "12 N. Main St. #4"}, 0.2, True),
        ({"street": "301 Broadway"}, {"street": "301 Broadway"}, 2.0, False),
        # ... or in the same ZIP within five miles (one of them geocoded to the ZIP's centre)
        ({"street": "301 Broadway", "zip": "02150"}, {"street": "301 Broadway", "zip": "02150"}, 3.0, True),
        ({"street": "301 Broadway", "zip": "02150"}, {"street": "301 Broadway", "zip": "02150"}, 6.0, False),
        ({"street": "Main Street"}, {"street": "Main Street"}, 0.1, False),
        ({"street": "301 Broadway"}, {"street": "303 Broadway"}, 0.05, False),
        # 3. alike names a few hundred metres apart, unless phone and address both differ
        ({"name": "North Suffolk Community Services"}, {"name": "North Suffolk Community Services, Inc."}, 0.2, True),
        ({"name": "North Suffolk Community Services"}, {"name": "North Suffolk Community Services"}, 0.5, False),
        (
            {"name": "Region Ten CSB", "phone": "434-972-1800", "street": "500 Old Lynchburg Road"},
            {"name": "Region Ten CSB", "phone": "434-972-1876", "street": "504 Old Lynchburg Road"},
            0.05,
            False,
        ),
        ({"name": "Gateway Recovery"}, {"name": "Harbor House"}, 0.0, False),
    ],
)
def test_the_same_site_rule(a: dict[str, Any], b: dict[str, Any], miles: float, same: bool) -> None:
    first, second = record("a", **a), record("b", miles, **b)
    assert same_site(first, second) is same
    assert same_site(second, first) is same


def test_records_without_a_point_are_one_site_only_by_address_and_zip() -> None:
    unplaced: dict[str, Any] = {"latitude": None, "longitude": None, "street": "1 Main St", "zip": "02116"}
    assert same_site(record("a", **unplaced), record("b", **unplaced))
    assert not same_site(record("a", **unplaced), record("b", **(unplaced | {"zip": "02118"})))


@pytest.mark.parametrize(
    ("raw", "digits"),
    [
        ("951-925-8450 x1699", "9519258450"),
        ("(617) 555-0101 ext. 3", "6175550101"),
        ("+1 617 555 0101", "6175550101"),
        ("(999) 999-9999", ""),
        ("555-0101", ""),
        ("", ""),
    ],
)
def test_phone_digits(raw: str, digits: str) -> None:
    assert phone_digits(raw) == digits


def test_address_key_drops_the_unit_and_unifies_words() -> None:
    assert address_key("12 North Main Street, Suite 400") == address_key("12 N. MAIN ST #400") == "12 n main st"


_PHONES = st.sampled_from(["", "617-555-0101", "617-555-0102", "617-555-0103"])
_STREETS = st.sampled_from(["", "1 Main St", "1 Main Street", "9 Elm Ave", "Main St"])
_NAMES = st.sampled_from(["Harbor Clinic", "Harbor Clinic Inc", "Gateway", "Hope House", "Hope House of Boston"])
_RECORDS = st.lists(
    st.tuples(
        st.floats(-1.0, 1.0) | st.floats(-6.0, 6.0),
        st.floats(-1.0, 1.0),
        _PHONES,
        _STREETS,
        _NAMES,
        st.sampled_from([2020, 2025]),
        st.sampled_from(["", "02116"]),
    ),
    max_size=25,
)


def _records(rows: list[tuple[float, float, str, str, str, int, str]]) -> list[Facility]:
    return [
        record(
            f"r{i}", north, year, longitude=-71.0 + east * MILE * 1.35, phone=phone, street=street, name=name, zip=zc
        )
        for i, (north, east, phone, street, name, year, zc) in enumerate(rows)
    ]


@settings(max_examples=150, deadline=None)
@given(_RECORDS)
def test_the_grid_finds_the_same_clusters_as_comparing_every_pair(rows: list[Any]) -> None:
    keys = [site_key(f) for f in _records(rows)]
    parent = list(range(len(keys)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i in range(len(keys)):
        for j in range(i + 1, len(keys)):
            if same_site_keys(keys[i], keys[j]):
                parent[root(j)] = root(i)
    brute = {frozenset(i for i in range(len(keys)) if root(i) == r) for r in set(map(root, range(len(keys))))}
    assert {frozenset(group) for group in clusters(keys)} == brute


@settings(max_examples=150, deadline=None)
@given(_RECORDS, st.data())
def test_pairs_among_some_records_are_every_brute_force_pair_touching_them(
    rows: list[Any], data: st.DataObject
) -> None:
    keys = [site_key(f) for f in _records(rows)]
    among = data.draw(st.sets(st.sampled_from(range(len(keys))))) if keys else set()
    brute = {
        (i, j)
        for i in range(len(keys))
        for j in range(i + 1, len(keys))
        if (i in among or j in among) and same_site_keys(keys[i], keys[j])
    }
    assert set(site_pairs(keys, among)) == brute


@settings(max_examples=150, deadline=None)
@given(_RECORDS)
def test_an_import_leaves_no_two_sites_that_are_the_same_site(rows: list[Any]) -> None:
    records = _records(rows)
    sites = plan_merge([], records).sites
    assert not [(a.frid, b.frid) for i, a in enumerate(sites) for b in sites[i + 1 :] if same_site(a, b)]
    # Every record lives in exactly one site, and its codes and source reach it.
    held = [(s.dataset, s.record) for site in sites for s in sources_of(site)]
    assert sorted(held) == sorted((f.dataset, f.frid) for f in records)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from([2019, 2020, 2025, 2026]), st.sets(st.sampled_from(["BU", "MD", "DT"]))),
        min_size=2,
        max_size=6,
    )
)
def test_merging_is_a_union_and_the_newest_source_wins(parts: list[tuple[int, set[str]]]) -> None:
    records = [
        record(f"r{i}", year=year, codes=sorted(codes), name=f"Name {year} {i}", phone=f"617-555-01{i:02d}")
        for i, (year, codes) in enumerate(parts)
    ]
    site = merge_site(records)
    assert set(site.codes) == set().union(*(set(f.codes) for f in records))
    assert {(s.dataset, s.record) for s in sources_of(site)} == {(f.dataset, f.frid) for f in records}
    newest = max(range(len(records)), key=lambda i: (records[i].snapshot_year, i))
    assert (site.name, site.phone, site.snapshot_year) == (
        records[newest].name,
        records[newest].phone,
        records[newest].snapshot_year,
    )
    assert site.frid == records[0].frid
    for source in sources_of(site):
        original = next(f for f in records if f.frid == source.record)
        assert (source.year, source.codes, source.listed_as) == (original.snapshot_year, original.codes, original.name)


def test_a_state_register_in_capitals_does_not_overwrite_the_listing_spelling() -> None:
    listing = record("a", year=2020, name="Harbor Clinic", street="1 Main Street")
    register = record("b", year=2026, name="HARBOR CLINIC", street="1 MAIN STREET", phone="617-555-0101")
    site = merge_site([listing, register])
    assert (site.name, site.street, site.phone, site.snapshot_year) == (
        "Harbor Clinic",
        "1 Main Street",
        "617-555-0101",
        2026,
    )


RUN = ImportRun("test", "test", "0" * 64, 1)


def test_a_record_joining_two_stored_sites_absorbs_one(facility_repo: SqlFacilityRepository) -> None:
    by_phone = record("a", 0.0, phone="617-555-0101", street="5 Elm St")
    by_address = record("b", 0.3, phone="617-555-0199", street="1 Main St")
    for stored in (by_phone, by_address):
        plan = plan_merge(facility_repo.sites_in({""}), [stored])
        facility_repo.upsert(plan.sites, RUN, absorbed=plan.absorbed)
    assert facility_repo.count() == 2
    bridge = record("c", 0.15, year=2025, phone="617-555-0101", street="1 Main Street")
    plan = plan_merge(facility_repo.sites_in({""}), [bridge])
    assert plan.absorbed == ["b"]
    facility_repo.upsert(plan.sites, RUN, absorbed=plan.absorbed)
    assert facility_repo.count() == 1
    site = facility_repo.get("a")
    assert site is not None and facility_repo.get("b") is None
    assert {s.record for s in sources_of(site)} == {"a", "b", "c"} and site.snapshot_year == 2025
