"""Imports stage their rows, then swap them in with set-based statements (#21): counts, derived rows, statistics."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from recoverynav.directory.repository import ImportRun
from recoverynav.storage import SqlFacilityRepository, UnitOfWork
from recoverynav.storage.directory.cells import FLAG_CLOSED, cell_of
from recoverynav.storage.directory.facilities import ANALYZE_AFTER_ROWS
from tests.facility_databases import facility


def _run(sha: str, *, full_refresh: bool = False) -> ImportRun:
    return ImportRun("test", "staged.json", sha * 64, 3, full_refresh)


def _spatial(repo: SqlFacilityRepository) -> dict[str, tuple[object, ...]]:
    """frid -> what the backend's derived spatial data holds for it (grid cell and flags, or the PostGIS point)."""
    with repo.engine.connect() as conn:
        if repo.engine.dialect.name == "sqlite":
            rows = conn.execute(
                text("SELECT f.frid, c.cell, c.flags FROM facility_cells c JOIN facilities f ON f.id = c.id")
            )
        else:
            rows = conn.execute(
                text("SELECT frid, round(ST_Y(geog::geometry)::numeric, 6), round(ST_X(geog::geometry)::numeric, 6) "
                     "FROM facilities WHERE geog IS NOT NULL")
            )  # fmt: skip
        return {row[0]: tuple(row[1:]) for row in rows}


def test_insert_update_unchanged_and_close_in_one_swap(facility_repo: SqlFacilityRepository) -> None:
    first = facility_repo.upsert(
        [facility("a", 38.03, -78.48), facility("b", 38.04, -78.49), facility("c", 38.05, -78.50)], _run("1")
    )
    assert (first.inserted, first.updated, first.unchanged, first.closed) == (3, 0, 0, 0)
    moved = facility("b", 40.71, -74.01, codes=["MD"])
    again = facility_repo.upsert(
        [facility("a", 38.03, -78.48), moved, facility("d", 41.0, -73.0)], _run("2", full_refresh=True)
    )
    assert (again.inserted, again.updated, again.unchanged, again.closed) == (1, 1, 1, 1)
    b, c = facility_repo.get("b"), facility_repo.get("c")
    assert b is not None and (b.latitude, b.codes) == (40.71, ["MD"])
    assert c is not None and c.status == "closed"
    spatial = _spatial(facility_repo)
    assert set(spatial) == {"a", "b", "c", "d"}
    if facility_repo.engine.dialect.name == "sqlite":
        # The grid moved with the row, and the closed row's flags say so (triggers fire on set-based statements).
        assert spatial["b"][0] == cell_of(40.71, -74.01)
        assert int(str(spatial["c"][1])) & FLAG_CLOSED and not int(str(spatial["a"][1])) & FLAG_CLOSED
    else:
        assert tuple(float(str(v)) for v in spatial["b"]) == (40.71, -74.01)
    # Ids follow the order of the input, as one insert per row gave them.
    with facility_repo.engine.connect() as conn:
        order = [row[0] for row in conn.execute(text("SELECT frid FROM facilities ORDER BY id"))]
    assert order == ["a", "b", "c", "d"]


def test_a_unit_of_work_stages_twice_and_keeps_nothing_without_commit(facility_repo: SqlFacilityRepository) -> None:
    with UnitOfWork(facility_repo.engine, lock_wait_seconds=5) as unit:
        unit.facilities.upsert([facility("a", 38.03, -78.48)], _run("1"))
        counts = unit.facilities.upsert([facility("a", 38.03, -78.48), facility("b", 38.0, -78.0)], _run("2"))
        assert (counts.inserted, counts.unchanged) == (1, 1)
    assert facility_repo.count() == 0
    # The stage of the abandoned unit does not linger on the pooled connection: the next import stages afresh.
    assert facility_repo.upsert([facility("c", 38.1, -78.1)], _run("3")).inserted == 1
    assert facility_repo.count() == 1


@pytest.mark.postgres
def test_a_bulk_load_leaves_postgres_fresh_statistics(facility_repo: SqlFacilityRepository) -> None:
    if facility_repo.engine.dialect.name != "postgresql":
        pytest.skip("the planner's statistics are PostgreSQL's")
    many = [facility(f"bulk-{i}", 30 + i / 100, -90 + i / 100) for i in range(ANALYZE_AFTER_ROWS + 200)]
    facility_repo.upsert(many, _run("4"))
    with facility_repo.engine.connect() as conn:
        estimate = conn.execute(text("SELECT reltuples FROM pg_class WHERE relname = 'facilities'")).scalar_one()
    # Without ANALYZE the planner would still see the empty (truncated) table and scan it for every lookup.
    assert 0.9 * len(many) <= estimate <= 1.1 * len(many)
