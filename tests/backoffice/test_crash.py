"""The crash test (#15): ``kill -9`` of the real server during 200 case writes loses no acknowledged write.

A consultant made with ``recoverynav users add`` signs in over HTTP; one client thread opens, edits and moves
cases, remembering each write the server acknowledged (a 2xx). At a seeded random point the server process is
killed with SIGKILL (no shutdown hook runs), started again on the same database, and then:

- every acknowledged write is there: each case has exactly the version, state and notes last acknowledged (the
  one write in flight at the kill may or may not have landed, whole: never a part of it);
- nothing is half-written: per case, the audit trail holds one write event per version and the stored history
  one row per move (a case change and its audit event commit in one transaction);
- ``recoverynav audit verify`` exits 0; after one audit row is edited by hand (the append-only trigger dropped
  first, as someone with access to the database file or a superuser could) it exits 1 naming that event.

The server runs as ``uvicorn recoverynav.app:create_app --factory`` (what ``recoverynav serve`` runs) without
``serve``'s start-up import of the bundled facility directory, which the back office does not need and which
takes over a minute on a busy two-core machine; the back-office schema is migrated on first use as in production.
Set RECOVERYNAV_CRASH_SEED to replay a run; a failure message names its seed.
"""

from __future__ import annotations

import json
import os
import random
import re
import secrets
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from recoverynav.backoffice.totp import totp
from tests.conftest import _free_port
from tests.facility_databases import BACKENDS, postgres_url

WRITES = 200
PASSWORD = "crash test pass phrase, long enough"
# The main path, one move at a time (closed needs an outcome code, so the loop edits instead at the end).
NEXT = {
    "new": "screened",
    "screened": "level_suggested",
    "level_suggested": "coverage_checked",
    "coverage_checked": "shortlisted",
    "shortlisted": "referred",
    "referred": "accepted",
    "accepted": "admitted",
    "admitted": "follow_up_due",
}
WRITE_ACTIONS = ("case.create", "case.update", "case.transition")


@dataclass
class Acked:
    """What the server last acknowledged for one case."""

    version: int
    status: str
    notes: str


@dataclass
class Pending:
    """The write in flight: the case (None for a create) and what the case looks like if it landed."""

    case_id: str | None
    version: int
    status: str
    notes: str


@dataclass
class Journal:
    """Everything the client saw: acknowledged state per case, the write in flight, unexpected answers."""

    cases: dict[str, Acked] = field(default_factory=dict)
    acknowledged: int = 0
    pending: Pending | None = None
    unexpected: list[str] = field(default_factory=list)
    done: threading.Event = field(default_factory=threading.Event)


