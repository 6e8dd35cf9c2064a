"""The README's promise, checked end to end: a real ``recoverynav serve`` process, every route and form with a
marker string in every field (errors that raise included), then every log stream and log file is searched.

The last step corrupts the database under the running server, so facility searches raise inside SQLAlchemy,
whose error messages quote the SQL parameters (what was typed): the traceback must still not show them.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.hostile import inputs
from tests.hostile.test_routes import ENTRIES
from tests.served import served


class Markers:
    """Unique strings, one per field, remembered so the logs can be searched for each."""

    def __init__(self) -> None:
        self.issued: list[str] = []

    def new(self) -> str:
        marker = f"typed{uuid.uuid4().hex[:12]}"
        self.issued.append(marker)
        return marker


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, Path]]:
    data_dir = tmp_path_factory.mktemp("served")
    logs = tmp_path_factory.mktemp("logs")
    env = {k: v for k, v in os.environ.items() if not k.startswith("RECOVERYNAV_")}
    env["RECOVERYNAV_DATA_DIR"] = str(data_dir)
    with served(env, logs, start_seconds=120) as base:
        yield base, data_dir, logs


def _scenario(http: httpx.Client, markers: Markers) -> None:
    """Every route with a marker in every path parameter, query parameter, JSON field and form field."""
    for entry in ENTRIES:
        method = sorted(entry.methods)[0]
        for param in entry.route.dependant.path_params:
            http.request(method, inputs.url(entry, **{param.name: markers.new()}))
        for name in inputs.query_names(entry):
            # Plain, with a CR/LF that could forge a log line, and with a lone surrogate.
            for value in (markers.new(), f"x\r\nINFO: {markers.new()}", f"\ud800{markers.new()}"):
                http.get(f"{inputs.url(entry)}?{name}={inputs.encode(value)}&near=22902")
        if method == "POST" and entry.is_api:
            base = inputs.BODIES[entry.path]
            for place in inputs.leaves(base):
                for leaf in (markers.new(), [markers.new(), markers.new()], f"\ud800{markers.new()}"):
                    body = json.dumps(inputs.replaced(base, place, leaf)).encode("utf-8", errors="surrogatepass")
                    http.post(inputs.url(entry), content=body, headers={"content-type": "application/json"})
        if method == "POST" and not entry.is_api:
            form = inputs.FORMS[entry.path]
            http.post(inputs.url(entry), data={field: markers.new() for field in form})
            for field in form:
                http.post(inputs.url(entry), data={**form, field: markers.new()})
    http.get(f"/substances/x%0d%0aINFO:%20recoverynav.access%20GET%20/{markers.new()}%20200")


def _log_text(logs: Path, data_dir: Path) -> str:
    streams = [logs / "stdout", logs / "stderr", *data_dir.rglob("*.log")]
    return "\n".join(path.read_bytes().decode("utf-8", errors="replace") for path in streams)


def test_nothing_typed_reaches_any_log(server: tuple[str, Path, Path]) -> None:
    base, data_dir, logs = server
    markers = Markers()
    sent: list[httpx.Request] = []
    with httpx.Client(base_url=base, timeout=60, event_hooks={"request": [sent.append]}) as http:
        _scenario(http, markers)
        # Errors that raise: the database goes bad under the running server, so searches fail in SQLAlchemy.
        for database in data_dir.glob("*.sqlite3*"):  # the file, its WAL and shared-memory index
            with database.open("r+b") as handle:
                handle.write(b"garbage!" * 512)
    failures: list[Any] = []
    for _ in range(3):
        # A new connection each: uvicorn closes one on which the app raised.
        failures.append(httpx.get(base + "/api/v1/facilities", params={"near": "22902", "name": markers.new()}))
        failures.append(httpx.get(base + "/find", params={"near": "22902", "code": markers.new()}))
    time.sleep(1.0)  # let the server flush its log lines
    text = _log_text(logs, data_dir)
    assert any(r.status_code == 500 for r in failures), "the corrupted database did not make a search fail"
    assert "Traceback" in text or "withheld" in text, "no failure was logged: the scenario proves nothing"
    assert text.count("recoverynav.access") >= len(sent), "the access log did not record every request"
    leaked = [m for m in markers.issued if m in text]
    assert leaked == [], f"{len(leaked)} typed values reached the logs, e.g. {leaked[:3]}"
    lines = text.splitlines()
    assert not any(line.startswith("INFO: typed") or " GET /typed" in line for line in lines), "a forged log line"
