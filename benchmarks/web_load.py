"""The public hot paths under load, side by side with a minimal FastAPI app served the same way (#21).

Usage::

    .venv/bin/python benchmarks/web_load.py                      # SQLite and PostgreSQL, 1 and N workers, 3 s a cell
    .venv/bin/python benchmarks/web_load.py --seconds 10 --databases sqlite --workers 2
    .venv/bin/python benchmarks/web_load.py --postgres postgresql+psycopg://postgres@127.0.0.1:5432/rn_bench

What is measured, in one run: requests per second and p50/p99 latency of

- ``GET /find?near=PLACE&radius=25`` (the finder page),
- ``GET /api/v1/facilities?near=PLACE`` (the finder API),
- ``GET /overdose?sign=...`` (the bystander guide page),
- ``POST /api/v1/interactions`` with a JSON list of two names,

and of the *floor*: a minimal FastAPI app (one synchronous route answering a small JSON object, like our routes
a plain ``def`` run in the thread pool) started with the same uvicorn command line (same options, same worker
count). Each (database, workers) pair starts both servers once; then, for each concurrency, the floor and each
route are loaded one after the other, so the ratio compares figures taken seconds apart on the same machine.

The place (a few hundred ZIP codes and "City, ST" names drawn from the bundled gazetteer, each checked to resolve),
the signs and the substance pairs rotate on every request. What the app keeps between requests is part of what is
measured, and each server is warmed up first (``--warmup``), so the figures are those of a server in use:
``/find`` draws each result card once per listing and language (``web/cards.py``; the search itself runs every
time), and ``/overdose``, a page drawn from its address alone, is kept per address (``render_once``): the few dozen sign
combinations are all kept after the first pass, as they would be on a public server.

The load generator is ``wrk`` (Debian package ``wrk``): one C thread on epoll keeps 50 connections busy for a few
per cent of a core, where a Python client would need most of one of the machine's two cores to drive the floor
and so steal it from the server being measured. A Lua script rotates the requests and prints the counts and
percentiles (wrk's latency is from the request written to the answer read, so it includes queueing in the server).

Targets (issue #21): every route at least 0.5x the floor's requests/s, and p99 under 100 ms at 50 concurrent;
each is marked OK or OVER. The servers run with ``RECOVERYNAV_RATE_LIMITS=off``.

The SQLite file is kept between runs (``--sqlite``, default in the temporary directory) so the bundled import is
done once; PostgreSQL uses ``--postgres`` (default: ``$RECOVERYNAV_BENCH_POSTGRES_URL``, else
``$RECOVERYNAV_TEST_POSTGRES_URL`` with ``_bench`` appended to the database name), prepared the same way.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

ROUTES = ("floor", "/find", "/api/v1/facilities", "/overdose", "/api/v1/interactions")
TARGET_RATIO = 0.5
TARGET_P99_MS = 100.0
TARGET_CONCURRENCY = 50
# As recoverynav serve sets it: a worker busy on a loaded machine is not killed for a late answer to a ping.
WORKER_HEALTHCHECK_SECONDS = 30
# (method, path with query, JSON body or None)
Request = tuple[str, str, str | None]

FLOOR_APP = '''
"""The floor: the least a FastAPI app served this way can cost per request."""
from fastapi import FastAPI


def create_app() -> FastAPI:
    app = FastAPI()

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/floor")
    def floor(near: str = "") -> dict[str, str]:
        return {"near": near}

    return app
'''

LUA = r"""
local requests_ = {}
local i = 0
%(table)s
function init(args)
  for k, r in ipairs(raw) do
    requests_[k] = wrk.format(r[1], r[2], r[3] and {["Content-Type"] = "application/json"} or nil, r[3])
  end
  i = math.random(#requests_)
end
function request()
  i = i %% #requests_ + 1
  return requests_[i]
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %%d %%d %%d %%d %%d %%d\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), e.connect + e.read + e.write + e.timeout, e.status))
end
"""


@dataclass(frozen=True)
class Cell:
    """One load run: requests/s, p50 and p99 in ms, and failed requests (socket errors and 4xx/5xx answers)."""

    rps: float
    p50: float
    p99: float
    errors: int


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=3.0, help="length of each cell (default 3)")
    parser.add_argument("--warmup", type=float, default=1.0, help="unmeasured load before each server's first cell")
    parser.add_argument("--concurrency", default="1,10,50", help="comma-separated connection counts")
    cores = os.cpu_count() or 1
    parser.add_argument("--workers", default=",".join(dict.fromkeys(["1", str(cores)])), help="uvicorn worker counts")
    parser.add_argument("--databases", default="sqlite,postgresql", help="sqlite, postgresql or both")
    parser.add_argument("--sqlite", default=str(Path(tempfile.gettempdir()) / "recoverynav-web-load.sqlite3"))
    parser.add_argument("--postgres", default=_default_postgres(), help="a PostgreSQL + PostGIS URL")
    parser.add_argument("--routes", default=",".join(ROUTES[1:]), help="which routes (the floor always runs)")
    parser.add_argument("--places", type=int, default=300, help="how many places the finder rotates over")
    args = parser.parse_args()

    wrk = _wrk()
    concurrency = [int(c) for c in args.concurrency.split(",")]
    workers = [int(w) for w in args.workers.split(",")]
    routes = ["floor", *[r for r in args.routes.split(",") if r in ROUTES[1:]]]
    databases: list[tuple[str, str]] = []
    for name in args.databases.split(","):
        if name == "sqlite":
            databases.append(("sqlite", f"sqlite:///{args.sqlite}"))
        elif name == "postgresql" and args.postgres:
            databases.append(("postgresql", args.postgres))
        elif name == "postgresql":
            print("postgresql: skipped (no --postgres, $RECOVERYNAV_BENCH_POSTGRES_URL or a test URL)")

    workdir = Path(tempfile.mkdtemp(prefix="rn-web-load-"))
    (workdir / "web_load_floor.py").write_text(FLOOR_APP)
    scripts = _scripts(workdir, args.places)
    print(f"load: wrk, 1 thread; {args.seconds:g} s a cell; {cores} cores; requests rotate over: " + _sizes(scripts))
    results: dict[tuple[str, int, int, str], Cell] = {}
    try:
        for db, url in databases:
            env = _server_env(url, workdir)
            started = time.perf_counter()
            _prepare(env)
            print(f"{db}: prepared in {time.perf_counter() - started:.1f} s ({url.split('@')[-1]})")
            for count in workers:
                try:
                    _measure(wrk, env, count, workdir, scripts, routes, concurrency, args, db, results)
                except (OSError, subprocess.SubprocessError, SystemExit) as exc:
                    print(f"  {db} w={count}: stopped, {type(exc).__name__}: {exc}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    report(results, routes)


def _measure(
    wrk: str,
    env: dict[str, str],
    count: int,
    workdir: Path,
    scripts: dict[str, tuple[Path, list[Request]]],
    routes: list[str],
    concurrency: list[int],
    args: argparse.Namespace,
    db: str,
    results: dict[tuple[str, int, int, str], Cell],
) -> None:
    """Both servers with ``count`` workers; for each concurrency, the floor then each route."""
    with (
        _server(_app_factory(), env, count, workdir) as app_base,
        _server("web_load_floor:create_app", env, count, workdir) as floor_base,
    ):
        bases = {route: (floor_base if route == "floor" else app_base) for route in routes}
        for route in routes:
            _check(bases[route], scripts[route][1])
            _load(wrk, bases[route], scripts[route][0], 10, args.warmup)
            _drain(bases[route])
        for conc in concurrency:
            for route in routes:
                cell = _load(wrk, bases[route], scripts[route][0], conc, args.seconds)
                _drain(bases[route])
                results[(db, count, conc, route)] = cell
                print(f"  {db} w={count} c={conc:<3} {route:<22} {cell.rps:8.0f} req/s", flush=True)


def _app_factory() -> str:
    """What ``recoverynav serve`` gives uvicorn: its worker factory (prepared once, before the workers start);
    the plain app factory on a version without one (a baseline checkout)."""
    import recoverynav.cli.serve

    if hasattr(recoverynav.cli.serve, "worker_app"):
        return "recoverynav.cli.serve:worker_app"
    return "recoverynav.app:create_app"


def report(results: dict[tuple[str, int, int, str], Cell], routes: list[str]) -> None:
    """The table: each route beside the floor of the same (database, workers, concurrency), targets marked."""
    print()
    header = f"{'database':<10} {'wk':>2} {'conc':>4}  {'route':<21} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7}"
    print(header + f" {'x floor':>7}  {'>=0.5x':<6} {'p99<100':<7} errors")
    over = 0
    for db, count, conc in dict.fromkeys((k[0], k[1], k[2]) for k in results):
        floor = results.get((db, count, conc, "floor"))
        for route in routes:
            cell = results.get((db, count, conc, route))
            if cell is None:
                continue
            line = f"{db:<10} {count:>2} {conc:>4}  {route:<21} {cell.rps:7.0f} {cell.p50:7.1f} {cell.p99:7.1f}"
            if route == "floor" or floor is None:
                print(line + f" {'':>7}  {'':<6} {'':<7} {cell.errors or ''}")
                continue
            ratio = cell.rps / floor.rps if floor.rps else 0.0
            ratio_mark = "OK" if ratio >= TARGET_RATIO else "OVER"
            p99_mark = "" if conc != TARGET_CONCURRENCY else ("OK" if cell.p99 < TARGET_P99_MS else "OVER")
            over += (ratio_mark == "OVER") + (p99_mark == "OVER")
            print(line + f" {ratio:7.2f}  {ratio_mark:<6} {p99_mark:<7} {cell.errors or ''}")
        print()
    print(f"targets: >= {TARGET_RATIO}x the floor's req/s; p99 < {TARGET_P99_MS:g} ms at {TARGET_CONCURRENCY} open")
    print(f"{over} target(s) missed" if over else "every target met")


# -- the requests ------------------------------------------------------------------------------


def _scripts(workdir: Path, places: int) -> dict[str, tuple[Path, list[Request]]]:
    """A wrk Lua script per route, each rotating over its own list of real requests (and the list)."""
    chosen = _places(places)
    signs, pairs = _signs(), _pairs()
    lists: dict[str, list[Request]] = {
        "floor": [("GET", "/floor?" + urlencode({"near": p}), None) for p in chosen],
        "/find": [("GET", "/find?" + urlencode({"near": p, "radius": "25"}), None) for p in chosen],
        "/api/v1/facilities": [("GET", "/api/v1/facilities?" + urlencode({"near": p}), None) for p in chosen],
        "/overdose": [("GET", "/overdose?" + urlencode([("sign", s) for s in combo]), None) for combo in signs],
        "/api/v1/interactions": [("POST", "/api/v1/interactions", json.dumps(list(pair))) for pair in pairs],
    }
    scripts = {}
    for n, (route, requests) in enumerate(lists.items()):
        rows = ",\n".join("{" + ", ".join(_lua(v) for v in r) + "}" for r in requests)
        path = workdir / f"route{n}.lua"
        path.write_text(LUA % {"table": f"raw = {{\n{rows}\n}}"})
        scripts[route] = (path, requests)
    return scripts


def _places(count: int) -> list[str]:
    """``count`` places people type: three ZIP codes for each "City, ST", drawn with a fixed seed, all resolvable."""
    from recoverynav.directory import UnknownPlaceError, geocode
    from recoverynav.directory.gazetteer import cities, zip_rows

    rng = random.Random(21)
    zips = sorted(z for z, row in zip_rows().items() if row["active"] and row["zip_code_type"] == "STANDARD")
    towns = sorted(f"{city.name}, {city.state}" for city in cities().values() if not city.alias and city.zips >= 3)
    candidates = rng.sample(zips, count) + rng.sample(towns, count)
    chosen: list[str] = []
    for place in candidates[: count * 3 // 4] + candidates[count:]:
        try:
            geocode(place)
        except UnknownPlaceError:
            continue
        chosen.append(place)
        if len(chosen) == count:
            break
    rng.shuffle(chosen)
    return chosen


def _signs() -> list[tuple[str, ...]]:
    """Every sign alone and every pair of signs: what a bystander ticks on the checklist."""
    from itertools import combinations

    from recoverynav.emergency import load_protocol

    ids = [sign.id for sign in load_protocol().signs]
    return [(s,) for s in ids] + list(combinations(ids, 2))


def _pairs() -> list[tuple[str, str]]:
    """Pairs of names the knowledge base knows (generic names, brands, street names), a few hundred."""
    from recoverynav.interactions.engine import load_engine

    names = sorted({n for s in load_engine().catalog.substances.values() for n in (s.names.generic, *s.names.brands)})
    rng = random.Random(21)
    return [(a, b) for a, b in (rng.sample(names, 2) for _ in range(400))]


def _lua(value: str | None) -> str:
    if value is None:
        return "nil"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _sizes(scripts: dict[str, tuple[Path, list[Request]]]) -> str:
    return ", ".join(f"{route} {len(requests)}" for route, (_, requests) in scripts.items())


# -- servers and load ----------------------------------------------------------------------


def _default_postgres() -> str:
    url = os.environ.get("RECOVERYNAV_BENCH_POSTGRES_URL")
    if url:
        return url
    test = os.environ.get("RECOVERYNAV_TEST_POSTGRES_URL", "")
    return test + "_bench" if test else ""


def _server_env(url: str, workdir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RECOVERYNAV_")}
    env["RECOVERYNAV_DATABASE_URL"] = url
    env["RECOVERYNAV_DATA_DIR"] = str(workdir)
    env["RECOVERYNAV_RATE_LIMITS"] = "off"
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(workdir), env.get("PYTHONPATH", "")) if p)
    return env


def _prepare(env: dict[str, str]) -> None:
    """The startup steps (migrations, bundled import) once, before any server: workers never race them."""
    code = "from recoverynav.startup import prepare; prepare()"
    subprocess.run([sys.executable, "-c", code], env=env, check=True)


@contextmanager
def _server(factory: str, env: dict[str, str], workers: int, workdir: Path) -> Iterator[str]:
    """``uvicorn FACTORY`` with the options of ``recoverynav serve`` (no access log, warnings only)."""
    port = _free_port()
    command = [sys.executable, "-m", "uvicorn", factory, "--factory", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--workers", str(workers), "--log-level", "warning", "--no-access-log"]
    command += ["--timeout-worker-healthcheck", str(WORKER_HEALTHCHECK_SECONDS)]
    log = workdir / f"server-{port}.log"
    with log.open("wb") as out:
        server = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(base, server, log)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=60)
        problems = [line for line in log.read_text(errors="replace").splitlines() if "rror" in line]
        if problems:
            print(f"  server log ({factory}): {len(problems)} error lines, e.g. {problems[-1][:300]}")


def _check(base: str, requests: list[Request]) -> None:
    """The first few requests of a list answer 200: a benchmark of error pages would measure nothing.

    A worker still starting may drop the first connection: each request is tried three times.
    """
    for method, path, body in requests[:5]:
        data = body.encode() if body else None
        request = urllib.request.Request(base + path, data=data, method=method)
        if data:
            request.add_header("Content-Type", "application/json")
        for attempt in range(3):
            try:
                with urllib.request.urlopen(request, timeout=60) as answer:
                    answer.read()
                break
            except urllib.error.HTTPError as exc:
                raise SystemExit(f"{method} {path} answered {exc.code}: {exc.read()[:300]!r}") from exc
            except (urllib.error.URLError, ConnectionError):
                if attempt == 2:
                    raise
                time.sleep(1)


def _drain(base: str) -> None:
    """Wait until the server has finished what wrk left in flight: requests still queued when a cell ends would
    otherwise be served during the next cell and slow it (a slow route at 50 connections leaves seconds of work).

    Drained means three answers to ``/healthz`` in a row within 100 ms (it waits in the same thread pool queue).
    """
    fast, deadline = 0, time.monotonic() + 30
    while fast < 3 and time.monotonic() < deadline:
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=60) as answer:
                answer.read()
        except OSError:
            time.sleep(0.2)
            continue
        fast = fast + 1 if time.perf_counter() - started < 0.1 else 0


def _load(wrk: str, base: str, script: Path, connections: int, seconds: float) -> Cell:
    command = [wrk, "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "30s", "-s", str(script)]
    done = subprocess.run([*command, base], capture_output=True, text=True, check=True)
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT "))
    requests, micros, p50, p99, socket_errors, status_errors = (int(x) for x in line.split()[1:])
    return Cell(requests / (micros / 1e6), p50 / 1000, p99 / 1000, socket_errors + status_errors)


def _wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if shutil.which("apt-get") and os.geteuid() == 0:
        print("wrk (the load generator) is missing: installing the Debian package with apt-get install -y wrk")
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=False, stdout=subprocess.DEVNULL)
        found = shutil.which("wrk")
    if not found:
        raise SystemExit("wrk is missing: install it (Debian, Ubuntu: apt-get install wrk; macOS: brew install wrk)")
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_ready(base: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped: {log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(base + "/openapi.json", timeout=5):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not answer within 120 s")


if __name__ == "__main__":
    main()
