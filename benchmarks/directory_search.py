"""Facility search: p50/p99 of typical queries with the spatial index vs a brute-force scan; import times.

Usage::

    .venv/bin/python benchmarks/directory_search.py                    # real data + 1,000,000 synthetic
    .venv/bin/python benchmarks/directory_search.py --synthetic 100000 --database-url postgresql+psycopg://...

Synthetic facilities sit on active standard US ZIP centroids (ZIP areas are drawn around mail volume, so
their density follows where people live) with up to ~3 miles of jitter; their code sets are copies of
real facilities' codes (70% from richly coded locator listings, 30% from the MOUD list), each code kept
with probability 0.85. They are flagged synthetic and carry no phone numbers.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

QUERY_CODES = [("DT", "MD"), ("OP", "MD"), ("BU", "MD"), ("RES", "PI"), ("OP", "SS"), ("SA", "SP"), ("BU", "SF")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--synthetic", type=int, default=1_000_000, help="synthetic facilities to add (0: none)")
    parser.add_argument("--database-url", help="default: a new SQLite file in a temporary directory")
    parser.add_argument("--queries", type=int, default=300, help="indexed queries per kind")
    parser.add_argument("--scan-queries", type=int, default=15, help="brute-force queries per kind")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    from recoverynav.storage import prepare_database

    rng = random.Random(args.seed)
    workdir = tempfile.TemporaryDirectory(prefix="rn-bench-")
    url = args.database_url or f"sqlite:///{Path(workdir.name) / 'bench.sqlite3'}"
    print(f"database: {url.split('@')[-1]}")

    from recoverynav.directory.bundled import BUNDLED

    started, cpu_started = time.perf_counter(), time.process_time()
    repo = prepare_database(url)
    real = repo.count()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    print(
        f"first start: migrations + import of all {len(BUNDLED)} bundled files: {elapsed:.2f} s "
        f"({cpu:.2f} s CPU; budget 5 s)"
    )
    first_start_phases(Path(workdir.name))
    print(f"{real:,} sites (one card per site)")

    zips = _zip_points()
    origins = [rng.choice(zips) for _ in range(max(args.queries, args.scan_queries))]
    measure(repo, "real data", origins, args, rng, include_synthetic=False)

    if args.synthetic:
        started = time.perf_counter()
        add_synthetic(repo, args.synthetic, zips, rng)
        elapsed = time.perf_counter() - started
        rate = args.synthetic / elapsed
        print(f"\nimport {args.synthetic:,} synthetic facilities: {elapsed:.1f} s ({rate:,.0f} rows/s)")
        measure(repo, f"real + {args.synthetic:,} synthetic", origins, args, rng, include_synthetic=True)
    workdir.cleanup()


def measure(
    repo: Any, label: str, origins: list[tuple[float, float]], args: Any, rng: random.Random, *, include_synthetic: bool
) -> None:
    from scan_search import search_by_scan

    from recoverynav.directory.repository import FacilityFilter

    kinds: dict[str, Callable[[tuple[float, float]], FacilityFilter]] = {
        "25 mi + 2 codes": lambda o: FacilityFilter(
            latitude=o[0], longitude=o[1], radius_miles=25, codes=rng.choice(QUERY_CODES),
            include_synthetic=include_synthetic,
        ),
        "nearest 10": lambda o: FacilityFilter(
            latitude=o[0], longitude=o[1], nearest=10, limit=10, include_synthetic=include_synthetic
        ),
    }  # fmt: skip
    print(f"\n{label}: {repo.count():,} facilities in the database")
    heads = ("index p50", "index p99", "scan p50", "scan p99")
    print(
        f"{'query':<18}"
        + "".join(f"{h:>12}" for h in heads)
        + f"{'p50 ratio':>11}{'p99 ratio':>11}"
        # CPU time of this process: on a shared machine, wall-clock p99 is mostly other processes' turns.
        + f"{'index cpu p99':>15}"
    )
    for name, make in kinds.items():
        specs = [make(o) for o in origins]
        for spec in specs[:5]:
            repo.search(spec)  # warm caches
        indexed = _times(repo.search, specs[: args.queries])
        cpu = _times(repo.search, specs[: args.queries], clock=time.process_time)
        scan_specs = specs[: args.scan_queries]
        scanned = _times(lambda spec: search_by_scan(repo, spec), scan_specs)
        for spec in scan_specs:  # the two answers must agree
            a, b = repo.search(spec), search_by_scan(repo, spec)
            assert a.total == b.total and [h.frid for h in a.hits] == [h.frid for h in b.hits], spec
        i50, i99, s50, s99 = _p(indexed, 50), _p(indexed, 99), _p(scanned, 50), _p(scanned, 99)
        print(
            f"{name:<18}{i50:>10.2f}ms{i99:>10.2f}ms{s50:>10.1f}ms{s99:>10.1f}ms{s50 / i50:>10.0f}x{s99 / i99:>10.0f}x"
            f"{_p(cpu, 99):>13.2f}ms"
        )


def first_start_phases(folder: Path) -> None:
    """The first start again on a new SQLite file, timed by phase: parse every file, merge into sites, write."""
    from recoverynav.directory.bundled import BUNDLED, bundled_bytes
    from recoverynav.directory.importers import parse_bytes
    from recoverynav.directory.importers.merging import plan_merge
    from recoverynav.directory.repository import ImportRun
    from recoverynav.storage import prepare_database

    repo = prepare_database(f"sqlite:///{folder / 'phases.sqlite3'}", load_bundled=False)
    started = time.perf_counter()
    records = []
    for name, fmt, dataset in BUNDLED:
        batch, _ = parse_bytes(bundled_bytes(name), name.removesuffix(".gz"), fmt=fmt, dataset=dataset)
        records += batch.facilities
    parsed = time.perf_counter()
    plan = plan_merge([], records)
    merged = time.perf_counter()
    repo.upsert(plan.sites, ImportRun("bundled", "benchmark", "0" * 64, len(records)))
    written = time.perf_counter()
    print(
        f"  by phase: parse {len(records):,} records {parsed - started:.2f} s, merge into {len(plan.sites):,} sites "
        f"{merged - parsed:.2f} s, write {written - merged:.2f} s ({plan.summary()})"
    )


def add_synthetic(repo: Any, n: int, zips: list[tuple[float, float]], rng: random.Random) -> None:
    from recoverynav.directory import Facility, FacilityFilter
    from recoverynav.directory.repository import ImportRun

    everything = repo.search(FacilityFilter(limit=100_000, offset=0)).hits
    rich = [h.codes for h in everything if len(h.codes) >= 10]
    moud = [h.codes for h in everything if 0 < len(h.codes) < 10]
    chunk = 50_000
    for start in range(0, n, chunk):
        batch = []
        for i in range(start, min(n, start + chunk)):
            lat, lon = rng.choice(zips)
            template = rng.choice(rich) if rng.random() < 0.7 else rng.choice(moud)
            batch.append(
                Facility.model_construct(
                    frid=f"synthetic-{i:07d}", name=f"Demo facility {i}", name2="", street="", street2="",
                    city="", state="", zip="", phone="", intake_phone="", hotline="", website="",
                    latitude=max(-89.9, min(89.9, lat + rng.gauss(0, 0.03))),
                    longitude=lon + rng.gauss(0, 0.03),
                    facility_type=rng.choice(("SA", "MH")),
                    codes=sorted(c for c in template if rng.random() < 0.85),
                    other_services=[], source="recoverynav synthetic benchmark data", dataset="synthetic",
                    snapshot_year=2026, synthetic=True, status="open",
                )
            )  # fmt: skip
        repo.upsert(batch, ImportRun("synthetic", "benchmark", f"synthetic-{start}", len(batch)))
        print(f"  {min(n, start + chunk):,} / {n:,}", end="\r", flush=True)
    print(" " * 30, end="\r")


def _zip_points() -> list[tuple[float, float]]:
    import zipcodes

    return [
        (float(z["lat"]), float(z["long"]))
        for z in zipcodes.list_all()  # type: ignore[no-untyped-call]
        if z["active"] and z["zip_code_type"] == "STANDARD" and z["lat"]
    ]


def _times(run: Callable[[Any], Any], specs: list[Any], clock: Callable[[], float] = time.perf_counter) -> list[float]:
    found = []
    for spec in specs:
        started = clock()
        run(spec)
        found.append((clock() - started) * 1000)
    return found


def _p(values: list[float], pct: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


if __name__ == "__main__":
    main()
