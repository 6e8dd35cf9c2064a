"""The bundled real data as a fresh install loads it: one card per site, coverage, detox, licences, 2025 status.

Runs on SQLite and PostgreSQL/PostGIS (``bundled_db_url``).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from functools import lru_cache

import pytest
import zipcodes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recoverynav.directory import Facility, FacilityQuery, search_facilities
from recoverynav.directory.bundled import bundled_bytes
from recoverynav.directory.importers import parse_bytes
from recoverynav.directory.importers.merging import POINT_MILES
from recoverynav.directory.models import FLOOR_DATASET, sources_of
from recoverynav.directory.repository import FacilityFilter
from recoverynav.directory.sites import (
    miles_between,
    name_key,
    names_alike,
    phone_digits,
    same_site,
    site_key,
    site_pairs,
)
from recoverynav.storage import facility_repository

LOWER_48_CAPITALS = [
    ("Montgomery", "AL"), ("Phoenix", "AZ"), ("Little Rock", "AR"), ("Sacramento", "CA"), ("Denver", "CO"),
    ("Hartford", "CT"), ("Dover", "DE"), ("Tallahassee", "FL"), ("Atlanta", "GA"), ("Boise", "ID"),
    ("Springfield", "IL"), ("Indianapolis", "IN"), ("Des Moines", "IA"), ("Topeka", "KS"), ("Frankfort", "KY"),
    ("Baton Rouge", "LA"), ("Augusta", "ME"), ("Annapolis", "MD"), ("Boston", "MA"), ("Lansing", "MI"),
    ("Saint Paul", "MN"), ("Jackson", "MS"), ("Jefferson City", "MO"), ("Helena", "MT"), ("Lincoln", "NE"),
    ("Carson City", "NV"), ("Concord", "NH"), ("Trenton", "NJ"), ("Santa Fe", "NM"), ("Albany", "NY"),
    ("Raleigh", "NC"), ("Bismarck", "ND"), ("Columbus", "OH"), ("Oklahoma City", "OK"), ("Salem", "OR"),
    ("Harrisburg", "PA"), ("Providence", "RI"), ("Columbia", "SC"), ("Pierre", "SD"), ("Nashville", "TN"),
    ("Austin", "TX"), ("Salt Lake City", "UT"), ("Montpelier", "VT"), ("Richmond", "VA"), ("Olympia", "WA"),
    ("Charleston", "WV"), ("Madison", "WI"), ("Cheyenne", "WY"), ("Washington", "DC"),
]  # fmt: skip
LOWER_48 = {state for _, state in LOWER_48_CAPITALS}


@lru_cache(maxsize=1)
def _sites(url: str) -> list[Facility]:
    return facility_repository(url).sites_in(None)


def _zip_point(city: str, state: str) -> tuple[float, float]:
    found = zipcodes.filter_by(city=city, state=state)  # type: ignore[no-untyped-call]
    rows = [z for z in found if float(z["lat"] or 0) and float(z["long"] or 0)]
    return statistics.median(float(z["lat"]) for z in rows), statistics.median(float(z["long"]) for z in rows)


def _within(url: str, point: tuple[float, float], miles: float, codes: tuple[str, ...] = ()) -> int:
    spec = FacilityFilter(latitude=point[0], longitude=point[1], radius_miles=miles, codes=codes, limit=1)
    return facility_repository(url).search(spec).total


def test_no_two_stored_sites_are_the_same_site(bundled_db_url: str) -> None:
    sites = _sites(bundled_db_url)
    pairs = list(site_pairs([site_key(f) for f in sites]))
    assert not pairs, [(sites[i].name, sites[j].name) for i, j in pairs[:5]]


def test_every_record_of_every_bundled_listing_file_is_in_exactly_one_site(bundled_db_url: str) -> None:
    held: dict[tuple[str, str], int] = defaultdict(int)
    for site in _sites(bundled_db_url):
        for source in sources_of(site):
            held[(source.dataset, source.record)] += 1
    for name, fmt, dataset in (
        ("samhsa_ma_facility_listing_2025-08-19.csv.gz", "spreadsheet", "locator-download"),
        ("ca_dhcs_sud_facilities_2026-08-21.csv.gz", "ca-dhcs", "ca-dhcs"),
        ("samhsa_us_su_facilities_2020-04.csv.gz", "facility-list", FLOOR_DATASET),
    ):
        batch, _ = parse_bytes(bundled_bytes(name), name, fmt=fmt, dataset=dataset)
        counts = {held[(dataset, f.frid)] for f in batch.facilities}
        assert counts == {1}, name


def test_a_shared_central_phone_does_not_merge_sites_miles_apart(bundled_db_url: str) -> None:
    # The 2025 MA download lists one operator's central number at sites miles apart (e.g. 866-781-6727).
    batch, _ = parse_bytes(bundled_bytes("samhsa_ma_facility_listing_2025-08-19.csv.gz"), "ma.csv", fmt="spreadsheet")
    by_phone: dict[str, list[Facility]] = defaultdict(list)
    for record in batch.facilities:
        if phone_digits(record.phone):
            by_phone[phone_digits(record.phone)].append(record)
    site_of = {
        s.record: site.frid
        for site in _sites(bundled_db_url)
        for s in sources_of(site)
        if s.dataset == "locator-download"
    }
    far_pairs = [
        (a, b)
        for records in by_phone.values()
        for i, a in enumerate(records)
        for b in records[i + 1 :]
        if (miles_between(site_key(a), site_key(b)) or 0) > 2
    ]
    assert len(far_pairs) >= 10
    assert all(site_of[a.frid] != site_of[b.frid] for a, b in far_pairs)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_no_two_results_of_a_search_are_the_same_site(bundled_db_url: str, data: st.DataObject) -> None:
    sites = [f for f in _sites(bundled_db_url) if f.latitude is not None]
    origin = data.draw(st.sampled_from(sites))
    radius = data.draw(st.floats(0.5, 30))
    query = FacilityQuery(near=f"{origin.latitude},{origin.longitude}", radius_miles=radius, page_size=100)
    results = search_facilities(query, facility_repository(bundled_db_url)).results
    assert not [(a.name, b.name) for i, a in enumerate(results) for b in results[i + 1 :] if same_site(a, b)]


def test_every_lower_48_capital_has_a_listing_within_50_miles(bundled_db_url: str) -> None:
    missing = [f"{c}, {s}" for c, s in LOWER_48_CAPITALS if not _within(bundled_db_url, _zip_point(c, s), 50)]
    assert not missing


def test_a_sample_of_lower_48_zip_centroids_almost_all_have_a_listing_within_50_miles(bundled_db_url: str) -> None:
    # Every 15th standard ZIP; a few remote ones (ND, SD, west Texas, Nevada) have no SAMHSA listing that near.
    points = [
        (float(z["lat"]), float(z["long"]), z["zip_code"])
        for z in zipcodes.list_all()  # type: ignore[no-untyped-call]
        if z["state"] in LOWER_48 and z["zip_code_type"] == "STANDARD" and float(z["lat"] or 0)
    ][::15]
    missing = [zip_code for lat, lon, zip_code in points if not _within(bundled_db_url, (lat, lon), 50)]
    assert len(points) > 1500
    assert len(missing) <= 0.01 * len(points), missing


@pytest.mark.parametrize(
    ("city", "state", "dataset"),
    [("Worcester", "MA", "locator-download"), ("Sacramento", "CA", "ca-dhcs")],
)
def test_detox_is_found_near_worcester_and_sacramento(bundled_db_url: str, city: str, state: str, dataset: str) -> None:
    query = FacilityQuery(near=f"{city}, {state}", radius_miles=25, codes=["DT"], page_size=100)
    results = search_facilities(query, facility_repository(bundled_db_url)).results
    # The detox code comes from that source itself (the 2025 download, or the state's detox flag).
    assert any(s.dataset == dataset and "DT" in s.codes for hit in results for s in hit.sources)
    if dataset == "ca-dhcs":
        assert any(hit.state_licence and hit.state_licence.detox for hit in results)


def test_licensed_programmes_keep_their_licence_and_credit(bundled_db_url: str) -> None:
    licensed = [f for f in _sites(bundled_db_url) if f.state_licence is not None]
    assert len(licensed) > 1500
    for site in licensed:
        licence = site.state_licence
        assert licence is not None and licence.state == "CA" and licence.number
        assert "CC BY 4.0" in licence.credit and site.state == "CA"
        assert any(s.dataset == "ca-dhcs" and s.record == "ca-dhcs-" + licence.number.lower() for s in sources_of(site))
    # Programmes that match no SAMHSA listing are listings of their own; many do match one.
    alone = [f for f in licensed if all(s.dataset == "ca-dhcs" for s in sources_of(f))]
    assert 0 < len(alone) < len(licensed)


def test_still_listed_2025_follows_the_2025_sources(bundled_db_url: str) -> None:
    for site in _sites(bundled_db_url):
        samhsa = [s for s in sources_of(site) if s.dataset != "ca-dhcs"]
        if any(s.year >= 2025 for s in samhsa):
            assert site.still_listed_2025 is True
        elif site.state == "MA" and any(s.dataset == FLOOR_DATASET for s in samhsa):
            # The 2025 MA download is complete, so a 2020 listing absent from it is no longer listed.
            assert site.still_listed_2025 is False
        elif site.state != "MA":
            assert site.still_listed_2025 is None


def test_matched_2025_points_are_near_sites_of_that_name(bundled_db_url: str) -> None:
    matched = 0
    for site in _sites(bundled_db_url):
        for point in (s for s in sources_of(site) if s.dataset == "samhsa-supportive-2025"):
            matched += 1
            others = [s.listed_as for s in sources_of(site) if s.dataset != "samhsa-supportive-2025"]
            assert any(names_alike(name_key(point.listed_as), name_key(other)) for other in others)
    # About half of the 11,923 points match a listing; the rest are 2025 sites the bundled lists lack.
    assert matched > 5000
    assert POINT_MILES <= 0.5
