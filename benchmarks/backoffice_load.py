"""Back office under load: 50 consultants at once, each reading, editing and listing cases (#15); baseline vs now.

Usage::

    .venv/bin/python benchmarks/backoffice_load.py                       # a new SQLite file
    .venv/bin/python benchmarks/backoffice_load.py --database postgresql+psycopg://postgres@127.0.0.1/rn_bench

The server is the real app on uvicorn in a process of its own (as ``recoverynav serve`` runs it, without the
facility import the back office does not need). Each consultant is a staff account with a bearer token and
cases of their own; in a loop it reads one (``GET /api/v1/staff/cases/{id}``), edits it with the version it read
(``PATCH``), and lists its queue (``GET /api/v1/staff/cases?owner=``). A consultant is a person on the phone:
between two actions they listen and type, ``--think`` seconds on average (default 2 s, drawn between half and
one and a half times that; a fast consultant on a quick call). The baseline is one consultant alone, the same
loop; "now" is ``--consultants`` of them at once (the target, #15: p95 < 150 ms with no errors); "saturated" is
the same people with no pause at all, which measures capacity (requests per second) rather than what a
consultant waits. Every request is a signed-in, audited transaction (the audit event is written and fsync'd
before the answer), so the database's one writer at a time is what the consultants queue for.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

OPERATIONS = ("read", "update", "list")


@dataclass
class Samples:
    """Latencies in ms and error answers, per operation."""

    times: dict[str, list[float]] = field(default_factory=lambda: {op: [] for op in OPERATIONS})
    errors: dict[str, int] = field(default_factory=lambda: dict.fromkeys(OPERATIONS, 0))
    first_error: str = ""
    seconds: float = 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", help="default: a new SQLite file in a temporary directory")
    parser.add_argument("--consultants", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each run")
    parser.add_argument("--cases-each", type=int, default=3, help="cases each consultant works on")
    parser.add_argument("--think", type=float, default=2.0, help="mean seconds between a consultant's actions")
    args = parser.parse_args()

    workdir = tempfile.TemporaryDirectory(prefix="rn-bench-")
    url = args.database or f"sqlite:///{Path(workdir.name) / 'office.sqlite3'}"
    print(f"database: {url.split('@')[-1]}")
    env = {k: v for k, v in os.environ.items() if not k.startswith("RECOVERYNAV_")}
    env["RECOVERYNAV_DATA_DIR"] = workdir.name
    env["RECOVERYNAV_DATABASE_URL"] = url
    env["RECOVERYNAV_SECRET_KEYS"] = "bench:" + base64.b64encode(secrets.token_bytes(32)).decode()
    os.environ.update(env)  # this process makes the accounts: the same database and keys as the server

    tokens = make_consultants(args.consultants)
    port = _free_port()
    log = Path(workdir.name) / "server.log"
    command = [sys.executable, "-m", "uvicorn", "recoverynav.app:create_app", "--factory", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--log-level", "warning", "--no-access-log"]
    with log.open("wb") as out:
        server = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(base, server, log)
        cases = asyncio.run(open_cases(base, tokens, args.cases_each))
        print(f"{len(tokens)} consultants, {sum(len(c) for c in cases)} cases; {args.seconds:g} s per run")
        baseline = asyncio.run(run(base, tokens[:1], cases[:1], args.seconds, args.think))
        now = asyncio.run(run(base, tokens, cases, args.seconds, args.think))
        saturated = asyncio.run(run(base, tokens, cases, args.seconds, 0.0))
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"a consultant pauses {args.think:g} s on average between actions")
    report(baseline, now, args.consultants)
    print(f"\nsaturated: {args.consultants} consultants with no pause (capacity, not a target)")
    report(baseline, saturated, args.consultants, target=False)
    problems = [line for line in log.read_text(errors="replace").splitlines() if "Error" in line or "error" in line]
    if problems:
        print(f"server log: {len(problems)} error lines, e.g. {problems[-1][:300]}")
    workdir.cleanup()


def make_consultants(count: int) -> list[str]:
    """``count`` consultant accounts and a bearer token each (sessions made directly: no codes to wait for)."""
    from datetime import UTC, datetime

    from recoverynav.backoffice import add_staff
    from recoverynav.storage.unit_of_work import UnitOfWork
    from recoverynav.wiring import back_office_engine

    tokens = []
    run = secrets.token_hex(4)
    for n in range(count):
        with UnitOfWork(back_office_engine()) as uow:
            now = datetime.now(UTC)
            new = add_staff(
                uow.staff, uow.audit, email=f"consultant{n}.{run}@example.org", role="consultant",
                password="benchmark pass phrase", by="benchmark", now=now,
            )  # fmt: skip
            tokens.append(uow.staff.start_session(new.id, kind="api", stage="active", now=now))
            uow.commit()
    return tokens


async def open_cases(base: str, tokens: list[str], each: int) -> list[list[str]]:
    import httpx

    async with httpx.AsyncClient(base_url=base, timeout=60) as http:
        result = []
        for n, token in enumerate(tokens):
            mine = []
            for k in range(each):
                answer = await http.post(
                    "/api/v1/staff/cases",
                    json={"caller": {"nickname": f"Caller {n}-{k}"}, "substances": ["alcohol"], "notes": "first call"},
                    headers={"Authorization": f"Bearer {token}"},
                )
                answer.raise_for_status()
                mine.append(answer.json()["id"])
            result.append(mine)
        return result


async def run(base: str, tokens: list[str], cases: list[list[str]], seconds: float, think: float) -> Samples:
    """Every consultant's loop at once for ``seconds``, pausing about ``think`` seconds between actions."""
    import httpx

    samples = Samples(seconds=seconds)
    limits = httpx.Limits(max_connections=len(tokens) + 5, max_keepalive_connections=len(tokens) + 5)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as http:
        until = time.perf_counter() + seconds
        await asyncio.gather(
            *(consultant(http, t, c, until, samples, think) for t, c in zip(tokens, cases, strict=True))
        )
    return samples


