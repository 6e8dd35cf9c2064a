"""Fixtures shared by every layer: an API client, a live server for the browser, CLI runner."""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from click.testing import CliRunner
from fastapi.testclient import TestClient

# Tests never touch a real data directory: the embedded database always goes to a temporary one, even when
# RECOVERYNAV_DATA_DIR (or a database URL) is set, as it is on a deployed machine.
_data_dir = tempfile.mkdtemp(prefix="recoverynav-test-")
os.environ["RECOVERYNAV_DATA_DIR"] = _data_dir
os.environ.pop("RECOVERYNAV_DATABASE_URL", None)
os.environ.pop("RECOVERYNAV_CONFIG", None)
# The suite sends hundreds of POSTs from one client: rate limits are off unless a test turns them on (#21).
os.environ["RECOVERYNAV_RATE_LIMITS"] = "off"
atexit.register(shutil.rmtree, _data_dir, True)
# The folder for the run's one prepared database (tests/seeded.py), named before xdist starts its workers.
from tests.seeded import seed_data_dir, seed_dir  # noqa: E402

seed_dir()


def pytest_configure(config: pytest.Config) -> None:
    """Under pytest-xdist each worker gets its own PostgreSQL database beside the one ``scripts/test`` made.

    Tests truncate and migrate freely, so two workers must never share one; the copy is dropped at exit. (A hook,
    not import-time code: a subprocess that imports this file must not touch a worker's database.)
    """
    worker_input = getattr(config, "workerinput", None)
    base_url = os.environ.get("RECOVERYNAV_TEST_POSTGRES_URL")
    if worker_input is None or not base_url:
        return
    worker = str(worker_input["workerid"])
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = make_url(base_url)
    name = f"{base.database}_{worker}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")

    def run(statement: str) -> None:
        with admin.connect() as conn:
            conn.execute(text(statement))

    run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    run(f'CREATE DATABASE "{name}"')
    os.environ["RECOVERYNAV_TEST_POSTGRES_URL"] = base.set(database=name).render_as_string(hide_password=False)

    def drop() -> None:
        from recoverynav.storage.engine import dispose_all

        dispose_all()
        run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()

    atexit.register(drop)


from recoverynav.app import create_app  # noqa: E402 - after the data directory is set

# Facility databases on SQLite and PostgreSQL (fixtures facility_repo, facility_db_url, configured_database).
pytest_plugins = ["tests.facility_databases"]


@pytest.fixture(scope="session")
def client() -> Iterator[TestClient]:
    seed_data_dir(Path(_data_dir))
    with TestClient(create_app()) as test_client:
        yield test_client


@pytest.fixture(autouse=True)
def _forget_cookies(request: pytest.FixtureRequest) -> Iterator[None]:
    """The shared client forgets cookies after each test: following a page's "Español" link sets ``lang=es``,
    which would otherwise draw every later test's pages in Spanish."""
    yield
    if "client" in request.fixturenames:
        request.getfixturevalue("client").cookies.clear()


@pytest.fixture()
def runner() -> CliRunner:
    seed_data_dir(Path(_data_dir))
    return CliRunner()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def live_server() -> Iterator[str]:
    """The real app on uvicorn in a thread, at http://127.0.0.1:<free port>."""
    from recoverynav.startup import prepare

    seed_data_dir(Path(_data_dir))
    prepare()
    port = _free_port()
    config = uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
