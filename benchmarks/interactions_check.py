"""Per-call time of an in-process 20-substance combination check (issue #4 target: under 1 ms).

Load time (validating rules, the TripSit chart and precomputing every pair) is printed separately; it is paid
once per process.

Run: .venv/bin/python benchmarks/interactions_check.py [--runs 2000]
"""

from __future__ import annotations

import argparse
import statistics
import time

NAMES = [
    "baclofen",
    "beer",
    "Xanax",
    "valium",
    "Ambien",
    "sleeping pills",
    "phenobarbital",
    "Soma",
    "gabapentin",
    "Lyrica",
    "oxycodone",
    "fentanyl",
    "methadone",
    "tramadol",
    "Zoloft",
    "Prozac",
    "Nardil",
    "cocaine",
    "meth",
    "GHB",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=2000)
    args = parser.parse_args()

    start = time.perf_counter()
    from recoverynav.interactions import check_combination, load_engine

    engine = load_engine()
    loaded = time.perf_counter() - start
    report = check_combination(NAMES)
    assert len(report.substances) == 20, [s.id for s in report.substances]
    print(f"load (import, validate, precompute {len(engine.pairs)} pair findings): {loaded * 1000:.0f} ms")
    print(f"20 substances -> {len(report.findings)} findings, highest {report.highest_severity.value}")

    samples = []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        check_combination(NAMES)
        samples.append(time.perf_counter() - t0)
    median = statistics.median(samples)
    print(
        f"per call: median {median * 1e6:.0f} us, mean {statistics.fmean(samples) * 1e6:.0f} us, "
        f"min {min(samples) * 1e6:.0f} us, p95 {sorted(samples)[int(len(samples) * 0.95)] * 1e6:.0f} us"
    )
    print(f"target < 1 ms: {'OK' if median < 1e-3 else 'OVER'}")


if __name__ == "__main__":
    main()
