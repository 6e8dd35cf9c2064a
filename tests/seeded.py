"""A SQLite database prepared exactly as a fresh ``recoverynav serve`` prepares it, built once per test run.

Importing the bundled real data (facilities, meetings) takes 5-15 s of CPU, and a run used to do it a dozen times:
once per worker for the default database, once for each module's own copy and once inside every served process.
Now one process builds it (under a file lock shared by the xdist workers) and every other place gets a copy made
with SQLite's backup API, which takes a fraction of a second. What "first start" does is still tested where it is
the subject: ``tests/storage/test_database.py`` and the import tests prepare from nothing.
"""

from __future__ import annotations

import atexit
import fcntl
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

# The folder that holds the one prepared database of this run, shared by the controller and its xdist workers.
SEED_DIR_VARIABLE = "RN_TEST_SEED_DIR"
_DATABASE = "recoverynav.sqlite3"


def seed_dir() -> Path:
    """The run's seed folder, named by an environment variable ``tests/conftest.py`` sets before workers start."""
    folder = os.environ.get(SEED_DIR_VARIABLE)
    if not folder:
        folder = tempfile.mkdtemp(prefix="recoverynav-seed-")
        os.environ[SEED_DIR_VARIABLE] = folder
        atexit.register(shutil.rmtree, folder, True)
    return Path(folder)


def _template() -> Path:
    folder = seed_dir()
    database = folder / "data" / _DATABASE
    with (folder / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / "ready").exists():
            # A separate process: nothing prepared here is left cached in this one (engines, "already prepared").
            env = {k: v for k, v in os.environ.items() if not k.startswith("RECOVERYNAV_")}
            env["RECOVERYNAV_DATA_DIR"] = str(database.parent)
            code = "from recoverynav.startup import prepare; prepare()"
            subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True)
            (folder / "ready").touch()
    return database


def seed_sqlite(path: Path) -> Path:
    """Write a copy of the prepared database to ``path`` (not yet existing) and return it."""
    if path.exists():
        raise FileExistsError(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(f"file:{_template()}?mode=ro", uri=True)
    target = sqlite3.connect(path)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
    return path


def seed_data_dir(data_dir: Path) -> None:
    """Give a data folder (``RECOVERYNAV_DATA_DIR``) its prepared database, unless it has one already."""
    if not (data_dir / _DATABASE).exists():
        seed_sqlite(data_dir / _DATABASE)
