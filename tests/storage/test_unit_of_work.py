"""A unit of work: writes of several repositories commit together, or none is kept."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from recoverynav.directory.repository import ImportRun
from recoverynav.storage import SqlFacilityRepository, UnitOfWork
from tests.facility_databases import facility

RUN = ImportRun("test", "unit.json", "0" * 64, 1, False)


def _unit(repo: SqlFacilityRepository) -> UnitOfWork:
    return UnitOfWork(repo.engine, lock_wait_seconds=5)


def test_writes_commit_together_only_on_commit(facility_repo: SqlFacilityRepository) -> None:
    with _unit(facility_repo) as unit:
        unit.facilities.upsert([facility("a", 38.03, -78.48)], RUN)
        unit.facilities.upsert([facility("b", 38.04, -78.49)], RUN)
        assert facility_repo.get("a") is None  # not visible outside the unit before it commits
        unit.commit()
    assert facility_repo.get("a") is not None and facility_repo.get("b") is not None


def test_a_unit_left_without_commit_keeps_nothing(facility_repo: SqlFacilityRepository) -> None:
    with _unit(facility_repo) as unit:
        unit.facilities.upsert([facility("a", 38.03, -78.48)], RUN)
    assert facility_repo.count() == 0


def test_a_failure_after_one_write_keeps_neither(facility_repo: SqlFacilityRepository) -> None:
    with pytest.raises(RuntimeError, match="second write failed"), _unit(facility_repo) as unit:
        unit.facilities.upsert([facility("a", 38.03, -78.48)], RUN)
        unit.commit()
        raise RuntimeError("second write failed")
    assert facility_repo.count() == 0


def test_a_repository_outside_a_unit_commits_each_write_itself(facility_repo: SqlFacilityRepository) -> None:
    facility_repo.upsert([facility("a", 38.03, -78.48)], RUN)
    assert facility_repo.get("a") is not None


def test_sqlite_units_write_with_synchronous_full(facility_repo: SqlFacilityRepository) -> None:
    if facility_repo.postgis:
        pytest.skip("a SQLite setting")
    with _unit(facility_repo) as unit:
        assert unit.connection.execute(text("PRAGMA synchronous")).scalar_one() == 2  # FULL
    with facility_repo.engine.connect() as reader:
        assert reader.execute(text("PRAGMA synchronous")).scalar_one() == 1  # NORMAL: reads need no fsync
