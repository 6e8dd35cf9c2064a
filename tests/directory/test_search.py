"""Search: radius or nearest N, filters, pages, distances; always equal to a brute-force great-circle scan."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from benchmarks.scan_search import search_by_scan
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from sqlalchemy import text

from recoverynav.directory import (
    Facility,
    FacilityQuery,
    UnknownPlaceError,
    geocode,
    great_circle_miles,
    search_facilities,
)
from recoverynav.directory.importers import import_bytes
from recoverynav.directory.repository import FacilityFilter, ImportRun
from recoverynav.storage import SqlFacilityRepository
from tests.facility_databases import BACKENDS, empty_database, facility, sample_bytes

SAMPLE = "findtreatment_api_sample_2019_charlottesville.json"


def _load_sample(repo: SqlFacilityRepository) -> None:
    import_bytes(sample_bytes(), SAMPLE, repo)


def test_medicaid_near_22902_nearest_first_within_radius(facility_repo: SqlFacilityRepository) -> None:
    _load_sample(facility_repo)
    found = search_facilities(FacilityQuery(near="22902", radius_miles=10, codes=["MD"], page_size=100), facility_repo)
    distances = [h.distance_miles for h in found.results]
    # 13 listings of 11 sites (one card per site).
    assert found.total == len(found.results) == 11
    assert distances == sorted(distances)  # type: ignore[type-var]
    assert all(d is not None and d <= 10 for d in distances)
    assert all("MD" in h.codes for h in found.results)
    assert found.results[0].name == "Dual Recovery Center"
    assert found.origin is not None and found.origin.label == "22902 (Charlottesville, VA)"


def test_the_same_answer_on_sqlite_and_postgresql(tmp_path: Path) -> None:
    answers = []
    for backend in ("sqlite", "postgres"):
        repo = SqlFacilityRepository.__new__(SqlFacilityRepository)
        from recoverynav.storage import prepare_database

        repo = prepare_database(empty_database(backend, tmp_path), load_bundled=False)
        _load_sample(repo)
        query = FacilityQuery(near="22902", radius_miles=10, codes=["MD"], page_size=100)
        answers.append([(h.frid, h.distance_miles) for h in search_facilities(query, repo).results])
    assert answers[0] == answers[1] and len(answers[0]) == 11


def test_pages_continue_and_keep_the_total(facility_repo: SqlFacilityRepository) -> None:
    _load_sample(facility_repo)
    everything = search_facilities(FacilityQuery(near="22902", radius_miles=50, page_size=100), facility_repo)
    pages = [
        search_facilities(FacilityQuery(near="22902", radius_miles=50, page=n, page_size=7), facility_repo)
        for n in (1, 2, 3, 4, 5)
    ]
    assert {p.total for p in pages} == {everything.total} == {22}
    assert [h.frid for p in pages for h in p.results] == [h.frid for h in everything.results]
    assert search_facilities(FacilityQuery(near="22902", page=9, page_size=20), facility_repo).results == []


def test_nearest_n_ignores_the_radius(facility_repo: SqlFacilityRepository) -> None:
    _load_sample(facility_repo)
    found = search_facilities(FacilityQuery(near="San Francisco, CA", nearest=3), facility_repo)
    assert found.total == 3
    assert all(h.distance_miles is not None and h.distance_miles > 2000 for h in found.results)
    paged = search_facilities(FacilityQuery(near="22902", nearest=5, page=2, page_size=3), facility_repo)
    assert (paged.total, len(paged.results)) == (5, 2)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Counts are of sites: a site listed once as SA and once as MH is one SA site with both listings' codes.
        ({"near": "22902", "facility_type": "sa"}, 8),
        ({"near": "22902", "facility_type": "MH"}, 6),
        ({"name": "region ten"}, 8),
        ({"name": "REGION TEN", "codes": ["RES"]}, 2),
        ({"codes": ["MD", "SS", "SA"]}, 9),
        ({"near": "22902", "radius_miles": 1, "codes": ["MD"]}, 4),
        ({"name": "100%_"}, 0),
    ],
)
def test_filters(facility_repo: SqlFacilityRepository, query: dict[str, object], expected: int) -> None:
    _load_sample(facility_repo)
    assert search_facilities(FacilityQuery.model_validate(query), facility_repo).total == expected


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"radius_miles": 0}, "radius_miles"),
        ({"radius_miles": 501}, "radius_miles"),
        ({"page_size": 101}, "page_size"),
        ({"page": 0}, "page"),
        ({"nearest": 5}, "nearest"),
        ({"codes": ["D T"]}, "codes"),
        # An unknown code used to match nothing silently; a typo must say so instead.
        ({"codes": ["NOSUCH"]}, "codes"),
        ({"facility_type": "rehab"}, "facility_type"),
    ],
)
def test_bad_queries_name_the_field(fields: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError, match=field if field != "nearest" else "nearest needs near"):
        FacilityQuery.model_validate(fields)


def test_unknown_place_raises_with_suggestions(facility_repo: SqlFacilityRepository) -> None:
    with pytest.raises(UnknownPlaceError) as caught:
        search_facilities(FacilityQuery(near="Charlotesville, VA"), facility_repo)
    assert "Charlottesville, VA" in caught.value.suggestions


def test_moved_facility_is_found_at_its_new_place(facility_repo: SqlFacilityRepository) -> None:
    run = ImportRun("test", "test", "0" * 64, 1)
    facility_repo.upsert([facility("a", 38.03, -78.48)], run)
    facility_repo.upsert([facility("a", 37.75, -122.41)], run)
    near = FacilityFilter(latitude=37.75, longitude=-122.41, radius_miles=1, include_synthetic=True)
    old = FacilityFilter(latitude=38.03, longitude=-78.48, radius_miles=1, include_synthetic=True)
    assert [h.frid for h in facility_repo.search(near).hits] == ["a"]
    assert facility_repo.search(old).total == 0


# -- property: the index answers exactly what a full great-circle scan answers ----------------------

CODES = ("BU", "DT", "MD", "SS")
_coords_near = st.tuples(st.floats(36.0, 40.0), st.floats(-80.0, -76.0))
_coords_anywhere = st.tuples(st.floats(-89.9, 89.9), st.floats(-179.99, 179.99))
_facility = st.tuples(
    st.one_of(_coords_near, _coords_anywhere),
    st.sets(st.sampled_from(CODES)),
    st.booleans(),
    st.sampled_from(("SA", "MH")),
)
_origin = st.one_of(
    st.tuples(st.floats(36.5, 39.5), st.floats(-79.5, -76.5)),
    st.tuples(st.floats(-89.0, 89.0), st.floats(-179.9, 179.9)),
)


def _oracle(rows: list[Facility], lat: float, lon: float, spec: FacilityFilter) -> list[tuple[float, str]]:
    scanned = sorted(
        (great_circle_miles(lat, lon, f.latitude, f.longitude), f.frid)
        for f in rows
        if f.latitude is not None
        and f.longitude is not None
        and (spec.include_synthetic or not f.synthetic)
        and set(spec.codes) <= set(f.codes)
        and (spec.facility_type is None or f.facility_type == spec.facility_type)
    )
    if spec.nearest is not None:
        if len(scanned) > spec.nearest:
            # A tie at the cut makes either answer right; hypothesis should look elsewhere.
            assume(scanned[spec.nearest][0] - scanned[spec.nearest - 1][0] > 1e-6)
        return scanned[: spec.nearest]
    radius = spec.radius_miles or 25.0
    assume(all(abs(d - radius) > 1e-6 for d, _ in scanned))
    return [(d, frid) for d, frid in scanned if d <= radius]


def _fresh_repository(backend: str, tmp_path: Path) -> SqlFacilityRepository:
    """An empty migrated database; hypothesis reuses ``tmp_path`` across examples, so SQLite is wiped too."""
    from recoverynav.storage import prepare_database
    from recoverynav.storage.engine import engine_for

    url = empty_database(backend, tmp_path)
    repo = prepare_database(url, load_bundled=False)
    if backend == "sqlite":
        with engine_for(url).begin() as conn:
            conn.execute(text("DELETE FROM facilities"))
    return repo


@pytest.mark.parametrize("backend", BACKENDS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.lists(_facility, max_size=40),
    origin=_origin,
    radius=st.floats(0.5, 3000.0),
    nearest=st.one_of(st.none(), st.integers(1, 12)),
    codes=st.sets(st.sampled_from(CODES), max_size=2),
    facility_type=st.one_of(st.none(), st.just("SA")),
    include_synthetic=st.booleans(),
)
def test_index_equals_brute_force_scan(
    backend: str,
    tmp_path: Path,
    data: list[tuple[tuple[float, float], set[str], bool, str]],
    origin: tuple[float, float],
    radius: float,
    nearest: int | None,
    codes: set[str],
    facility_type: str | None,
    include_synthetic: bool,
) -> None:
    repo = _fresh_repository(backend, tmp_path)
    rows = [
        facility(f"f{i:03d}", lat, lon, codes=sorted(c), synthetic=synthetic, facility_type=kind)
        for i, ((lat, lon), c, synthetic, kind) in enumerate(data)
    ]
    if rows:
        repo.upsert(rows, ImportRun("test", "test", "0" * 64, len(rows)))
    spec = FacilityFilter(
        latitude=origin[0],
        longitude=origin[1],
        radius_miles=radius,
        nearest=nearest,
        codes=tuple(sorted(codes)),
        facility_type=facility_type,
        include_synthetic=include_synthetic,
        limit=100,
    )
    expected = _oracle(rows, origin[0], origin[1], spec)
    page = repo.search(spec)
    assert page.total == len(expected)
    assert {h.frid for h in page.hits} == {frid for _, frid in expected}
    got = [h.distance_miles for h in page.hits]
    assert got == sorted(got)  # type: ignore[type-var]
    for hit, (miles, _) in zip(page.hits, sorted(expected), strict=True):
        assert hit.distance_miles == pytest.approx(miles, abs=2e-3)


def test_geocoded_origin_is_used(facility_repo: SqlFacilityRepository) -> None:
    _load_sample(facility_repo)
    place = geocode("22902")
    by_place = search_facilities(FacilityQuery(near="22902", radius_miles=5), facility_repo)
    by_point = search_facilities(
        FacilityQuery(near=f"{place.latitude},{place.longitude}", radius_miles=5), facility_repo
    )
    assert [h.frid for h in by_place.results] == [h.frid for h in by_point.results]


# -- property: every page equals the scan's page, also when many facilities share a distance -------------

# A few addresses near the origin, each holding several listings (as MOUD lists a clinic once per medication).
_SPOTS = [(38.03, -78.48), (38.05, -78.5), (38.0301, -78.4801), (38.2, -78.3), (37.9, -78.9)]


@pytest.mark.parametrize("backend", BACKENDS)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.lists(st.tuples(st.sampled_from(_SPOTS), st.sets(st.sampled_from(CODES))), max_size=40),
    radius=st.sampled_from([0.5, 5.0, 25.0]),
    nearest=st.one_of(st.none(), st.integers(1, 30)),
    codes=st.sets(st.sampled_from(CODES), max_size=1),
    offset=st.integers(0, 20),
    limit=st.integers(1, 9),
)
def test_pages_equal_the_scan_with_ties(
    backend: str,
    tmp_path: Path,
    data: list[tuple[tuple[float, float], set[str]]],
    radius: float,
    nearest: int | None,
    codes: set[str],
    offset: int,
    limit: int,
) -> None:
    repo = _fresh_repository(backend, tmp_path)
    rows = [facility(f"f{i:03d}", lat, lon, codes=sorted(c)) for i, ((lat, lon), c) in enumerate(data)]
    if rows:
        repo.upsert(rows, ImportRun("test", "test", "0" * 64, len(rows)))
    spec = FacilityFilter(
        latitude=38.03,
        longitude=-78.48,
        radius_miles=radius,
        nearest=nearest,
        codes=tuple(codes),
        include_synthetic=True,
        offset=offset,
        limit=limit,
    )
    got, scanned = repo.search(spec), search_by_scan(repo, spec)
    assert got.total == scanned.total
    assert [(h.frid, h.distance_miles) for h in got.hits] == [(h.frid, h.distance_miles) for h in scanned.hits]


@pytest.mark.parametrize("nearest", [None, 31])
@pytest.mark.parametrize(("offset", "limit"), [(0, 5), (5, 5), (12, 7), (25, 10)])
def test_one_address_with_many_listings_pages_by_frid(
    facility_repo: SqlFacilityRepository, offset: int, limit: int, nearest: int | None
) -> None:
    # 30 listings at one point: more ties than the rows fetched past a page, so the search fetches more.
    rows = [facility(f"f{i:03d}", 38.05, -78.5) for i in reversed(range(30))] + [facility("near", 38.03, -78.48)]
    facility_repo.upsert(rows, ImportRun("test", "test", "0" * 64, len(rows)))
    spec = FacilityFilter(latitude=38.03, longitude=-78.48, radius_miles=5, nearest=nearest, include_synthetic=True)
    page = facility_repo.search(replace(spec, offset=offset, limit=limit))
    assert page == search_by_scan(facility_repo, replace(spec, offset=offset, limit=limit))
    expected = ["near", *(f"f{i:03d}" for i in range(30))][offset : offset + limit]
    assert (page.total, [h.frid for h in page.hits]) == (31, expected)
