"""Concurrent imports queue behind one write lock (or fail with a clear message), never a traceback.

Before the lock: two imports of one file gave "database is locked" on SQLite (both read, then both tried to
write) and a unique-constraint violation on PostgreSQL (both inserted the same new frids).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from recoverynav.directory.importers import ImportReport, import_bytes
from recoverynav.storage import SqlFacilityRepository
from recoverynav.storage.engine import engine_for
from recoverynav.storage.locks import StorageBusy, write_lock
from tests.facility_databases import sample_bytes

SAMPLE = "findtreatment_api_sample_2019_charlottesville.json"


def test_imports_of_one_file_in_parallel_threads_queue(facility_repo: SqlFacilityRepository) -> None:
    reports: list[ImportReport] = []
    failures: list[BaseException] = []
    start = threading.Barrier(4)

    def run() -> None:
        start.wait()
        try:
            reports.append(import_bytes(sample_bytes(), SAMPLE, facility_repo))
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    # One import wrote every site (the sample's 30 listings merge into fewer sites); the others found them stored.
    inserted = sorted(r.counts.inserted for r in reports)
    assert inserted[:3] == [0, 0, 0] and inserted[3] == facility_repo.count() > 0


def test_an_import_that_waits_too_long_says_so_and_writes_nothing(facility_db_url: str) -> None:
    repo = SqlFacilityRepository(engine_for(facility_db_url), lock_wait_seconds=0.2)
    with write_lock(repo.engine), pytest.raises(StorageBusy, match=r"another import is writing.*run this again"):
        import_bytes(sample_bytes(), SAMPLE, repo)
    assert repo.count() == 0


def test_two_processes_importing_into_a_fresh_database_both_succeed(tmp_path: Path) -> None:
    # The hardest case: both also race to create the schema and load the bundled files on first use.
    file = tmp_path / SAMPLE
    file.write_bytes(sample_bytes())
    env = os.environ | {"RECOVERYNAV_DATA_DIR": str(tmp_path / "data")}
    env.pop("RECOVERYNAV_DATABASE_URL", None)
    command = [sys.executable, "-m", "recoverynav.cli", "facilities", "import", str(file)]
    runs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    results = [(run.wait(timeout=300), *run.communicate()) for run in runs]
    for code, out, err in results:
        assert b"Traceback" not in out + err and code == 0, err.decode()
    assert all(b"30 rows, 30 facilities" in out for _, out, _ in results)
