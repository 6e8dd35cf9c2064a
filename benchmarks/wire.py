"""Bytes on the wire and the cost of compressing them (#21): identity, gzip -6 and brotli 4 side by side.

Usage::

    .venv/bin/python benchmarks/wire.py            # the real app in-process, the bundled data
    .venv/bin/python benchmarks/wire.py --postgres postgresql+psycopg://postgres@127.0.0.1/rn_bench   # + counters

For each answer (the finder's results page, a facility search in JSON, the start page and Leaflet), one run prints
its size plain and in each encoding and the median time to compress it, paired: every round compresses the same
body with each setting in turn, so drift on a shared machine hits all of them alike. Static files are compressed
once per process (brotli 9, gzip 9); pages and JSON on every answer (brotli 4, gzip 6), which is what the
timings are for. The last block is what a browser actually fetches for one first visit to /find (page, CSS,
scripts), and then for a second one (the hashed static files come from its cache: only the page).

Then the rate-limit counter's cost per counted request (one upsert), on SQLite and, with ``--postgres``, on
PostgreSQL with the shared engine (a durable commit: the baseline) beside the counter's own engine
(``synchronous_commit=off``), interleaved round by round.
"""

from __future__ import annotations

import gzip
import re
import statistics
import time
from collections.abc import Callable

import brotli
from fastapi.testclient import TestClient

ROUNDS = 30
SETTINGS: dict[str, Callable[[bytes], bytes]] = {
    "gzip -6": lambda body: gzip.compress(body, compresslevel=6, mtime=0),
    "brotli 4": lambda body: brotli.compress(body, quality=4),
    "brotli 5": lambda body: brotli.compress(body, quality=5),
    "gzip -9": lambda body: gzip.compress(body, compresslevel=9, mtime=0),
    "brotli 9": lambda body: brotli.compress(body, quality=9),
}


def main() -> None:
    import argparse
    import os
    import tempfile

    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", default="", help="a PostgreSQL URL for the counter figures")
    postgres = parser.parse_args().postgres

    os.environ.setdefault("RECOVERYNAV_RATE_LIMITS", "off")
    os.environ.setdefault("RECOVERYNAV_DATA_DIR", tempfile.mkdtemp(prefix="recoverynav-wire-"))
    from recoverynav.app import create_app
    from recoverynav.startup import prepare

    prepare()
    client = TestClient(create_app())
    targets = {
        "/find (results page)": "/find?near=22902&radius=25",
        "/api/v1/facilities": "/api/v1/facilities?near=22902&radius=25",
        "/ (start page)": "/",
        "leaflet.js": "/static/vendor/leaflet/leaflet.js",
    }
    print(f"{'answer':24} {'plain':>9} " + " ".join(f"{name:>18}" for name in SETTINGS))
    for label, url in targets.items():
        body = client.get(url, headers={"accept-encoding": "identity"}).content
        times: dict[str, list[float]] = {name: [] for name in SETTINGS}
        sizes = {name: len(fn(body)) for name, fn in SETTINGS.items()}
        for _ in range(ROUNDS):
            for name, fn in SETTINGS.items():
                start = time.perf_counter()
                fn(body)
                times[name].append(time.perf_counter() - start)
        cells = [f"{sizes[n]:>8} B {statistics.median(times[n]) * 1000:>5.2f} ms" for n in SETTINGS]
        print(f"{label:24} {len(body):>7} B " + " ".join(cells))

    print("\nOne visit to /find as a browser fetches it (Accept-Encoding: br, gzip):")
    page = client.get(targets["/find (results page)"], headers={"accept-encoding": "br, gzip"})
    plain_page = client.get(targets["/find (results page)"], headers={"accept-encoding": "identity"})
    assets = sorted(set(re.findall(r'(?:src|href)="(/static/[^"]+)"', page.text)))
    wire = _raw(client, page.url)
    plain = len(plain_page.content)
    for asset in assets:
        compressed = client.get(asset, headers={"accept-encoding": "br, gzip"})
        wire += int(compressed.headers["content-length"])
        plain += len(client.get(asset, headers={"accept-encoding": "identity"}).content)
    print(f"  first visit: {plain:>8} B uncompressed, {wire:>8} B on the wire ({len(assets)} static files, hashed)")
    print(f"  next visit:  {len(plain_page.content):>8} B uncompressed, {_raw(client, page.url):>8} B on the wire")
    counter_costs(postgres)


def counter_costs(postgres: str) -> None:
    """Median and p99 of one counted request's upsert, the candidates interleaved round by round."""
    import tempfile

    from recoverynav.storage import engine_for, prepare_database
    from recoverynav.storage.rate_limits import SqlRateLimitCounter, counter_for

    sqlite_url = f"sqlite:///{tempfile.mkdtemp(prefix='recoverynav-wire-')}/counters.sqlite3"
    candidates: dict[str, SqlRateLimitCounter] = {}
    for label, url in (("SQLite", sqlite_url), ("PostgreSQL", postgres)):
        if not url:
            continue
        prepare_database(url, load_bundled=False)
        if label == "PostgreSQL":
            candidates["PostgreSQL, durable commit (baseline)"] = SqlRateLimitCounter(engine_for(url))
        candidates[f"{label}, counter engine (now)"] = counter_for(url)
    samples: dict[str, list[float]] = {name: [] for name in candidates}
    for i in range(400):
        for name, counter in candidates.items():
            start = time.perf_counter()
            counter.hit("search", f"bench{i % 20}", 60 * (10**6 + i // 100))
            samples[name].append(time.perf_counter() - start)
    print("\nRate-limit counter, one upsert per counted request:")
    for name, values in samples.items():
        values.sort()
        print(f"  {name:40} median {values[len(values) // 2] * 1000:6.2f} ms  p99 {values[-5] * 1000:6.2f} ms")


def _raw(client: TestClient, url: object) -> int:
    response = client.get(str(url), headers={"accept-encoding": "br, gzip"})
    return int(response.headers.get("content-length") or len(response.content))


if __name__ == "__main__":
    main()
