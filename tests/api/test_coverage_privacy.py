"""A whole coverage scenario against a real ``recoverynav serve`` and the simulated payer: a consultant signs in,
opens a case and checks coverage through the JSON gateway — an answer, a rejection, a timeout retried once, a
fault that names the member. No member id, name or date of birth reaches a log line, a URL, an error message or
the database file in clear; the clearinghouse's credentials never reach a log either."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from recoverynav.backoffice.totp import totp
from tests.coverage.payer import REJECTION_271, SUD_271, Reply, simulated_payer
from tests.seeded import seed_data_dir
from tests.served import served

EMAIL = "coverage.person.q3z@example.org"
PASSWORD = "typed secret phrase 4kd"
API_KEY = "clearinghouse-key-7hq"
# Names no bundled facility or town has (the database file holds the directory too: "Smithfield" is a town).
MEMBER = {"first_name": "Quorvanne", "last_name": "Zeltrosky", "date_of_birth": "1951-11-23"}
MEMBER_ID = "ZQ8841207735"
ADD_USER = (sys.executable, "-m", "recoverynav.cli", "users", "add")
PERSONAL = (MEMBER_ID, "Quorvanne", "Zeltrosky", "1951-11-23", "19511123", "QUORVANNE", "ZELTROSKY")


def test_no_member_value_in_logs_urls_errors_or_the_database_file(tmp_path: Path) -> None:
    data_dir, logs = tmp_path / "data", tmp_path / "logs"
    logs.mkdir()
    seed_data_dir(data_dir)  # the run's prepared database: `users add` would otherwise import the bundled data
    with simulated_payer() as payer:
        env = {k: v for k, v in os.environ.items() if not k.startswith("RECOVERYNAV_")}
        env |= {
            "RECOVERYNAV_DATA_DIR": str(data_dir),
            "RECOVERYNAV_ELIGIBILITY_GATEWAY": "json",
            "RECOVERYNAV_ELIGIBILITY_URL": payer.url("/json"),
            "RECOVERYNAV_ELIGIBILITY_API_KEY": API_KEY,
            "RECOVERYNAV_ELIGIBILITY_TIMEOUT_SECONDS": "1",
            "RECOVERYNAV_ELIGIBILITY_PROVIDER_NPI": "1234567893",
            "RECOVERYNAV_ELIGIBILITY_PROVIDER_NAME": "RECOVERY CLINIC",
        }
        made = subprocess.run(
            [*ADD_USER, EMAIL, "--role", "consultant", "--password-stdin", "--json"],
            input=PASSWORD + "\n",
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        )
        secret = json.loads(made.stdout)["totp_uri"].split("secret=")[1].split("&")[0]
        answers: list[str] = []
        with served(env, logs) as base, httpx.Client(base_url=base, timeout=60) as http:
            token = http.post(
                "/api/v1/staff/token", json={"email": EMAIL, "password": PASSWORD, "otp": totp(secret, at=time.time())}
            ).json()["access_token"]
            http.headers["Authorization"] = f"Bearer {token}"
            case = http.post("/api/v1/staff/cases", json={"caller": {"nickname": "R", **MEMBER}})
            assert case.status_code == 201, case.text
            checks = f"/api/v1/staff/cases/{case.json()['id']}/coverage-checks"
            inquiry = {"payer_id": "842610001", "payer_name": "ABC COMPANY", "member_id": MEMBER_ID}
            expected = [
                (Reply(x12=SUD_271), 201),
                (Reply(x12=REJECTION_271), 201),
                (Reply(delay=2.5), 504),
                (Reply(kind="soap_fault", fault_text=f"member {MEMBER_ID} Zeltrosky not found"), 502),
            ]
            for reply, status in expected:
                payer.script = [reply, reply]
                answer = http.post(checks, json={**inquiry, "service_types": ["AI", "CJ"]})
                assert answer.status_code == status, answer.text
                answers.append(answer.text)
            bad = http.post(checks, json={**inquiry, "member_id": MEMBER_ID + "*"})
            assert bad.status_code == 422
            answers += [bad.text, http.get(checks).text]
            [first, *_] = http.get(checks).json()
            answers.append(http.get(f"{checks}/{first['id']}/fhir").text)
        sent = [r for r in payer.received if r.path == "/json"]
    assert len(sent) == 5  # one each, and the timeout tried twice
    assert all(MEMBER_ID in r.body.decode() for r in sent)  # the member data did go to the payer, in the body
    texts = [logs / "stdout", logs / "stderr", *data_dir.rglob("*.log")]
    logged = "\n".join(p.read_bytes().decode("utf-8", errors="replace") for p in texts)
    assert "recoverynav.access" in logged and "/coverage-checks" in logged, "the access log wrote nothing"
    assert "had no answer within 1s" in logged  # the timeout was logged (by payload id)
    stored = b"".join(p.read_bytes() for p in data_dir.glob("*.sqlite3*"))
    assert b"coverage_checks" in stored
    for value in (*PERSONAL, API_KEY):
        assert value not in logged, value
        assert all(value not in text for text in answers), value
        assert value.encode() not in stored and value.encode("utf-16-le") not in stored, value
