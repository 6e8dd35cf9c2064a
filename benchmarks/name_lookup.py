"""Per-call time of name resolution: a listed name, an unlisted typo (suggestions computed), and hostile text.

Issue #12: a 60 KB "name" cost about 5 s of CPU in the similarity matcher; text longer than a name
(``MAX_NAME_LENGTH``) now gets no similarity work at all.

Run: .venv/bin/python benchmarks/name_lookup.py [--runs 200]
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import time

from recoverynav.knowledge import UnknownNameError, load_catalog, lookup

CASES = {
    "listed name (Xanax)": "Xanax",
    "unlisted typo (baclofem)": "baclofem",
    "100 characters": "baclofen " * 11 + "x",
    "60 KB of text": "baclofen " * 6700,
}


def _once(text: str) -> float:
    start = time.perf_counter()
    with contextlib.suppress(UnknownNameError):
        lookup(text)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    load_catalog()
    for label, text in CASES.items():
        times = [_once(text) for _ in range(args.runs)]
        print(f"{label:28} median {statistics.median(times) * 1e3:8.3f} ms   max {max(times) * 1e3:8.3f} ms")


if __name__ == "__main__":
    main()