@pytest.fixture(params=BACKENDS)
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new, empty database: a SQLite file, or a PostgreSQL database of its own (dropped afterwards)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'recoverynav.sqlite3'}"
        return
    base = make_url(postgres_url())
    name = f"{base.database}_crash"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _environment(data_dir: Path, url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RECOVERYNAV_")}
    env["RECOVERYNAV_DATA_DIR"] = str(data_dir)
    env["RECOVERYNAV_DATABASE_URL"] = url
    return env


def _cli(env: dict[str, str], *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "recoverynav.cli", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


class Server:
    """The real server in a process of its own, which the test may SIGKILL."""

    def __init__(self, env: dict[str, str], logs: Path) -> None:
        self.env, self.logs, self.starts = env, logs, 0
        self.process: subprocess.Popen[bytes] | None = None
        self.base = ""

    def start(self) -> str:
        port = _free_port()
        self.starts += 1
        command = [sys.executable, "-m", "uvicorn", "recoverynav.app:create_app", "--factory"]
        command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log"]
        with (self.logs / f"server-{self.starts}.log").open("wb") as log:
            self.process = subprocess.Popen(command, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        self.base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(self.base + "/healthz", timeout=2).status_code == 200:
                    return self.base
            except httpx.HTTPError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.process.kill()
                pytest.fail("the server did not start: " + self.log_text())
            time.sleep(0.2)

    def kill_9(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        assert self.process.returncode == -signal.SIGKILL

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def log_text(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in sorted(self.logs.glob("server-*.log")))


def _writer(http: httpx.Client, rng: random.Random, journal: Journal) -> None:
    """Up to WRITES writes, one at a time; stops at the first broken connection (the server was killed)."""
    try:
        for n in range(WRITES):
            notes = f"write {n} {rng.getrandbits(32):08x}"
            body: dict[str, object]
            open_cases = [(cid, a) for cid, a in journal.cases.items()]
            if not open_cases or rng.random() < 0.25:
                journal.pending = Pending(None, 1, "new", notes)
                body = {"caller": {"nickname": f"Caller {n}"}, "substances": ["alcohol"], "notes": notes}
                request = ("POST", "/api/v1/staff/cases", body)
            else:
                case_id, acked = rng.choice(open_cases)
                if acked.status in NEXT and rng.random() < 0.5:
                    to = NEXT[acked.status]
                    journal.pending = Pending(case_id, acked.version + 1, to, acked.notes)
                    body = {"to": to, "version": acked.version, "note": notes}
                    request = ("POST", f"/api/v1/staff/cases/{case_id}/transitions", body)
                else:
                    journal.pending = Pending(case_id, acked.version + 1, acked.status, notes)
                    request = ("PATCH", f"/api/v1/staff/cases/{case_id}", {"version": acked.version, "notes": notes})
            method, path, payload = request
            try:
                response = http.request(method, path, json=payload)
            except httpx.TransportError:
                return  # killed mid-request: this write is neither acknowledged nor refused
            if not response.is_success:
                journal.unexpected.append(f"{method} {path}: {response.status_code} {response.text[:200]}")
                journal.pending = None
                continue
            answer = response.json()
            pending = journal.pending
            assert pending is not None
            case_id = pending.case_id or answer["id"]
            version = int(answer.get("version", 1))
            journal.cases[case_id] = Acked(version, answer["status"], pending.notes)
            journal.pending = None
            journal.acknowledged += 1
    finally:
        journal.done.set()


def _write_events(url: str) -> dict[str, int]:
    """Per case id, how many write events (create, update, transition) the audit trail holds."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT record_id, COUNT(*) FROM audit_events WHERE action IN "
                    "('case.create', 'case.update', 'case.transition') GROUP BY record_id"
                )
            )
            return {str(r[0]): int(r[1]) for r in rows}
    finally:
        engine.dispose()


def _tamper(url: str) -> int:
    """Edit one write event by hand, as an attacker with the database would; answers its sequence number."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            seqs = [
                int(r[0])
                for r in conn.execute(text("SELECT seq FROM audit_events WHERE action = 'case.update' ORDER BY seq"))
            ]
            assert seqs, "no case.update event to edit"
            seq = seqs[len(seqs) // 2]
            if conn.dialect.name == "postgresql":
                conn.execute(text("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only"))
            else:
                conn.execute(text("DROP TRIGGER audit_events_no_update"))
            # Make a write look like a read: exactly the edit an insider covering tracks would make.
            conn.execute(text("UPDATE audit_events SET action = 'case.read' WHERE seq = :seq"), {"seq": seq})
        return seq
    finally:
        engine.dispose()


def test_kill_9_mid_loop_loses_no_acknowledged_write(database: str, tmp_path: Path) -> None:
    seed = int(os.environ.get("RECOVERYNAV_CRASH_SEED", secrets.randbelow(2**32)))
    rng = random.Random(seed)
    kill_after = rng.randint(20, WRITES - 20)
    context = f"seed {seed}, kill after {kill_after} acknowledged writes"
    data_dir, logs = tmp_path / "data", tmp_path / "logs"
    data_dir.mkdir()
    logs.mkdir()
    env = _environment(data_dir, database)

    added = _cli(env, "users", "add", "consultant@example.org", "--role", "consultant", "--password-stdin", "--json",
                 stdin=PASSWORD + "\n")  # fmt: skip
    assert added.returncode == 0, added.stderr
    secret = re.search(r"secret=([A-Z2-7]+)", json.loads(added.stdout)["totp_uri"])
    assert secret is not None

    server = Server(env, logs)
    try:
        base = server.start()
        signed = httpx.post(
            base + "/api/v1/staff/token",
            json={"email": "consultant@example.org", "password": PASSWORD, "otp": totp(secret[1], at=time.time())},
            timeout=30,
        )
        assert signed.status_code == 200, signed.text
        headers = {"Authorization": f"Bearer {signed.json()['access_token']}"}

        journal = Journal()
        with httpx.Client(base_url=base, headers=headers, timeout=30) as http:
            writer = threading.Thread(target=_writer, args=(http, rng, journal), daemon=True)
            writer.start()
            while journal.acknowledged < kill_after and not journal.done.is_set():
                time.sleep(0.001)
            server.kill_9()
            writer.join(timeout=60)
        assert not writer.is_alive()
        assert journal.unexpected == [], (context, journal.unexpected[:3])
        assert journal.acknowledged >= kill_after, (context, "the loop ended before the kill")
        assert journal.acknowledged < WRITES, (context, "the server was killed after the loop ended")

        base = server.start()
        with httpx.Client(base_url=base, headers=headers, timeout=30) as http:
            stored: dict[str, dict[str, object]] = {}
            for case_id in journal.cases:
                response = http.get(f"/api/v1/staff/cases/{case_id}")
                assert response.status_code == 200, (context, case_id, response.status_code)
                stored[case_id] = response.json()
            listed = http.get("/api/v1/staff/cases").json()
        pending = journal.pending
        for case_id, acked in journal.cases.items():
            case = stored[case_id]
            got = (case["version"], case["status"], case["notes"])
            landed = pending is not None and pending.case_id == case_id
            if landed and pending is not None and got[0] == pending.version:
                assert got == (pending.version, pending.status, pending.notes), (context, "half a write", case_id)
            else:
                assert got == (acked.version, acked.status, acked.notes), (context, "an acknowledged write lost")
            # One history row per move, in order, ending in the current state.
            history = case["history"]
            assert isinstance(history, list)
            assert [h["to_status"] for h in history][-1] == case["status"], context
        # No case beyond the acknowledged ones, except the create that was in flight (whole, if at all).
        extra = {s["id"] for s in listed} - set(journal.cases)
        assert len(extra) <= (1 if pending is not None and pending.case_id is None else 0), (context, extra)
        # A case change and its audit event commit together: one write event per version, never one without other.
        events = _write_events(database)
        for case_id in {*journal.cases, *extra}:
            version = stored[case_id]["version"] if case_id in stored else 1
            assert events.get(case_id) == version, (context, "a write without its audit event", case_id)

        verified = _cli(env, "audit", "verify")
        assert verified.returncode == 0, (context, verified.stdout, verified.stderr)
        assert re.search(r"holds: \d+ events", verified.stdout), verified.stdout
    finally:
        server.stop()

    seq = _tamper(database)
    broken = _cli(env, "audit", "verify")
    assert broken.returncode == 1, (context, broken.stdout, broken.stderr)
    assert f"broken at event {seq}:" in broken.stderr, broken.stderr


def test_the_tamper_helper_needs_the_trigger_gone(tmp_path: Path) -> None:
    """The append-only trigger really refuses an edit: the crash test's attacker has to drop it first."""
    url = f"sqlite:///{tmp_path / 'guarded.sqlite3'}"
    from recoverynav.storage.migrate import upgrade

    engine = create_engine(url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()
    with sqlite3.connect(tmp_path / "guarded.sqlite3") as conn:
        conn.execute(
            "INSERT INTO audit_events (seq, at, actor, action, outcome, prev_hash, hash) "
            "VALUES (1, '2026-12-01T00:00:00Z', 'a', 'case.update', 'ok', '0', '1')"
        )
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("UPDATE audit_events SET action = 'case.read' WHERE seq = 1")
