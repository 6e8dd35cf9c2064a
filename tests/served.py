"""A real ``recoverynav serve`` in a subprocess for whole-scenario tests that read its logs and database files."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.conftest import _free_port
from tests.seeded import seed_data_dir


@contextmanager
def served(env: dict[str, str], logs: Path, *, start_seconds: float = 600) -> Iterator[str]:
    """Start ``recoverynav serve`` (stdout and stderr into ``logs``), yield its base URL, stop it with SIGINT.

    The data folder gets the run's prepared database first (tests/seeded.py) unless the test set a database URL
    or put one there itself: what serve does on a first start is not what these scenarios test. ``start_seconds`` is
    generous for a busy machine.
    """
    if "RECOVERYNAV_DATA_DIR" in env and "RECOVERYNAV_DATABASE_URL" not in env:
        seed_data_dir(Path(env["RECOVERYNAV_DATA_DIR"]))
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    with (logs / "stdout").open("wb") as out, (logs / "stderr").open("wb") as err:
        process = subprocess.Popen(
            # One worker: these scenarios read logs and files, and each extra worker costs a whole app start-up.
            [sys.executable, "-m", "recoverynav.cli", "serve", "--port", str(port), "--workers", "1"],
            env=env,
            stdout=out,
            stderr=err,
        )
        try:
            deadline = time.monotonic() + start_seconds
            while True:
                try:
                    if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("recoverynav serve did not start: " + (logs / "stderr").read_text(errors="replace"))
                time.sleep(0.3)
            yield base
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
