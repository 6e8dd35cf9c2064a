"""X12 eligibility: p50/p99 to read a real-time 271 and to write a 270, and a batch 271 of many people (#17).

Usage::

    .venv/bin/python benchmarks/x12_eligibility.py [--repeat 500] [--batch 2000]

Inputs: the TR3 example 271 (tests/coverage/x12_samples/demo.271), the substance-use 271 written for #17, a
270 built from an inquiry, and a batch 271 made of ``--batch`` copies of the substance-use subscriber loop.
A CORE real-time answer must come back within 20 seconds end to end; the reader's share should be milliseconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from collections.abc import Callable
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "tests" / "coverage" / "x12_samples"


def _timed(label: str, action: Callable[[], object], repeat: int) -> None:
    action()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p99 = times[min(len(times) - 1, int(0.99 * len(times)))]
    print(f"{label:40} n={repeat:5}  p50 {statistics.median(times):8.3f} ms  p99 {p99:8.3f} ms")


def _batch(text: str, people: int) -> str:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("HL*3*"))
    end = next(i for i, line in enumerate(lines) if line.startswith("SE*"))
    loop = lines[start:end]
    body = []
    for n in range(people):
        body += [f"HL*{n + 3}*2*22*0~", *loop[1:]]
    segments = lines[:start] + body
    count = len(segments) - 2 + 1  # from ST (third line) to SE
    return "\n".join([*segments, f"SE*{count}*0001~", *lines[end + 1 :]]) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=500, help="timed runs per real-time case")
    parser.add_argument("--batch", type=int, default=2000, help="people in the batch 271")
    args = parser.parse_args()

    from recoverynav.coverage import EligibilityInquiry, Member, Party, build_270, parse_270, parse_271

    demo = (SAMPLES / "demo.271").read_text()
    substance = (SAMPLES / "substance-use" / "in-out-network.271").read_text()
    inquiry = EligibilityInquiry(
        payer=Party(name="EXAMPLE HEALTH PLAN", id="99999", id_qualifier="PI"),
        provider=Party(name="EXAMPLE RECOVERY CENTER", id="1234567893", id_qualifier="XX"),
        subscriber=Member(last_name="DOE", first_name="JANE", member_id="W000000001", birth_date=dt.date(1980, 1, 31)),
        service_types=["30", "AI", "AJ", "AK", "CI", "CJ", "MH"],
    )
    built = build_270(inquiry)
    _timed("parse_271 demo.271 (TR3 example)", lambda: parse_271(demo), args.repeat)
    _timed("parse_271 substance-use 271", lambda: parse_271(substance), args.repeat)
    _timed("build_270 (7 service types)", lambda: build_270(inquiry), args.repeat)
    _timed("parse_270 of that 270", lambda: parse_270(built), args.repeat)
    batch = _batch(substance, args.batch)
    started = time.perf_counter()
    summaries = parse_271(batch)
    elapsed = time.perf_counter() - started
    assert len(summaries) == args.batch
    each = elapsed / args.batch * 1000
    print(f"batch 271: {args.batch} people, {len(batch) / 1e6:.1f} MB in {elapsed:.2f} s ({each:.3f} ms a person)")


if __name__ == "__main__":
    main()
