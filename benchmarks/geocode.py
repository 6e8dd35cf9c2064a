"""Geocoding: the one-off table build, then p50/p99 per lookup by kind of input (issue #13).

Usage::

    .venv/bin/python benchmarks/geocode.py [--queries 2000]

Kinds: "City, ST" and "City ST" for cities drawn from the ZIP data, 5-digit ZIPs, nicknames and states, and
misspelt cities (the error path, which ranks fuzzy suggestions over ~30,000 names).
"""

from __future__ import annotations

import argparse
import contextlib
import random
import statistics
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--queries", type=int, default=2000, help="lookups per kind")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    from recoverynav.directory import UnknownPlaceError, geocode
    from recoverynav.directory.gazetteer import cities, nicknames, state_centres, states, zip_rows

    started = time.perf_counter()
    geocode("22902")
    zip_time = time.perf_counter() - started
    started = time.perf_counter()
    geocode("Austin TX")
    geocode("Vermont")
    print(f"build tables: ZIP rows {zip_time:.2f} s, cities and state centres {time.perf_counter() - started:.2f} s")

    rng = random.Random(args.seed)
    labels = sorted(c.label for c in cities().values() if not c.alias)
    zips = sorted(zip_rows())
    named = sorted(nicknames()) + sorted(states()) + [s.name for s in states().values()]
    assert len(state_centres()) == len(states())
    kinds = {
        "City, ST": [rng.choice(labels) for _ in range(args.queries)],
        "City ST": [rng.choice(labels).replace(",", "") for _ in range(args.queries)],
        "ZIP": [rng.choice(zips) for _ in range(args.queries)],
        "nickname or state": [rng.choice(named) for _ in range(args.queries)],
        "misspelt (suggestions)": [_misspell(rng.choice(labels), rng) for _ in range(max(1, args.queries // 10))],
    }
    for kind, inputs in kinds.items():
        times = []
        for text in inputs:
            started = time.perf_counter()
            with contextlib.suppress(UnknownPlaceError):
                geocode(text)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        p99 = times[min(len(times) - 1, int(0.99 * len(times)))]
        print(f"{kind:24} n={len(times):5}  p50 {statistics.median(times):7.3f} ms  p99 {p99:7.3f} ms")


def _misspell(label: str, rng: random.Random) -> str:
    city, state = label.rsplit(", ", 1)
    at = rng.randrange(len(city))
    return f"{city[:at]}{city[at + 1 :]}x, {state}"


if __name__ == "__main__":
    main()
