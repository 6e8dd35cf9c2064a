"""Production on more than one machine (#21): readiness, the read replica, JSON logs, Prometheus metrics."""

from __future__ import annotations

import io
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import create_engine, text

from recoverynav.app import create_app
from recoverynav.directory.repository import ImportRun
from recoverynav.logs import JsonFormatter, log_config
from recoverynav.settings import get_settings
from recoverynav.storage import database, prepare_database
from recoverynav.storage.engine import engine_for
from tests.facility_databases import facility

TOKEN = "scrape-token-for-tests"
# Built at run time so no marker is in this file's source lines (a traceback prints them).
MARKER = "".join(["Sec", "ret", "Typed"])


@pytest.fixture()
def env(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """Set RECOVERYNAV_* variables for one test; the settings are re-read before and after."""
    get_settings.cache_clear()
    yield monkeypatch
    monkeypatch.undo()
    get_settings.cache_clear()


@pytest.fixture()
def migrated(env: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[str]:
    """RECOVERYNAV_DATABASE_URL at a migrated SQLite file without the bundled national files (minutes to load)."""
    url = f"sqlite:///{tmp_path / 'migrated.sqlite3'}"
    prepare_database(url, load_bundled=False)
    database._PREPARED.add(url)
    _use(env, database_url=url)
    yield url
    database._PREPARED.discard(url)


def _use(env: pytest.MonkeyPatch, **values: str) -> None:
    for name, value in values.items():
        env.setenv(f"RECOVERYNAV_{name.upper()}", value)
    get_settings.cache_clear()


# -- /readyz ---------------------------------------------------------------------------------------------------


def test_readyz_is_200_on_a_migrated_database(configured_database: str) -> None:
    with TestClient(create_app()) as client:
        answer = client.get("/readyz")
    assert answer.status_code == 200 and answer.json()["status"] == "ready"
    assert answer.headers["cache-control"] == "no-store"


def test_readyz_is_503_with_a_short_reason(env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    with TestClient(create_app()) as client:
        _use(env, database_url=f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
        fresh = client.get("/readyz")
        behind = tmp_path / "behind.sqlite3"
        prepare_database(f"sqlite:///{behind}", load_bundled=False)
        with create_engine(f"sqlite:///{behind}").begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '0001'"))
        _use(env, database_url=f"sqlite:///{behind}")
        stale = client.get("/readyz")
        # Nothing listens on port 9: the reason never repeats the address, user or password.
        _use(env, database_url="postgresql+psycopg://opsuser:hunter2@127.0.0.1:9/secretdb?connect_timeout=1")
        down = client.get("/readyz")
    assert (fresh.status_code, stale.status_code, down.status_code) == (503, 503, 503)
    assert fresh.json() == {
        "status": "not ready",
        "reason": "database: no schema yet (the first recoverynav serve creates it)",
    }
    assert "newest migration" in stale.json()["reason"]
    assert down.json() == {"status": "not ready", "reason": "database: unreachable"}
    assert down.headers["retry-after"] == "5"
    for secret in ("opsuser", "hunter2", "secretdb", "127.0.0.1"):
        assert secret not in down.text


# -- the read replica ------------------------------------------------------------------------------------------


def test_the_finder_reads_from_the_replica_and_writes_go_to_the_primary(
    env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Two real SQLite databases holding different facilities: whichever the finder shows says which it read."""
    primary_url = f"sqlite:///{tmp_path / 'primary.sqlite3'}"
    replica_url = f"sqlite:///{tmp_path / 'replica.sqlite3'}"
    for url, frid in ((primary_url, "on-primary"), (replica_url, "on-replica")):
        prepare_database(url, load_bundled=False).upsert(
            [facility(frid, 38.03, -78.48)], ImportRun("test", f"{frid}.json", frid[3] * 64, 1)
        )
    database._PREPARED.add(primary_url)  # the bundled national files are not needed here (minutes to load)
    _use(env, database_url=primary_url, database_read_url=replica_url, show_demo_data="true")
    try:
        with TestClient(create_app(), client=("192.0.2.21", 40000)) as client:
            found = client.get("/api/v1/facilities", params={"near": "38.03,-78.48", "radius_miles": 5}).json()
            page = client.get("/find", params={"near": "38.03,-78.48", "radius": "5"})
            one = client.get("/api/v1/facilities/on-replica")
            missing = client.get("/api/v1/facilities/on-primary")
            shown = client.get("/facilities/on-replica")
            before = _row_counts(replica_url)
            created = client.post(
                "/api/v1/callback-requests", json={"nickname": "Wren", "phone": "267-555-0161", "consent_to_call": True}
            )
            after = _row_counts(replica_url)
    finally:
        database._PREPARED.discard(primary_url)
    assert [hit["frid"] for hit in found["results"]] == ["on-replica"]
    assert "on-replica" in page.text and "on-primary" not in page.text
    assert (one.status_code, missing.status_code, shown.status_code) == (200, 404, 200)
    assert created.status_code == 201, created.text
    assert after == before  # the write went to the primary only
    with engine_for(primary_url).connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM cases")).scalar_one() == 1


def _row_counts(url: str) -> dict[str, int]:
    with create_engine(url).connect() as conn:
        names = conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'")).scalars().all()
        return {name: conn.execute(text(f'SELECT count(*) FROM "{name}"')).scalar_one() for name in names}


def test_without_a_read_url_the_finder_reads_the_primary(migrated: str) -> None:
    from recoverynav.wiring import facility_repository, finder_repository

    primary = facility_repository()
    assert finder_repository(primary) is primary


# -- JSON logs ---------------------------------------------------------------------------------------------------


def test_json_logs_carry_route_templates_and_nothing_typed(migrated: str) -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    # Our loggers (the test client's own, httpx2, logs the URLs it requests: not the server's log).
    root = logging.getLogger("recoverynav")
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        with TestClient(create_app(), client=("192.0.2.22", 40000)) as client:
            client.get("/overdose", params={"sign": "not_breathing", "substance": MARKER})
            client.get(f"/substances/{MARKER}")
            client.get("/find", params={"code": MARKER, "type": MARKER})  # refused (422), the values unechoed
            client.post(
                "/facilities/no-such-listing/report",
                data={"reason": "closed", "details": MARKER, "contact": f"{MARKER}@example.org"},
                headers={"Origin": "http://testserver"},
            )
            client.post(
                "/api/v1/callback-requests",
                json={"nickname": MARKER, "phone": "267-555-0199", "best_time": MARKER, "consent_to_call": True},
            )
        try:
            raise ValueError(f"could not use {MARKER}\r\nINFO forged line")
        except ValueError:
            logging.getLogger("recoverynav.test").exception("handling %s", "a request")
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
    written = stream.getvalue()
    assert MARKER not in written and "267-555-0199" not in written and "not_breathing" not in written
    records = [json.loads(line) for line in written.splitlines()]  # every line is one JSON object
    access = [r for r in records if r["logger"] == "recoverynav.access"]
    assert [(r["method"], r["route"]) for r in access] == [
        ("GET", "/overdose"),
        ("GET", "/substances/{substance_id}"),
        ("GET", "/find"),
        ("POST", "/facilities/{frid}/report"),
        ("POST", "/api/v1/callback-requests"),
    ]
    assert all(isinstance(r["status"], int) and isinstance(r["duration_ms"], float) for r in access)
    failure = records[-1]
    assert failure["level"] == "ERROR" and failure["exception"].startswith("builtins.ValueError (message withheld")
    assert written.isascii()


def test_log_config_follows_the_log_format_setting(env: pytest.MonkeyPatch) -> None:
    assert log_config("INFO")["formatters"]["safe"]["()"] is not JsonFormatter
    _use(env, log_format="json")
    assert log_config("INFO")["formatters"]["safe"]["()"] is JsonFormatter
    _use(env, log_format="xml")
    with pytest.raises(ValueError, match="log_format"):
        log_config("INFO")


# -- /metrics --------------------------------------------------------------------------------------------------


def _samples(body: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(body)
        for sample in family.samples
    }


def test_metrics_are_off_without_a_token(client: TestClient) -> None:
    assert client.get("/metrics").status_code == 404


def test_metrics_need_the_token_and_name_route_templates_only(env: pytest.MonkeyPatch, migrated: str) -> None:
    _use(env, metrics_token=TOKEN)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with TestClient(create_app()) as client:
        assert client.get("/metrics").status_code == 401
        assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
        first = _samples(client.get("/metrics", headers=auth).text)
        client.get(f"/substances/{MARKER}", params={"q": MARKER})
        client.get("/api/v1/facilities", params={"near": "22902"})
        client.get("/api/v1/facilities", params={"near": "22902"})
        answer = client.get("/metrics", headers=auth)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/plain")
    assert MARKER not in answer.text and "22902" not in answer.text
    after = _samples(answer.text)
    key = ("recoverynav_http_requests_total", (("method", "GET"), ("route", "/api/v1/facilities"), ("status", "200")))
    assert after[key] - first.get(key, 0.0) == 2
    routes = {dict(labels).get("route") for name, labels in after if name.startswith("recoverynav_http")}
    assert "/substances/{substance_id}" in routes and all(r is None or r == "-" or r.startswith("/") for r in routes)
    count = ("recoverynav_http_request_duration_seconds_count", key[1])
    assert after[count] - first.get(count, 0.0) == 2
    assert after[("recoverynav_db_checkouts_total", (("database", "primary"),))] >= 1


def test_workers_share_one_multiprocess_metrics_folder(env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Two worker processes count into the folder ``serve`` prepares; a scrape of either reports both."""
    _use(env, metrics_token=TOKEN)
    env.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path / "metrics"))
    (tmp_path / "metrics").mkdir()
    (tmp_path / "metrics" / "counter_1.db").write_bytes(b"stale from an earlier run")
    from recoverynav.metrics import multiprocess_dir

    assert multiprocess_dir() == tmp_path / "metrics" and not list((tmp_path / "metrics").iterdir())
    worker = (
        "import sys; from recoverynav.metrics import exposition, request_observer;"
        "request_observer()('GET', '/find', 200, 0.02);"
        "sys.stdout.buffer.write(exposition()[0])"
    )
    child_env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    outputs = [
        subprocess.run([sys.executable, "-c", worker], env=child_env, capture_output=True, check=True).stdout
        for _ in range(2)
    ]
    key = ("recoverynav_http_requests_total", (("method", "GET"), ("route", "/find"), ("status", "200")))
    assert _samples(outputs[0].decode())[key] == 1
    assert _samples(outputs[1].decode())[key] == 2  # the second worker's scrape includes the first's count


# -- graceful shutdown -------------------------------------------------------------------------------------------

_SERVER = """
import sys, uvicorn
from recoverynav.serving import server_options
uvicorn.run("recoverynav.app:create_app", factory=True, host="127.0.0.1", port=int(sys.argv[1]), **server_options())
"""


def _half_sent(port: int, body: bytes) -> socket.socket:
    """A POST whose headers and first half of body are sent: a request in flight, waiting for the rest."""
    conn = socket.create_connection(("127.0.0.1", port), timeout=30)
    head = "POST /api/v1/interactions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
    conn.sendall(f"{head}Content-Length: {len(body)}\r\n\r\n".encode() + body[: len(body) // 2])
    return conn


def _answer(conn: socket.socket) -> bytes:
    chunks = []
    while chunk := conn.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def test_sigterm_lets_requests_in_flight_finish_then_closes_the_rest(tmp_path: Path) -> None:
    """What serve runs: on SIGTERM the port closes at once, a request in flight is answered in full, and one
    that is still not complete when RECOVERYNAV_SHUTDOWN_GRACE_SECONDS ends is cut so the server exits.

    One real server process (~3 s to import the app on an idle machine): a signal cannot be sent to a thread."""
    from tests.conftest import _free_port

    port = _free_port()
    child_env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(sys.path),
        "RECOVERYNAV_SHUTDOWN_GRACE_SECONDS": "2",
        "RECOVERYNAV_LOG_FORMAT": "json",
    }
    with (tmp_path / "stderr").open("wb") as err:
        server = subprocess.Popen([sys.executable, "-c", _SERVER, str(port)], env=child_env, stderr=err)
    try:
        _wait_until_serving(port, server)
        body = json.dumps(["baclofen", "alcohol"]).encode()
        finishing, abandoned = _half_sent(port, body), _half_sent(port, body)
        server.send_signal(signal.SIGTERM)
        _wait_until_refused(port)  # shutdown has begun: no new connections
        finishing.sendall(body[len(body) // 2 :])
        answer = _answer(finishing)
        # uvicorn re-raises the signal once shut down: exit status -SIGTERM, after the answer above.
        assert server.wait(timeout=60) == -signal.SIGTERM  # although the abandoned request never completed
        cut = _answer(abandoned)  # cancelled once the grace period ended: a 500 or nothing, never an answer
        assert cut == b"" or cut.startswith(b"HTTP/1.1 500"), cut[:80]
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    head, _, payload = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200") and b"connection: close" in head.lower()
    assert "baclofen" in payload.decode().lower()  # the whole report, for the whole body sent after SIGTERM
    lines = [json.loads(line) for line in (tmp_path / "stderr").read_text().splitlines()]
    assert any(line.get("route") == "/api/v1/interactions" and line.get("status") == 200 for line in lines)
    assert any("graceful shutdown exceeded" in line["message"] for line in lines), lines


def _wait_until_serving(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as probe:
                probe.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                if _answer(probe).startswith(b"HTTP/1.1 200"):
                    return
        except OSError:
            pass
        time.sleep(0.1)
    pytest.fail("the server did not start")


def _wait_until_refused(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
        except OSError:
            return
        time.sleep(0.05)
    pytest.fail("the port stayed open after SIGTERM")
