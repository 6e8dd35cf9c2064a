"""Meeting search on the shipped feeds: p50/p99 of typical queries (box-indexed search) vs a brute-force scan.

Usage::

    .venv/bin/python benchmarks/meetings_search.py
    .venv/bin/python benchmarks/meetings_search.py --database-url postgresql+psycopg://postgres@127.0.0.1/rn_bench

Origins are the ZIP codes of the shipped meetings (where people would search) plus a few far from any feed.
The brute force reads every stored meeting and filters and ranks in Python; both answers are compared.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

KINDS: dict[str, dict[str, object]] = {
    "25 mi, nearest first": {},
    "10 mi, Monday, open": {"radius_miles": 10, "day": 1, "types": ["O"]},
    "25 mi, Spanish, next first": {"types": ["S"], "order": "next"},
    "online, from anywhere": {"online": True},
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", help="default: a new SQLite file in a temporary directory")
    parser.add_argument("--queries", type=int, default=300, help="indexed queries per kind")
    parser.add_argument("--scan-queries", type=int, default=30, help="brute-force queries per kind")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    from recoverynav.meetings import MeetingFilter, MeetingQuery, search_meetings
    from recoverynav.storage.meetings import prepare_meetings

    rng = random.Random(args.seed)
    workdir = tempfile.TemporaryDirectory(prefix="rn-bench-")
    url = args.database_url or f"sqlite:///{Path(workdir.name) / 'meetings.sqlite3'}"
    print(f"database: {url.split('@')[-1]}")
    started = time.perf_counter()
    repo = prepare_meetings(url)
    print(
        f"import the 11 shipped feeds (with migrations): {time.perf_counter() - started:.2f} s, {repo.count()} meetings"
    )

    every = repo.find(MeetingFilter())
    from recoverynav.directory.gazetteer import zip_rows

    # Feeds carry a few retired ZIP codes; origins are the ones a person could still type.
    zips = sorted({s.meeting.postal_code for s in every if s.meeting.postal_code in zip_rows()})
    origins = [rng.choice(zips) for _ in range(args.queries)] + ["05401", "59801", "33101"]
    now = dt.datetime(2026, 12, 7, 17, 0, tzinfo=dt.UTC)

    for name, extra in KINDS.items():
        queries = [MeetingQuery(near=o, limit=20, **extra) for o in origins]  # type: ignore[arg-type]
        for query in queries[:5]:
            search_meetings(query, repo, now)  # warm caches (geocoder, zones)
        indexed = timed(lambda q: search_meetings(q, repo, now), queries[: args.queries])
        brute = timed(lambda q: brute_force(q, repo, now), queries[: args.scan_queries])
        for query in queries[: args.scan_queries]:
            assert [h.id for h in search_meetings(query, repo, now).results] == brute_force(query, repo, now), query
        print(f"{name:<28} indexed p50 {pct(indexed, 50):7.2f} ms  p99 {pct(indexed, 99):7.2f} ms   "
              f"brute force p50 {pct(brute, 50):7.2f} ms  p99 {pct(brute, 99):7.2f} ms")  # fmt: skip


def brute_force(query: object, repo: object, now: dt.datetime) -> list[int]:
    """Every stored meeting read and filtered in Python: the reference answer, the same ranking rules."""
    from recoverynav.directory import geocode, great_circle_miles
    from recoverynav.meetings import MeetingFilter, MeetingQuery, next_start
    from recoverynav.storage.meetings import SqlMeetingRepository

    assert isinstance(query, MeetingQuery) and isinstance(repo, SqlMeetingRepository)
    origin = geocode(query.near)
    radius = max(query.radius_miles, origin.radius_miles or 0)
    ranked = []
    for stored in repo.find(MeetingFilter()):
        m = stored.meeting
        if (query.day is not None and query.day not in m.days) or not set(query.types) <= set(m.types):
            continue
        miles = None
        if m.latitude is not None and m.longitude is not None:
            miles = round(great_circle_miles(origin.latitude, origin.longitude, m.latitude, m.longitude), 2)
        if query.online:
            if m.attendance == "in_person":
                continue
        elif m.attendance == "online" or miles is None or miles > radius:
            continue
        far = float("inf") if miles is None else miles
        start = next_start(m, now)
        ranked.append(((start, far, stored.id) if query.order == "next" else (far, start, stored.id), stored.id))
    return [meeting_id for _, meeting_id in sorted(ranked)[: query.limit]]


def timed(run: Callable[[object], object], queries: list[object]) -> list[float]:
    times = []
    for query in queries:
        started = time.perf_counter()
        run(query)
        times.append((time.perf_counter() - started) * 1000)
    return times


def pct(values: list[float], percentile: int) -> float:
    if len(values) < 2:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[percentile - 1]


if __name__ == "__main__":
    main()
