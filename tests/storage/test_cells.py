"""The SQLite grid index and the code bitmasks: cell arithmetic, covering ranges, triggers, in-place upgrade."""

from __future__ import annotations

import importlib
import math
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine, text

from recoverynav.directory import catalogue
from recoverynav.directory.repository import EARTH_RADIUS_MILES, FacilityFilter, ImportRun
from recoverynav.storage import SqlFacilityRepository
from recoverynav.storage.directory.cells import Cap, cell_of, cell_ranges
from recoverynav.storage.directory.codebits import (
    BITS_PER_WORD,
    CODE_ORDER,
    MASK_COLUMNS,
    WORDS,
    code_masks,
    split_codes,
)
from recoverynav.storage.engine import engine_for
from recoverynav.storage.migrate import _config, upgrade
from tests.facility_databases import BACKENDS, empty_database, facility

MIGRATION = importlib.import_module("recoverynav.storage.migrations.versions.0002_facility_cells")
RUN = ImportRun("test", "test", "0" * 64, 1)

# -- code bitmasks ---------------------------------------------------------------------------------


def test_every_catalogue_code_has_its_own_bit() -> None:
    assert len(set(CODE_ORDER)) == len(CODE_ORDER) <= WORDS * BITS_PER_WORD
    # A new catalogue code: append it to CODE_ORDER and add a migration that recomputes the masks.
    assert set(catalogue()) <= set(CODE_ORDER)
    singles = [code_masks([code]) for code in CODE_ORDER]
    assert len(set(singles)) == len(CODE_ORDER)
    assert all(sum(bin(word).count("1") for word in masks) == 1 for masks in singles)
    assert all(0 <= word < 2**63 for word in code_masks(CODE_ORDER))


@pytest.mark.parametrize(
    ("codes", "unknown"),
    [(["BU", "MD"], ()), (["BU", "NOSUCH"], ("NOSUCH",)), ([], ()), (["ZZ9"], ("ZZ9",))],
)
def test_codes_without_a_bit_are_matched_by_text(codes: list[str], unknown: tuple[str, ...]) -> None:
    masks, left = split_codes(codes)
    assert left == unknown
    assert masks == code_masks(c for c in codes if c not in unknown)


# -- cells and ranges ------------------------------------------------------------------------------

_lat = st.floats(-90.0, 90.0)
_lon = st.floats(-180.0, 180.0)


@given(lat=_lat, lon=_lon)
def test_python_and_the_triggers_put_a_point_in_the_same_cell(lat: float, lon: float) -> None:
    with sqlite3.connect(":memory:") as db:
        sql = MIGRATION._cell("p").replace("p.latitude", "?1").replace("p.longitude", "?2")
        assert db.execute(f"SELECT {sql}", (lat, lon)).fetchone()[0] == cell_of(lat, lon)


@given(
    lat=st.floats(-89.9, 89.9),
    lon=st.floats(-179.99, 179.99),
    radius=st.floats(0.01, 3000.0),
    bearing=st.floats(0.0, 2 * math.pi),
    fraction=st.floats(0.0, 1.0),
)
def test_the_ranges_cover_every_point_of_the_circle(
    lat: float, lon: float, radius: float, bearing: float, fraction: float
) -> None:
    # The point `fraction * radius` away in direction `bearing` (spherical destination formula).
    angle = fraction * radius / EARTH_RADIUS_MILES
    p1, l1 = math.radians(lat), math.radians(lon)
    p2 = math.asin(math.sin(p1) * math.cos(angle) + math.cos(p1) * math.sin(angle) * math.cos(bearing))
    l2 = l1 + math.atan2(
        math.sin(bearing) * math.sin(angle) * math.cos(p1), math.cos(angle) - math.sin(p1) * math.sin(p2)
    )
    lat2, lon2 = math.degrees(p2), (math.degrees(l2) + 540) % 360 - 180
    cell = cell_of(lat2, lon2)
    assert any(lo <= cell <= hi for lo, hi in cell_ranges(lat, lon, radius))


