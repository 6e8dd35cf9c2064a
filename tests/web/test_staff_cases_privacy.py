"""A whole back-office scenario against a real server, through the web screens: no personal value typed (name,
phone, date of birth, e-mail, notes, callback details) reaches the database file, the server log or the access log.

The server runs as ``recoverynav serve`` in a subprocess with its own data directory; its stdout and stderr are
the server and access logs. The client keeps the ``__Host-`` cookies itself (plain http on loopback: a cookie jar
would hold back Secure cookies, a browser sends them to loopback as to https).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from recoverynav.backoffice.totp import totp
from tests.seeded import seed_data_dir
from tests.served import served

EMAIL = "cases.privacy.w3x@example.org"
PASSWORD = "typed secret phrase 2mq"
# Values no bundled listing contains (a plain "Zebulon" is a town in the facility data, and that file is in the
# same database).
TYPED = {
    "nickname": "Zebqvk",
    "first_name": "Philippaxr",
    "last_name": "Quarringtonzw",
    "date_of_birth": "1977-03-29",
    "phone": "(215) 555-0187",
    "email": "philippa.q.h7@example.org",
    "notes": "drinks alone after the night shift",
}
CALLBACK = {"nickname": "Wystanqj", "phone": "215-555-0164", "best_time": "after the school run"}
ADD_FLAGS = ("--password-stdin", "--json")
EDITED_NOTES = "relapsed over the holidays, wants detox"
# A recovery plan kept on the case at the person's request (#20): uploaded as a file, then changed on the form.
PLAN_FILE = {"coping_now": ["ring Auntie Marguerzy"], "people": [{"name": "Marguerzy", "phone": "215-555-0193"}]}
PLAN_FORM = {"if_i_slip": "tell Ostrowqk the same day", "crisis_safer_place": "the Vellumby library"}


class Session:
    """An http client that keeps cookies by name, Secure ones included, and follows no redirect by itself."""

    def __init__(self, base: str) -> None:
        self.http = httpx.Client(base_url=base, timeout=60, follow_redirects=False)
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, data: dict[str, str] | None = None, files: dict[str, Any] | None = None
    ) -> httpx.Response:
        header = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        cookie = {"Cookie": header} if header else {}
        response = self.http.request(method, path, data=data, files=files, headers=cookie)
        for line in response.headers.get_list("set-cookie"):
            name, _, rest = line.partition("=")
            value = rest.split(";", 1)[0].strip('"')
            if not value or "max-age=0" in line.lower():
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return response


def csrf(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, page[:300]
    return found[1]


def _scenario(web: Session, secret: str) -> None:
    sent = web.request("POST", "/callback", {"stage": "send", "consent": "yes", **CALLBACK})
    assert sent.status_code == 200, sent.text[:300]
    login = web.request("GET", "/staff/login")
    step1 = web.request("POST", "/staff/login", {"email": EMAIL, "password": PASSWORD, "csrf_token": csrf(login.text)})
    assert step1.status_code == 303, step1.text[:300]
    code_page = web.request("GET", "/staff/login/code")
    step2 = web.request(
        "POST", "/staff/login/code", {"code": totp(secret, at=time.time()), "csrf_token": csrf(code_page.text)}
    )
    assert step2.status_code == 303 and step2.headers["location"] == "/staff", step2.text[:300]
    queue = web.request("GET", "/staff/cases")
    token = csrf(queue.text)
    opened = web.request("POST", "/staff/cases", {"csrf_token": token, "substances": "alcohol", **TYPED})
    assert opened.status_code == 303, opened.text[:500]
    case = opened.headers["location"]
    page = web.request("GET", case)
    assert TYPED["last_name"] in page.text and TYPED["notes"] in page.text
    version = re.search(r'name="version" value="(\d+)"', page.text)
    assert version
    edited = web.request(
        "POST", f"{case}/edit", {"csrf_token": token, "version": version[1], **TYPED, "notes": EDITED_NOTES}
    )
    assert edited.status_code == 303
    for search in (
        {"phone": TYPED["phone"]},
        {k: TYPED[k] for k in ("first_name", "last_name", "date_of_birth")},
        {"phone": CALLBACK["phone"]},
    ):
        found = web.request("POST", "/staff/search", {"csrf_token": token, **search})
        assert found.status_code == 200 and "/staff/cases/" in found.text, search
    page = web.request("GET", case)
    version = re.search(r'name="version" value="(\d+)"', page.text)
    assert version
    upload = {"planfile": ("plan.json", json.dumps(PLAN_FILE).encode(), "application/json")}
    fields = {"csrf_token": token, "version": version[1], "asked": "yes"}
    assert web.request("POST", f"{case}/plan", fields, files=upload).status_code == 303
    form = web.request("GET", f"{case}/plan")
    version = re.search(r'name="version" value="(\d+)"', form.text)
    assert version and "Marguerzy" in form.text
    changed = {**fields, "version": version[1], "coping_now": "ring Auntie Marguerzy", **PLAN_FORM}
    assert web.request("POST", f"{case}/plan/form", changed).status_code == 303
    pdf = web.request("GET", f"{case}/plan.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert "Ostrowqk" in web.request("GET", f"{case}/plan.json").text
    bad_plan = {**changed, "people_name": "Marguerzy", "people_phone": "Ostrowqk"}
    assert web.request("POST", f"{case}/plan/form", bad_plan).status_code == 422
    # A stale edit and a bad field: the error pages must not carry values into the logs either.
    assert web.request("POST", f"{case}/edit", {"csrf_token": token, "version": "1", **TYPED}).status_code == 409
    bad = web.request(
        "POST", "/staff/cases", {"csrf_token": token, **TYPED, "email": "not-an-address " + TYPED["notes"]}
    )
    assert bad.status_code == 422
    assert web.request("POST", "/staff/logout", {"csrf_token": token}).status_code == 303


def test_no_typed_value_in_the_database_file_or_the_logs(tmp_path: Path) -> None:
    data_dir, logs = tmp_path / "data", tmp_path / "logs"
    logs.mkdir()
    seed_data_dir(data_dir)  # the run's prepared database: `users add` would otherwise import the bundled data
    env = {k: v for k, v in os.environ.items() if not k.startswith("RECOVERYNAV_")}
    env["RECOVERYNAV_DATA_DIR"] = str(data_dir)
    made = subprocess.run(
        [sys.executable, "-m", "recoverynav.cli", "users", "add", EMAIL, "--role", "consultant", *ADD_FLAGS],
        input=PASSWORD + "\n",
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    secret = json.loads(made.stdout)["totp_uri"].split("secret=")[1].split("&")[0]
    with served(env, logs) as base:
        _scenario(Session(base), secret)
    texts = [logs / "stdout", logs / "stderr", *data_dir.rglob("*.log")]
    logged = "\n".join(p.read_bytes().decode("utf-8", errors="replace") for p in texts)
    assert "recoverynav.access" in logged and "/staff/search" in logged, "the access log wrote nothing"
    stored = b"".join(p.read_bytes() for p in data_dir.glob("*.sqlite3*"))
    assert b"cases" in stored
    digits = re.sub(r"\D", "", TYPED["phone"])
    values = [*TYPED.values(), *CALLBACK.values(), EDITED_NOTES, digits, "+1" + digits, "19770329", "zebqvk"]
    values += ["2155550164", "+12155550164", "Marguerzy", "Ostrowqk", "Vellumby", "2155550193"]
    for value in values:
        assert value not in logged, value
        for encoded in (value.encode(), value.encode("utf-16-le"), value.upper().encode()):
            assert encoded not in stored, value
