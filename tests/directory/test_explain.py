"""An empty search explains itself: every number in the explanation equals a brute-force scan of the data."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from recoverynav.directory import FacilityQuery, great_circle_miles, search_facilities
from recoverynav.directory.choices import search_any_of
from recoverynav.directory.empty import NATIONAL_HELPLINE
from recoverynav.directory.phones import TEL_PATTERN
from recoverynav.directory.repository import ImportRun
from recoverynav.storage import SqlFacilityRepository
from tests.facility_databases import empty_database, facility

ORIGIN = (38.03, -78.48)
CODES = ("MD", "SS", "NP", "DT", "HID", "BU", "UB", "METH", "SP")
# Any-of groups as the form makes them: detox, no insurance, buprenorphine (choices.yaml has wider ones).
GROUPS = (("DT", "HID"), ("NP", "SS"), ("BU", "UB"))

_spot = st.tuples(st.floats(-4.0, 4.0), st.floats(-4.0, 4.0))  # degrees from the origin: up to ~300 miles


def _repository(tmp_path: Path) -> SqlFacilityRepository:
    from recoverynav.storage import prepare_database
    from recoverynav.storage.engine import engine_for

    url = empty_database("sqlite", tmp_path)
    repo = prepare_database(url, load_bundled=False)
    with engine_for(url).begin() as conn:
        conn.execute(text("DELETE FROM facilities"))
    return repo


def _matches(codes: set[str], wanted: set[str], groups: list[tuple[str, ...]]) -> bool:
    return wanted <= codes and all(codes.intersection(g) for g in groups)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.lists(st.tuples(_spot, st.sets(st.sampled_from(CODES))), max_size=25),
    radius=st.floats(1.0, 60.0),
    wanted=st.sets(st.sampled_from(("MD", "SP")), max_size=1),
    groups=st.lists(st.sampled_from(GROUPS), max_size=2, unique=True),
)
def test_the_explanation_equals_a_scan(
    tmp_path: Path,
    data: list[tuple[tuple[float, float], set[str]]],
    radius: float,
    wanted: set[str],
    groups: list[tuple[str, ...]],
) -> None:
    repo = _repository(tmp_path)
    rows = [
        facility(f"f{i:03d}", ORIGIN[0] + dlat, ORIGIN[1] + dlon, codes=sorted(codes))
        for i, ((dlat, dlon), codes) in enumerate(data)
    ]
    if rows:
        repo.upsert(rows, ImportRun("test", "test", "0" * 64, len(rows)))
    miles = {f.frid: great_circle_miles(*ORIGIN, f.latitude or 0, f.longitude or 0) for f in rows}
    assume(all(abs(d - radius) > 0.01 for d in miles.values()))
    query = FacilityQuery(near=f"{ORIGIN[0]},{ORIGIN[1]}", radius_miles=radius, codes=sorted(wanted), include_demo=True)
    result = search_any_of(query, [list(g) for g in groups], repo)

    matching = [miles[f.frid] for f in rows if _matches(set(f.codes), wanted, groups)]
    in_range = [f for f in rows if miles[f.frid] <= radius]
    if any(d <= radius for d in matching):
        assert result.total > 0 and result.empty is None
        return
    empty = result.empty
    assert result.total == 0 and empty is not None
    assert empty.listings_in_range == len(in_range)
    assert empty.helpline == NATIONAL_HELPLINE and TEL_PATTERN.fullmatch(empty.helpline.tel)
    filtered = bool(wanted or groups)
    expected_reason = "listings_lack_requested_data" if in_range and filtered else "no_listings_in_range"
    assert empty.reason == expected_reason
    if not matching:
        assert empty.nearest_match_miles is None and empty.next_radius_miles is None
        return
    nearest = min(matching)
    assert empty.nearest_match_miles == pytest.approx(nearest, abs=2e-3)
    step = max(5, math.ceil((nearest + 0.05) / 5) * 5)
    assert empty.next_radius_miles == (step if step <= 500 else None)
    if empty.next_radius_miles is not None:
        assert empty.next_radius_miles > radius
        wider = search_any_of(query.model_copy(update={"radius_miles": float(step)}), [list(g) for g in groups], repo)
        assert wider.total == empty.next_radius_results >= 1
        assert wider.total == sum(1 for d in matching if d <= step)


def test_listings_without_payment_data_are_counted_and_named(tmp_path: Path) -> None:
    repo = _repository(tmp_path)
    rows = [
        facility("no-pay-1", 38.04, -78.49, codes=["BU"]),
        facility("no-pay-2", 38.05, -78.49, codes=["OP"]),
        facility("pays", 38.06, -78.49, codes=["PI"]),  # records payment, just not Medicaid
        facility("far-medicaid", 39.0, -78.49, codes=["MD"]),
    ]
    repo.upsert(rows, ImportRun("test", "test", "0" * 64, len(rows)))
    query = FacilityQuery(near="38.03,-78.48", radius_miles=10, codes=["MD"], include_demo=True)
    empty = search_facilities(query, repo).empty
    assert empty is not None and empty.reason == "listings_lack_requested_data"
    assert empty.listings_in_range == 3
    assert [(u.topic, u.listings, u.of) for u in empty.unrecorded] == [("payment", 2, 3)]
    assert "2 of 3 record no payment information" in empty.message
    assert empty.searched == "Medicaid within 10 miles of 38.0300, -78.4800"
    assert empty.next_radius_miles is not None and empty.next_radius_miles >= 65
    # Medication links only where a listing is within reach, with a radius that finds it.
    assert [(link.medication, link.radius_miles) for link in empty.medication_links] == [("BU", 5)]


def test_nothing_anywhere_says_so_and_offers_no_radius(tmp_path: Path) -> None:
    repo = _repository(tmp_path)
    empty = search_facilities(FacilityQuery(near="22902", radius_miles=25, include_demo=True), repo).empty
    assert empty is not None and empty.reason == "no_listings_in_range"
    assert empty.next_radius_miles is None and empty.medication_links == []
    assert "None that matches is within reach" in empty.message