@pytest.mark.parametrize(
    ("miles", "inside", "outside"),
    [(25.0, math.cos(24.9 / EARTH_RADIUS_MILES), math.cos(25.1 / EARTH_RADIUS_MILES)), (13_000.0, -1.0, None)],
)
def test_cap_thresholds(miles: float, inside: float, outside: float | None) -> None:
    cap = Cap.of(miles)
    assert inside >= cap.sure and cap.maybe <= cap.sure
    assert outside is None or outside < cap.maybe


# -- the index follows every write -----------------------------------------------------------------


def _frids(repo: SqlFacilityRepository, **fields: object) -> list[str]:
    spec = FacilityFilter(latitude=38.03, longitude=-78.48, radius_miles=5, include_synthetic=True, **fields)  # type: ignore[arg-type]
    return [hit.frid for hit in repo.search(spec).hits]


def test_every_write_reaches_the_index(facility_repo: SqlFacilityRepository) -> None:
    facility_repo.upsert(
        [facility("a", 38.03, -78.48, codes=["BU"], facility_type="SA"), facility("b", 38.04, -78.49, codes=["MD"])],
        RUN,
    )
    assert (_frids(facility_repo, codes=("BU",)), _frids(facility_repo)) == (["a"], ["a", "b"])
    facility_repo.upsert([facility("a", 38.03, -78.48, codes=["MD"], facility_type="MH")], RUN)
    assert _frids(facility_repo, codes=("BU",)) == []
    assert _frids(facility_repo, codes=("MD",)) == ["a", "b"]
    assert _frids(facility_repo, facility_type="mh") == ["a"]
    refresh = ImportRun("test", "test", "1" * 64, 1, full_refresh=True)
    facility_repo.upsert([facility("a", 38.03, -78.48, codes=["MD"], facility_type="MH")], refresh)
    assert (_frids(facility_repo), _frids(facility_repo, include_closed=True)) == (["a"], ["a", "b"])
    unplaced = facility("a", 0, 0, codes=["MD"]).model_copy(update={"latitude": None, "longitude": None})
    facility_repo.upsert([unplaced], RUN)
    assert _frids(facility_repo, include_closed=True) == ["b"]
    with facility_repo.engine.begin() as conn:
        conn.execute(text("DELETE FROM facilities WHERE frid = 'b'"))
    assert _frids(facility_repo, include_closed=True) == []
    if not facility_repo.postgis:
        with facility_repo.engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM facility_cells")).scalar() == 0


# -- existing databases upgrade in place -----------------------------------------------------------


def _migrate(engine: Engine, direction: str, revision: str) -> None:
    config = _config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        getattr(command, direction)(config, revision)


_INSERT_0001 = text(
    "INSERT INTO facilities (frid, name, name2, street, street2, city, state, zip, phone, intake_phone, hotline,"
    " website, latitude, longitude, facility_type, codes, other_services, source, dataset, snapshot_year,"
    " synthetic, status, fingerprint, updated_at) VALUES (:frid, :frid, '', '', '', '', '', '', '', '', '', '',"
    " :lat, :lon, 'SA', :codes, '', 'test', 'test', 2026, :synthetic, 'open', 'x', CURRENT_TIMESTAMP)"
)


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_0001_database_upgrades_in_place(backend: str, tmp_path: Path) -> None:
    url = empty_database(backend, tmp_path)
    engine = engine_for(url)
    _migrate(engine, "downgrade", "0001")
    rows = [("a", 38.03, -78.48, "|BU|MD|"), ("b", 38.1, -78.5, "|MD|ZZZ|"), ("c", None, None, "|BU|")]
    with engine.begin() as conn:
        for frid, lat, lon, codes in rows:
            conn.execute(_INSERT_0001, {"frid": frid, "lat": lat, "lon": lon, "codes": codes, "synthetic": False})
    upgrade(engine)
    repo = SqlFacilityRepository(engine)
    assert _frids(repo, codes=("MD",)) == ["a", "b"]
    assert (_frids(repo, codes=("BU",)), _frids(repo, codes=("ZZZ",))) == (["a"], ["b"])
    with engine.connect() as conn:
        stored = conn.execute(text(f"SELECT {', '.join(MASK_COLUMNS)} FROM facilities WHERE frid = 'a'")).one()
        assert tuple(stored) == code_masks(["BU", "MD"])
        if backend == "sqlite":
            assert conn.execute(text("SELECT count(*) FROM facility_cells")).scalar() == 2
