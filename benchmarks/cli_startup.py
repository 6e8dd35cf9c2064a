"""How long `recoverynav drug baclofen` takes from process start to printed monograph,
against a bare `python -c pass`. The foundation issue's target: within 10x.

Run: .venv/bin/python benchmarks/cli_startup.py [--runs 20]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time


def _time(cmd: list[str], runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        samples.append(time.perf_counter() - start)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    bare = _time([sys.executable, "-c", "pass"], args.runs)
    drug = _time([sys.executable, "-m", "recoverynav.cli", "drug", "baclofen"], args.runs)
    typo = _time([sys.executable, "-m", "recoverynav.cli", "drug", "baclophen"], args.runs)
    base = statistics.median(bare)
    for label, samples in (("python -c pass", bare), ("drug baclofen", drug), ("drug baclophen", typo)):
        med = statistics.median(samples)
        print(f"{label:<16} median {med * 1000:7.1f} ms   min {min(samples) * 1000:7.1f} ms   x{med / base:5.1f}")
    ratio = statistics.median(drug) / base
    print(f"ratio drug/bare: {ratio:.1f}x (target <= 10x): {'OK' if ratio <= 10 else 'OVER'}")


if __name__ == "__main__":
    main()
