"""A whole staff scenario against a real server: no e-mail or password reaches the database file or any log."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from recoverynav.backoffice.totp import totp
from tests.seeded import seed_data_dir
from tests.served import served

EMAIL = "privacy.person.k7q@example.org"
PASSWORD = "typed secret phrase 9zx"
WRONG = "wrong guess phrase 4vv"


def test_no_personal_value_in_the_database_file_or_the_logs(tmp_path: Path) -> None:
    data_dir, logs = tmp_path / "data", tmp_path / "logs"
    logs.mkdir()
    seed_data_dir(data_dir)  # the run's prepared database: `users add` would otherwise import the bundled data
    env = {k: v for k, v in os.environ.items() if not k.startswith("RECOVERYNAV_")}
    env["RECOVERYNAV_DATA_DIR"] = str(data_dir)
    made = subprocess.run(
        [
            sys.executable,
            "-m",
            "recoverynav.cli",
            "users",
            "add",
            EMAIL,
            "--role",
            "consultant",
            "--password-stdin",
            "--json",
        ],
        input=PASSWORD + "\n",
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    secret = json.loads(made.stdout)["totp_uri"].split("secret=")[1].split("&")[0]
    with served(env, logs) as base, httpx.Client(base_url=base, timeout=60) as http:
        wrong = http.post("/api/v1/staff/token", json={"email": EMAIL, "password": WRONG, "otp": "123456"})
        assert wrong.status_code == 401
        form = http.post("/staff/login", data={"email": EMAIL, "password": WRONG})
        assert form.status_code == 403  # no CSRF token
        good = http.post(
            "/api/v1/staff/token",
            json={"email": EMAIL, "password": PASSWORD, "otp": totp(secret, at=time.time())},
        )
        assert good.status_code == 200, good.text
        token = good.json()["access_token"]
        assert http.get("/api/v1/staff/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    texts = [logs / "stdout", logs / "stderr", *data_dir.rglob("*.log")]
    logged = "\n".join(p.read_bytes().decode("utf-8", errors="replace") for p in texts)
    assert "recoverynav.access" in logged and "/api/v1/staff/token" in logged, "the access log wrote nothing"
    stored = b"".join(p.read_bytes() for p in data_dir.glob("*.sqlite3*"))
    assert b"staff_users" in stored
    for value in (EMAIL, PASSWORD, WRONG, secret, token):
        assert value not in logged, value
        assert value.encode() not in stored and value.encode("utf-16-le") not in stored, value
