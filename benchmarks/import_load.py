"""Facility imports: rows/s on SQLite and PostgreSQL, and the finder API's latency while a big import runs (#21).

Usage::

    .venv/bin/python benchmarks/import_load.py                          # throughput, SQLite (+ PostgreSQL if set)
    .venv/bin/python benchmarks/import_load.py --postgres postgresql+psycopg://postgres@127.0.0.1:5432/postgres
    .venv/bin/python benchmarks/import_load.py --readers                # finder p50/p99 during a 200k import

The rows are the real bundled files replicated: every listing of SAMHSA's 2020 national list (names, addresses,
positions) is written ``--rows / 14,034`` times into a directory-download spreadsheet (the richest format, one
column per service code), each copy with its own ``frid`` and its position moved ``0.1 * copy`` degrees north and
east (about 7 miles per copy, beyond every same-site rule), and the service codes of a real Massachusetts listing
(cycled). No phone numbers or websites are copied. Copy 0 lies where the real listing is, so it merges into the
stored 2020 site (an update), as a real national download does; being a 2025 download, it also marks the stored
2020 sites it does not list (every state is complete) as no longer listed.

Each database starts as a real first start leaves it (migrations + the bundled files, about 30,000 sites); then
  1. "first": the file's rows are stored (mostly inserts);
  2. "again": the same file with one row in ten changed (a service code added) is stored (updates).
"The write" times the repository's upsert of the parsed rows, 50,000 a call (what the issue's figures measured);
``--whole`` adds whole imports of the file (read, validate, merge into the stored sites, write), rows/s over all.
The baseline is the write path as it was before #21 (``_baseline_repository_class`` below: a SELECT per 500 rows,
one UPDATE per changed row, no ANALYZE, everything inside the write transaction); "now" is the current code.
Targets (#21): PostgreSQL >= 5,000 rows/s, SQLite >= 10,000 rows/s.

``--readers`` serves the real app (uvicorn, its own process, ``RECOVERYNAV_RATE_LIMITS=off``) on a SQLite file and
has ``--clients`` clients send ``GET /api/v1/facilities`` (a ZIP and 25 miles, a few code filters) back to back:
first with the database idle, then while another process imports ``--reader-rows`` rows (baseline write path,
then now). Target: p99 < 250 ms during the import.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Collection, Iterator, Sequence
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

SOURCE_NAME = "FindTreatment_Facility_listing_2025_08_19_000000.csv"
FLOOR_FILE = "samhsa_us_su_facilities_2020-04.csv.gz"
CODES_FILE = "samhsa_ma_facility_listing_2025-08-19.csv.gz"
TARGETS = {"sqlite": 10_000.0, "postgresql": 5_000.0}
READER_P99_MS = 250.0
QUERIES = ("", "MD", "BU", "DT,MD", "OP", "RES")
# CPU seconds of this process in the last timed run (all of SQLite's work; PostgreSQL's server works elsewhere).
_CPU = [0.0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000, help="rows in the imported file (throughput)")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("RECOVERYNAV_TEST_POSTGRES_URL"),
        help="a PostgreSQL server URL; the benchmark creates (and drops) databases of its own there",
    )
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument("--no-baseline", action="store_true", help="skip the old write path")
    parser.add_argument("--whole", action="store_true", help="also time whole imports of the file (slow)")
    parser.add_argument("--readers", action="store_true", help="finder latency during an import instead")
    parser.add_argument("--reader-rows", type=int, default=200_000)
    parser.add_argument("--clients", type=int, default=1, help="finder clients sending back to back")
    parser.add_argument("--idle-seconds", type=float, default=10.0)
    parser.add_argument("--import-into", nargs=3, metavar=("URL", "FILE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.import_into:  # the import process of --readers
        url, file, path = args.import_into
        report, seconds = import_once(url, Path(file), baseline=path == "baseline")
        print(f"{report.rows} {seconds:.3f}")
        return
    workdir = tempfile.TemporaryDirectory(prefix="rn-import-bench-")
    try:
        if args.readers:
            readers(Path(workdir.name), args)
        else:
            throughput(Path(workdir.name), args)
    finally:
        from recoverynav.storage.engine import dispose_all

        dispose_all()
        workdir.cleanup()


# -- the data --------------------------------------------------------------------------------------


def _bundled_rows(name: str) -> list[dict[str, str]]:
    data = (resources.files("recoverynav.directory") / "data" / name).read_bytes()
    return list(csv.DictReader(io.StringIO(gzip.decompress(data).decode("utf-8-sig"))))


def write_file(path: Path, rows: int, *, changed_every: int = 0) -> None:
    """The spreadsheet described above; ``changed_every``: every n-th row gains one code (a changed listing)."""
    from recoverynav.directory.importers.spreadsheet import IDENTITY

    floor = _bundled_rows(FLOOR_FILE)
    profiles = _bundled_rows(CODES_FILE)
    code_columns = [c for c in profiles[0] if c not in IDENTITY]
    extra = next(c for c in code_columns if all(not p[c] for p in profiles[:50]))
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow([*IDENTITY, *code_columns])
        for n in range(rows):
            copy, index = divmod(n, len(floor))
            base, profile = floor[index], profiles[n % len(profiles)]
            shift = 0.1 * copy
            values = {
                **{c: base.get(c, "") for c in IDENTITY},
                "frid": f"bench-{copy:03d}-{index:05d}",
                "latitude": f"{min(89.0, float(base['latitude']) + shift):.7f}",
                "longitude": f"{float(base['longitude']) + shift:.7f}",
                "type_facility": "SU",
            }
            codes = [profile[c] for c in code_columns]
            if changed_every and n % changed_every == 0:
                codes[code_columns.index(extra)] = "1"
            writer.writerow([*(values[c] for c in IDENTITY), *codes])


# -- one import ------------------------------------------------------------------------------------


def fresh_database(kind: str, workdir: Path, name: str, postgres: str | None, *, baseline: bool = False) -> str:
    """A new database at a real first start (migrations + bundled files, stored by that path's writer); its URL."""
    from recoverynav.directory.bundled import load_bundled
    from recoverynav.storage import prepare_database
    from recoverynav.storage.directory.facilities import SqlFacilityRepository

    if kind == "sqlite":
        url = f"sqlite:///{workdir / (name + '.sqlite3')}"
    else:
        assert postgres is not None
        url = _new_postgres(postgres, f"rn_import_bench_{name}")
    repo = prepare_database(url, load_bundled=False)
    load_bundled(_baseline_repository(repo.engine) if baseline else SqlFacilityRepository(repo.engine))
    return url


def import_once(url: str, file: Path, *, baseline: bool) -> tuple[Any, float]:
    """Import ``file`` with the current or the baseline write path; (report, seconds)."""
    from recoverynav.directory.importers import import_file
    from recoverynav.storage.directory.facilities import SqlFacilityRepository
    from recoverynav.storage.engine import engine_for

    engine = engine_for(url)
    repo = _baseline_repository(engine) if baseline else SqlFacilityRepository(engine)
    started = time.perf_counter()
    cpu = _cpu_seconds(url)
    report = import_file(file, repo, fmt="spreadsheet")
    _CPU[0] = _cpu_seconds(url) - cpu
    return report, time.perf_counter() - started


def throughput(workdir: Path, args: argparse.Namespace) -> None:
    first, again = workdir / "first.csv", workdir / "again.csv"
    write_file(first, args.rows)
    write_file(again, args.rows, changed_every=10)
    kinds = ([] if args.no_sqlite else ["sqlite"]) + (["postgresql"] if args.postgres else [])
    paths = ["now"] if args.no_baseline else ["baseline", "now"]
    records = {name: _records(file) for name, file in (("first", first), ("again", again))}
    print(
        f"{args.rows:,} rows per file; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores: one CPU-second "
        f"takes {_machine_share():.1f} s of wall time now. rows/s is wall time (the targets); rows/cpu-s counts CPU "
        "time (this process, plus PostgreSQL's server processes for this database), what an idle machine gives"
    )
    print(
        "\nthe write (repository upsert of the parsed rows, 50,000 a call, as the search benchmark loads them; another"
    )
    print(
        "thread takes the write lock every 20 ms meanwhile, as a staff member's save would: its longest wait is shown):"
    )
    head = f"{'backend':<11}{'run':<7}{'path':<10}{'seconds':>9}{'rows/s':>10}{'cpu s':>7}{'rows/cpu-s':>11}  "
    head += f"{'ins/upd/same':<22}"
    print(head + "target")
    found: dict[tuple[str, str, str], float] = {}
    for kind in kinds:
        for path in paths:
            url = fresh_database(
                kind, workdir, f"{kind}_{path}_{os.getpid()}", args.postgres, baseline=path == "baseline"
            )
            try:
                for run in ("first", "again"):
                    with _LockProbe(url) as probe:
                        counts, seconds = upsert_once(url, records[run], baseline=path == "baseline")
                    found[(kind, run, path)] = args.rows / _CPU[0]
                    _print_rate(kind, run, path, seconds, args.rows, counts, probe.longest)
                _check_derived(url)
            finally:
                _drop(url)
    _print_ratios(found)
    if not args.whole:
        return
    print("\nthe whole import (read, validate, merge into the stored sites, write), a first start's database each:")
    print(head + "target")
    found = {}
    for kind in kinds:
        for path in paths:
            url = fresh_database(
                kind, workdir, f"whole_{kind}_{path}_{os.getpid()}", args.postgres, baseline=path == "baseline"
            )
            try:
                for run, file in (("first", first), ("again", again)):
                    report, seconds = import_once(url, file, baseline=path == "baseline")
                    found[(kind, run, path)] = report.rows / _CPU[0]
                    _print_rate(kind, run, path, seconds, report.rows, report.counts)
                _check_derived(url)
            finally:
                _drop(url)
    _print_ratios(found)


def _records(file: Path) -> list[Any]:
    from recoverynav.directory.importers import parse_bytes

    batch, _ = parse_bytes(file.read_bytes(), SOURCE_NAME, fmt="spreadsheet")
    return batch.facilities


def upsert_once(url: str, records: list[Any], *, baseline: bool) -> tuple[Any, float]:
    """``repo.upsert`` of ``records`` in calls of 50,000; (summed counts, seconds)."""
    from recoverynav.directory.repository import ImportRun, UpsertCounts
    from recoverynav.storage.directory.facilities import SqlFacilityRepository
    from recoverynav.storage.engine import engine_for

    engine = engine_for(url)
    repo = _baseline_repository(engine) if baseline else SqlFacilityRepository(engine)
    total = UpsertCounts()
    started, cpu = time.perf_counter(), _cpu_seconds(url)
    for start in range(0, len(records), 50_000):
        chunk = records[start : start + 50_000]
        counts = repo.upsert(chunk, ImportRun("locator-download", "benchmark", f"{start:064d}", len(chunk)))
        total.inserted += counts.inserted
        total.updated += counts.updated
        total.unchanged += counts.unchanged
    _CPU[0] = _cpu_seconds(url) - cpu
    return total, time.perf_counter() - started


class _LockProbe:
    """Another writer: takes the database's write lock every 20 ms (an empty transaction) and keeps its longest wait."""

    def __init__(self, url: str) -> None:
        from recoverynav.storage.engine import engine_for

        self.engine, self.stop, self.longest = engine_for(url), threading.Event(), 0.0
        self.thread = threading.Thread(target=self._run)

    def _run(self) -> None:
        from recoverynav.storage.locks import write_lock

        while not self.stop.wait(0.02):
            started = time.perf_counter()
            with write_lock(self.engine):
                self.longest = max(self.longest, time.perf_counter() - started)

    def __enter__(self) -> _LockProbe:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop.set()
        self.thread.join()


def _cpu_seconds(url: str) -> float:
    """CPU seconds of this process and, on PostgreSQL, of the server processes serving this database."""
    from sqlalchemy import text

    from recoverynav.storage.engine import engine_for

    total = time.process_time()
    engine = engine_for(url)
    if engine.dialect.name != "postgresql":
        return total
    with engine.connect() as conn:
        name = engine.url.database
        pids = conn.execute(text("SELECT pid FROM pg_stat_activity WHERE datname = :d"), {"d": name}).scalars().all()
    tick = os.sysconf("SC_CLK_TCK")
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the server on another machine or in a container: only this process is counted
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def _machine_share() -> float:
    """Wall seconds one CPU-second of a busy loop takes now (1.0 on an idle machine; more when shared)."""
    started, cpu = time.perf_counter(), time.process_time()
    while time.process_time() - cpu < 0.2:
        pass
    return (time.perf_counter() - started) / 0.2


def _print_rate(
    kind: str, run: str, path: str, seconds: float, rows: int, c: Any, lock_wait: float | None = None
) -> None:
    rate = rows / seconds
    on_cpu = rows / _CPU[0]
    verdict = " ".join(
        f"{name} {'OK' if value >= TARGETS[kind] else 'UNDER'}" for name, value in (("wall", rate), ("cpu", on_cpu))
    )
    print(
        f"{kind:<11}{run:<7}{path:<10}{seconds:>9.1f}{rate:>10,.0f}{_CPU[0]:>7.1f}{on_cpu:>11,.0f}  "
        f"{f'{c.inserted}/{c.updated}/{c.unchanged}':<22}"
        f"{verdict} (>= {TARGETS[kind]:,.0f})"
        + ("" if lock_wait is None else f"; writers waited <= {lock_wait:.1f} s"),
        flush=True,
    )


def _print_ratios(found: dict[tuple[str, str, str], float]) -> None:
    for (kind, run, path), rate in found.items():
        if path == "now" and (kind, run, "baseline") in found:
            print(f"  {kind} {run}: now / baseline (rows/cpu-s) = {rate / found[(kind, run, 'baseline')]:.1f}x")


def _check_derived(url: str) -> None:
    """The derived tables agree with the rows (SQLite's grid cells; PostGIS' generated points)."""
    from sqlalchemy import text

    from recoverynav.storage.engine import engine_for

    engine = engine_for(url)
    with engine.connect() as conn:
        placed = conn.execute(text("SELECT count(*) FROM facilities WHERE latitude IS NOT NULL")).scalar_one()
        if engine.dialect.name == "sqlite":
            cells = conn.execute(text("SELECT count(*) FROM facility_cells")).scalar_one()
        else:
            cells = conn.execute(text("SELECT count(*) FROM facilities WHERE geog IS NOT NULL")).scalar_one()
    if placed != cells:
        raise SystemExit(f"derived spatial rows disagree: {placed} placed facilities, {cells} indexed")


def _new_postgres(server: str, name: str) -> str:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(server).set(database=name).render_as_string(hide_password=False)


def _drop(url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from recoverynav.storage.engine import dispose_all

    dispose_all()
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(str(parsed.database) + suffix).unlink(missing_ok=True)
        return
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}"'))
    admin.dispose()


# -- readers during an import ----------------------------------------------------------------------


def readers(workdir: Path, args: argparse.Namespace) -> None:
    file = workdir / "big.csv"
    write_file(file, args.reader_rows)
    paths = ["now"] if args.no_baseline else ["baseline", "now"]
    print(
        f"{args.clients} client(s) sending GET /api/v1/facilities back to back; SQLite; {args.reader_rows:,} rows; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (one CPU-second: {_machine_share():.1f} s)"
    )
    print(f"{'path':<10}{'phase':<14}{'requests':>9}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}{'errors':>8}  import")
    for path in paths:
        url = fresh_database("sqlite", workdir, f"readers_{path}", None, baseline=path == "baseline")
        server, base = _serve(url, workdir)
        try:
            zips = _zips()
            idle = _hammer(base, zips, args.clients, lambda: time.sleep(args.idle_seconds))
            _print_phase(path, "idle", idle, "")
            outcome: list[str] = []

            def run_import(path: str = path, url: str = url, outcome: list[str] = outcome) -> None:
                command = [sys.executable, __file__, "--import-into", url, str(file), path]
                done = subprocess.run(command, capture_output=True, text=True, check=False)
                if done.returncode:
                    raise SystemExit(f"the import failed:\n{done.stderr[-3000:]}")
                rows, seconds = done.stdout.split()[-2:]
                outcome.append(f"{int(rows):,} rows in {float(seconds):.1f} s ({int(rows) / float(seconds):,.0f}/s)")

            during = _hammer(base, zips, args.clients, run_import)
            p99 = _pct(during[0], 99) if during[0] else float("inf")
            verdict = "OK" if p99 < READER_P99_MS else "OVER"
            _print_phase(path, "during import", during, f"{outcome[0] if outcome else '?'}; {verdict} (< 250 ms)")
        finally:
            server.terminate()
            server.wait(timeout=30)
            _drop(url)


def _print_phase(path: str, phase: str, samples: tuple[list[float], int], note: str) -> None:
    times, errors = samples
    if not times:
        print(f"{path:<10}{phase:<14}{0:>9}{'-':>9}{'-':>9}{'-':>9}{errors:>8}  {note}")
        return
    print(
        f"{path:<10}{phase:<14}{len(times):>9}{_pct(times, 50):>9.1f}{_pct(times, 99):>9.1f}{max(times):>9.1f}"
        f"{errors:>8}  {note}",
        flush=True,
    )


def _hammer(base: str, zips: list[str], clients: int, during: Any) -> tuple[list[float], int]:
    """Latencies (ms) and errors of ``clients`` threads sending requests back to back while ``during()`` runs."""
    import httpx

    stop = threading.Event()
    times: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def client(seed: int) -> None:
        rng = random.Random(seed)
        with httpx.Client(base_url=base, timeout=120) as http:
            while not stop.is_set():
                params = {"near": rng.choice(zips), "radius_miles": "25", "codes": rng.choice(QUERIES)}
                started = time.perf_counter()
                try:
                    ok = http.get("/api/v1/facilities", params=params).status_code == 200
                except httpx.HTTPError:
                    ok = False
                elapsed = (time.perf_counter() - started) * 1000
                with lock:
                    if ok:
                        times.append(elapsed)
                    else:
                        errors[0] += 1

    threads = [threading.Thread(target=client, args=(seed,)) for seed in range(clients)]
    for thread in threads:
        thread.start()
    try:
        during()
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    return times, errors[0]


def _zips() -> list[str]:
    """ZIP codes of the bundled 2020 list's listings (where people search)."""
    rows = _bundled_rows(FLOOR_FILE)
    return sorted({row["zip"][:5].zfill(5) for row in rows if row.get("zip")})[::7]


def _serve(url: str, workdir: Path) -> tuple[subprocess.Popen[bytes], str]:
    import httpx

    env = {k: v for k, v in os.environ.items() if not k.startswith("RECOVERYNAV_")}
    env |= {"RECOVERYNAV_DATA_DIR": str(workdir), "RECOVERYNAV_DATABASE_URL": url, "RECOVERYNAV_RATE_LIMITS": "off"}
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = [sys.executable, "-m", "uvicorn", "recoverynav.app:create_app", "--factory", "--host", "127.0.0.1"]
    command += ["--port", str(port), "--log-level", "warning", "--no-access-log"]
    log = workdir / "server.log"
    with log.open("ab") as out:
        server = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.get(base + "/api/v1/facilities", params={"near": "22902"}, timeout=30).status_code == 200:
                return server, base
        except httpx.HTTPError:
            pass
        if server.poll() is not None or time.monotonic() > deadline:
            server.kill()
            raise SystemExit("the server did not start:\n" + log.read_text(errors="replace"))
        time.sleep(0.2)


def _pct(values: list[float], pct: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


# -- the write path before #21 (the baseline) ------------------------------------------------------


def _baseline_repository_class() -> type:
    from sqlalchemy import Connection, delete, insert, select, update

    from recoverynav.directory.models import Facility
    from recoverynav.directory.repository import ImportRun, UpsertCounts
    from recoverynav.storage.directory import facilities as module
    from recoverynav.storage.directory.tables import facilities, facility_imports
    from recoverynav.storage.unit_of_work import UnitOfWork

    def chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
        for start in range(0, len(items), size):
            yield items[start : start + size]

    class BaselineRepository(module.SqlFacilityRepository):
        """``upsert`` as it was before #21, everything else as now."""

        def sites_in(self, states: Collection[str] | None) -> list[Facility]:
            query = select(facilities).where(facilities.c.status == "open", facilities.c.synthetic.is_(False))
            if states is not None:
                query = query.where(facilities.c.state.in_(sorted(states)))
            with self.engine.connect() as conn:
                return [module._to_facility(row) for row in conn.execute(query.order_by(facilities.c.id)).mappings()]

        def upsert(
            self, facilities_: Sequence[Facility], run: ImportRun, *, absorbed: Sequence[str] = ()
        ) -> UpsertCounts:
            frids = [f.frid for f in facilities_]
            now = datetime.now(UTC)
            rows = [module._to_row(facility, now) for facility in facilities_]
            module._refuse_unstorable(facilities_, rows, run)
            with UnitOfWork(self.engine, lock_wait_seconds=self.lock_wait_seconds) as unit:
                counts = self._old_write(unit.connection, rows, run, frids, absorbed, now)
                unit.commit()
            return counts

        def _old_write(
            self,
            conn: Connection,
            rows: list[dict[str, Any]],
            run: ImportRun,
            frids: list[str],
            absorbed: Sequence[str],
            now: datetime,
        ) -> UpsertCounts:
            counts = UpsertCounts(frids=frids)
            for chunk in chunks(rows, 500):
                known = {
                    frid: (fingerprint, status)
                    for frid, fingerprint, status in conn.execute(
                        select(facilities.c.frid, facilities.c.fingerprint, facilities.c.status).where(
                            facilities.c.frid.in_([row["frid"] for row in chunk])
                        )
                    )
                }
                new, changed = [], []
                for row in chunk:
                    if row["frid"] not in known:
                        new.append(row)
                    elif known[row["frid"]] != (row["fingerprint"], row["status"]):
                        changed.append(row)
                    else:
                        counts.unchanged += 1
                if new:
                    conn.execute(insert(facilities), new)
                for row in changed:
                    conn.execute(update(facilities).where(facilities.c.frid == row["frid"]).values(**row))
                counts.inserted += len(new)
                counts.updated += len(changed)
            for chunk in chunks(list(absorbed), 500):
                conn.execute(delete(facilities).where(facilities.c.frid.in_(chunk)))
            conn.execute(
                insert(facility_imports).values(
                    dataset=run.dataset,
                    source_name=run.source_name[:500],
                    sha256=run.sha256,
                    rows=run.rows,
                    inserted=counts.inserted,
                    updated=counts.updated,
                    closed=0,
                    full_refresh=run.full_refresh,
                    imported_at=now,
                )
            )
            return counts

    return BaselineRepository


def _baseline_repository(engine: Any) -> Any:
    return _baseline_repository_class()(engine)


if __name__ == "__main__":
    main()
