"""Start-up of every ``recoverynav`` command against a bare ``python -c pass``, in paired runs.

Each command runs a typical, cheap but real invocation (``find --near 22902`` searches the database, ``check``
combines two substances, ``drug`` prints a monograph...) from process start to its last line of output. Every
round times a bare interpreter and the command back to back (the order alternating round by round) and keeps
their ratio, so drift of the shared machine between rounds cancels; the table shows the median of the ratios.

Targets (issue #21): every command <= 10x bare Python, ``drug`` <= 5x.

All commands run against a fresh data directory (an embedded SQLite database, migrated and loaded with the
bundled data by one warm-up run of each command first), never the operator's. Bytecode is cached (in a temporary
``PYTHONPYCACHEPREFIX``, even when ``PYTHONDONTWRITEBYTECODE`` is set) as it is for an installed package, whose
installer compiles it; ``--no-bytecode-cache`` measures instead a checkout that compiles every module each run.

Run: .venv/bin/python benchmarks/cli_startup.py [--rounds 15] [--only find,check] [--no-bytecode-cache]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 10.0
TARGETS = {"drug": 5.0}
PLAN = {
    "coping_now": ["call Sam"],
    "meetings": [{"name": "Step study", "day": "tue", "time": "19:30", "timezone": "America/Los_Angeles"}],
}
FACTS = {"substances": ["baclofen", "alcohol"], "daily_use": True, "history_withdrawal_seizures_or_dts": True}


def invocations(work: Path, frids: list[str]) -> list[tuple[str, list[str]]]:
    """(label, arguments) for every command in ``COMMANDS``: one typical invocation each."""
    sample_271 = ROOT / "tests/coverage/x12_samples/substance-use/in-out-network.271"
    return [
        ("audit verify", ["audit", "verify"]),
        ("check xanax oxycodone", ["check", "xanax", "oxycodone"]),
        ("check 3 names --json", ["check", "alcohol", "baclofen", "gabapentin", "--json"]),
        ("compare FRID FRID", ["compare", *frids[:2], "--near", "22902"]),
        ("coverage parse 271", ["coverage", "parse", str(sample_271)]),
        ("coverage guide", ["coverage", "guide", "--payment", "medicaid", "--state", "VA"]),
        ("drug baclofen", ["drug", "baclofen"]),
        ("drug baclophen (typo)", ["drug", "baclophen"]),
        ("facilities reports", ["facilities", "reports", "--open"]),
        ("find --near 22902", ["find", "--near", "22902"]),
        ("find 94110 BU --json", ["find", "--near", "94110", "--radius", "10", "--code", "BU", "--json"]),
        ("find nearest 3 City, ST", ["find", "--near", "Charlottesville, VA", "--nearest", "3"]),
        ("keys rotate --resume", ["keys", "rotate", "--resume"]),
        ("meetings find 22902", ["meetings", "find", "--near", "22902"]),
        ("notifications list", ["notifications", "list"]),
        ("overdose unresponsive", ["overdose", "--sign", "unresponsive"]),
        ("place --facts", ["place", "--facts", str(work / "facts.json")]),
        ("plan --pdf", ["plan", "--file", str(work / "plan.json"), "--pdf", str(work / "plan.pdf")]),
        ("questions --care DT", ["questions", "--care", "DT"]),
        ("screen dast-10", ["screen", "dast-10", "--answers", "1,1,1,0,0,0,0,0,0,0"]),
        ("serve --help", ["serve", "--help"]),
        ("users list", ["users", "list"]),
        ("--help", ["--help"]),
    ]


def _run(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[3:])} exited {done.returncode}: {done.stderr.decode()[-400:]}")
    return elapsed


def _frids(base: list[str], env: dict[str, str]) -> list[str]:
    out = subprocess.run([*base, "find", "--near", "22902", "--nearest", "2", "--json"], env=env, capture_output=True)
    answer = json.loads(out.stdout)
    return [r["frid"] for r in answer["results"]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=15, help="Paired runs per command.")
    parser.add_argument("--only", default="", help="Comma-separated command names (the first word), e.g. find,check.")
    parser.add_argument(
        "--no-bytecode-cache", action="store_true", help="Compile every module on every run (PYTHONDONTWRITEBYTECODE)."
    )
    args = parser.parse_args()
    only = {name.strip() for name in args.only.split(",") if name.strip()}

    with tempfile.TemporaryDirectory(prefix="rn-cli-bench-") as tmp:
        work = Path(tmp)
        env = {k: v for k, v in os.environ.items() if not k.startswith("RECOVERYNAV_")}
        env |= {"RECOVERYNAV_DATA_DIR": str(work / "data"), "RECOVERYNAV_COUNTRY": "US", "LANG": "C.UTF-8"}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
        if args.no_bytecode_cache:
            env["PYTHONDONTWRITEBYTECODE"] = "1"
        (work / "facts.json").write_text(json.dumps(FACTS))
        (work / "plan.json").write_text(json.dumps(PLAN))
        base = [sys.executable, "-m", "recoverynav.cli"]
        bare = [sys.executable, "-c", "pass"]
        _run([*base, "find", "--near", "22902"], env)  # migrate and load the bundled data once
        rows = [(label, argv) for label, argv in invocations(work, _frids(base, env)) if not only or argv[0] in only]
        for _, argv in rows:
            _run([*base, *argv], env)  # warm-up: caches, compiled bytecode, first-use files
        cache = "no bytecode cache" if args.no_bytecode_cache else "bytecode cached"
        print(f"{len(rows)} invocations, {args.rounds} paired rounds each, {cache}")
        print(f"{'command':<26} {'bare ms':>8} {'cmd ms':>8} {'ratio':>6}  {'(p25-p75)':<13} target")
        for label, argv in rows:
            pairs = []
            for round_ in range(args.rounds):
                if round_ % 2:
                    cmd_s, bare_s = _run([*base, *argv], env), _run(bare, env)
                else:
                    bare_s, cmd_s = _run(bare, env), _run([*base, *argv], env)
                pairs.append((bare_s, cmd_s))
            ratios = sorted(c / b for b, c in pairs)
            ratio = statistics.median(ratios)
            q = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else [ratio, ratio, ratio]
            target = TARGETS.get(argv[0], TARGET)
            verdict = "OK" if ratio <= target else "OVER"
            bare_ms = statistics.median(b for b, _ in pairs) * 1000
            cmd_ms = statistics.median(c for _, c in pairs) * 1000
            spread = f"({q[0]:.1f}-{q[2]:.1f})"
            print(
                f"{label:<26} {bare_ms:8.1f} {cmd_ms:8.1f} {ratio:5.1f}x  {spread:<13} <= {target:g}x {verdict}",
                flush=True,
            )


if __name__ == "__main__":
    main()