async def consultant(http: object, token: str, cases: list[str], until: float, samples: Samples, think: float) -> None:
    import random

    import httpx

    async def pause() -> None:
        if think > 0:
            await asyncio.sleep(random.uniform(0.5 * think, 1.5 * think))

    assert isinstance(http, httpx.AsyncClient)
    headers = {"Authorization": f"Bearer {token}"}
    me = (await http.get("/api/v1/staff/me", headers=headers)).json()["id"]
    await asyncio.sleep(random.uniform(0, think))  # people do not all start on the same second
    n = 0
    while time.perf_counter() < until:
        case_id = cases[n % len(cases)]
        n += 1
        read = await _timed(samples, "read", http.get(f"/api/v1/staff/cases/{case_id}", headers=headers))
        await pause()
        if read is None:
            continue
        version = read.json()["version"]
        body = {"version": version, "notes": f"call {n}: talked about next steps"}
        await _timed(samples, "update", http.patch(f"/api/v1/staff/cases/{case_id}", json=body, headers=headers))
        await pause()
        await _timed(samples, "list", http.get("/api/v1/staff/cases", params={"owner": me}, headers=headers))
        await pause()


async def _timed(samples: Samples, operation: str, request: object) -> object:
    import httpx

    started = time.perf_counter()
    try:
        response = await request  # type: ignore[misc]
    except httpx.HTTPError as exc:
        samples.errors[operation] += 1
        samples.first_error = samples.first_error or f"{operation}: {type(exc).__name__}"
        return None
    samples.times[operation].append((time.perf_counter() - started) * 1000)
    assert isinstance(response, httpx.Response)
    if not response.is_success:
        samples.errors[operation] += 1
        samples.first_error = samples.first_error or f"{operation}: {response.status_code} {response.text[:120]}"
        return None
    return response


def report(baseline: Samples, now: Samples, consultants: int, target: bool = True) -> None:
    print(f"\n{'':<8}{'baseline: 1 consultant':>44}   {f'now: {consultants} consultants at once':>44}")
    heads = ("p50", "p95", "p99", "req/s", "errors")
    print(f"{'op':<8}" + "".join(f"{h:>9}" for h in heads) + "   " + "".join(f"{h:>9}" for h in heads))
    for op in OPERATIONS:
        print(f"{op:<8}{_row(baseline, op)}   {_row(now, op)}")
    every = [t for op in OPERATIONS for t in now.times[op]]
    errors = sum(now.errors.values())
    p95 = _pct(every, 95)
    verdict = ("OK" if p95 < 150 and errors == 0 else "MISSED") if target else "no target"
    print(f"all operations, {consultants} at once: p95 {p95:.1f} ms, {errors} errors (target p95 < 150 ms, 0 errors): "
          f"{verdict}")  # fmt: skip
    for label, samples in (("baseline", baseline), ("now", now)):
        if samples.first_error:
            print(f"first error ({label}): {samples.first_error}")


def _row(samples: Samples, op: str) -> str:
    times = samples.times[op]
    if not times:
        return f"{'-':>9}" * 4 + f"{samples.errors[op]:>9}"
    return (
        f"{_pct(times, 50):>7.1f}ms{_pct(times, 95):>7.1f}ms{_pct(times, 99):>7.1f}ms"
        f"{len(times) / samples.seconds:>9.1f}{samples.errors[op]:>9}"
    )


def _pct(values: list[float], percentile: int) -> float:
    if not values:
        return float("nan")
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[percentile - 1]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_ready(base: str, server: subprocess.Popen[bytes], log: Path) -> None:
    import httpx

    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            raise SystemExit("the server did not start:\n" + log.read_text(errors="replace"))
        time.sleep(0.2)


if __name__ == "__main__":
    main()
