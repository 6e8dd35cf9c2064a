"""Storage: migrations from the package, first-run loading of the bundled real data, the spatial index."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from recoverynav.directory import FacilityQuery, search_facilities
from recoverynav.directory.bundled import BUNDLED
from recoverynav.storage import prepare_database
from recoverynav.storage.engine import engine_for
from recoverynav.storage.migrate import is_current
from tests.facility_databases import BACKENDS, empty_database


def test_sqlite_file_is_created_in_wal_mode_with_a_cell_index(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new' / 'db.sqlite3'}"
    prepare_database(url, load_bundled=False)
    engine = engine_for(url)
    assert (tmp_path / "new" / "db.sqlite3").exists()
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        sql = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'facility_cells'")).scalar()
        triggers = (
            conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'facilities'"))
            .scalars()
            .all()
        )
    assert "WITHOUT ROWID" in str(sql)
    assert sorted(triggers) == [f"facilities_cells_{kind}" for kind in ("delete", "insert", "update")]
    assert is_current(engine)


@pytest.mark.postgres
def test_postgres_has_a_gist_indexed_geography(tmp_path: Path) -> None:
    url = empty_database("postgres", tmp_path)
    with engine_for(url).connect() as conn:
        kind = conn.execute(
            text(
                "SELECT format_type(atttypid, atttypmod) FROM pg_attribute"
                " WHERE attrelid = 'facilities'::regclass AND attname = 'geog'"
            )
        ).scalar()
        index = conn.execute(text("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_facilities_geog'")).scalar()
    assert kind == "geography(Point,4326)"
    assert "gist" in str(index)
    assert {"facilities", "facility_imports"} <= set(inspect(engine_for(url)).get_table_names())


@pytest.mark.parametrize("backend", BACKENDS)
def test_first_run_loads_every_bundled_file_once(backend: str, tmp_path: Path) -> None:
    from recoverynav.storage import database

    url = empty_database(backend, tmp_path)
    database._PREPARED.discard(url)
    repo = prepare_database(url)
    loaded = repo.count()
    # 39,949 rows of seven files, merged into one card per site (the 2025 points only mark sites).
    assert loaded == 15613
    database._PREPARED.discard(url)
    assert prepare_database(url).count() == loaded
    with engine_for(url).connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM facility_imports")).scalar() == len(BUNDLED)
    sf = search_facilities(FacilityQuery(near="94110", radius_miles=10, codes=["BU"], page_size=100), repo)
    assert sf.total >= 20
    assert all(h.state == "CA" and "BU" in h.codes and h.distance_miles <= 10 for h in sf.results)  # type: ignore[operator]
    assert any(source.dataset == "moud" for h in sf.results for source in h.sources)
    database._PREPARED.discard(url)


@pytest.mark.postgres
def test_postgis_circle_condition_uses_the_gist_index(tmp_path: Path) -> None:
    from sqlalchemy import select

    from recoverynav.storage.directory import spatial
    from recoverynav.storage.directory.tables import facilities

    url = empty_database("postgres", tmp_path)
    query = select(facilities.c.id).where(spatial.postgis_within(38.03, -78.48, 25))
    sql = str(query.compile(engine_for(url), compile_kwargs={"literal_binds": True}))
    with engine_for(url).connect() as conn:
        # With sequential scans priced out, only an indexable condition shows the index in the plan.
        conn.execute(text("SET LOCAL enable_seqscan = off"))
        plan = "\n".join(row[0] for row in conn.execute(text(f"EXPLAIN {sql}")))
    assert "ix_facilities_geog" in plan
