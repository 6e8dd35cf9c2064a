"""The finder's "has openings now" filter (#16): p50/p99 of a search with and without it, and of a facility read
with its openings attached, on the bundled real data with openings posted for a share of the listings.

Usage::

    .venv/bin/python benchmarks/openings_search.py                       # SQLite in a temporary directory
    .venv/bin/python benchmarks/openings_search.py --database-url postgresql+psycopg://... --share 0.5
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", help="default: a new SQLite file in a temporary directory")
    parser.add_argument("--share", type=float, default=0.2, help="share of listings with openings posted")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()

    from sqlalchemy import select

    from recoverynav.directory import FacilityFilter, Opening, get_facility
    from recoverynav.storage import prepare_database
    from recoverynav.storage.directory.tables import facilities
    from recoverynav.storage.unit_of_work import UnitOfWork

    rng = random.Random(args.seed)
    workdir = tempfile.TemporaryDirectory(prefix="rn-bench-openings-")
    url = args.database_url or f"sqlite:///{Path(workdir.name) / 'bench.sqlite3'}"
    repo = prepare_database(url)
    now = datetime.now(UTC)
    with repo.engine.connect() as conn:
        rows = conn.execute(select(facilities.c.frid, facilities.c.latitude, facilities.c.longitude)).all()
    placed = [r for r in rows if r[1] is not None]
    chosen = rng.sample(placed, int(len(placed) * args.share))
    started = time.perf_counter()
    with UnitOfWork(repo.engine) as unit:
        for frid, _, _ in chosen:
            age = timedelta(hours=rng.choice([1, 5, 30, 200]))  # fresh, fresh, stale, hidden
            unit.openings.replace(
                frid,
                [
                    Opening(
                        frid=frid,
                        care_type="DT",
                        open_slots=rng.randint(0, 4),
                        accepting_new=rng.random() < 0.8,
                        updated_at=now - age,
                        updated_by="bench",
                        source="facility",
                    )
                ],
            )
        unit.commit()
    print(f"{len(rows):,} listings; openings posted for {len(chosen):,} in {time.perf_counter() - started:.2f} s")

    origins = [(r[1], r[2]) for r in rng.sample(placed, args.queries)]
    since = now - timedelta(hours=24)
    for label, openings_since in (("search 25 mi", None), ("search 25 mi, has openings now", since)):
        specs = [
            FacilityFilter(latitude=lat, longitude=lon, radius_miles=25, openings_since=openings_since, limit=20)
            for lat, lon in origins
        ]
        times = []
        for spec in specs:
            t0 = time.perf_counter()
            repo.search(spec)
            times.append((time.perf_counter() - t0) * 1000)
        _report(label, times)
    reads = []
    for frid, _, _ in rng.sample(chosen, min(args.queries, len(chosen))):
        t0 = time.perf_counter()
        get_facility(frid, repo, include_demo=True, now=now)
        reads.append((time.perf_counter() - t0) * 1000)
    _report("facility read with openings", reads)


def _report(label: str, times: list[float]) -> None:
    ordered = sorted(times)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    print(f"{label:<34} p50 {statistics.median(ordered):7.2f} ms   p99 {p99:7.2f} ms   (n={len(ordered)})")


if __name__ == "__main__":
    main()
