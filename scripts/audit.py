"""Audit the installed packages with pip-audit (#21): fail on a known vulnerability, warn when none could be checked.

``scripts/test`` runs it after the lint. pip-audit asks the PyPI advisory API about every installed package. A
package with a known vulnerability fails the run (exit 1) and is named with its advisory and fixed versions. When
the service cannot be reached (CI without network, an outage, a private mirror PyPI's API does not know), pip-audit
skips packages or stops; that is a warning, not a failure, so an outage elsewhere cannot block every change, and
the warning says how many packages went unchecked. ``RECOVERYNAV_AUDIT_STRICT=1`` makes that a failure too (a
release build should set it).

Usage: ``python scripts/audit.py`` (exit 0: clean or not checkable; 1: vulnerable; 2: unchecked under strict).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path


def main() -> int:
    strict = os.environ.get("RECOVERYNAV_AUDIT_STRICT", "") not in ("", "0", "off", "false")
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "audit.json"
        command = [sys.executable, "-m", "pip_audit", "--progress-spinner", "off", "--skip-editable"]
        run = subprocess.run(
            [*command, "--format", "json", "--output", str(report)], capture_output=True, text=True, timeout=600
        )
        data = json.loads(report.read_text(encoding="utf-8")) if report.exists() and report.stat().st_size else None
    if data is None:
        reason = (run.stderr.strip().splitlines() or ["no report"])[-1]
        return _unchecked(f"pip-audit could not check the packages ({reason[:200]})", strict)
    packages = data.get("dependencies", [])
    vulnerable = [p for p in packages if p.get("vulns")]
    for package in vulnerable:
        for vuln in package["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions", [])) or "no fixed version yet"
            print(f"pip-audit: {package['name']} {package.get('version', '')}: {vuln.get('id')} (fixed in {fixed})")
    if vulnerable:
        print(f"pip-audit: {len(vulnerable)} installed package(s) have known vulnerabilities: upgrade them")
        return 1
    skipped = [p for p in packages if p.get("skip_reason")]
    if packages and len(skipped) == len(packages):
        return _unchecked(
            f"pip-audit could not check any of {len(packages)} packages (advisory service unreachable?)", strict
        )
    note = f", {len(skipped)} not checkable" if skipped else ""
    print(f"pip-audit: {len(packages) - len(skipped)} packages checked, no known vulnerabilities{note}")
    return 0


def _unchecked(message: str, strict: bool) -> int:
    print(f"WARNING: {message}; not a failure unless RECOVERYNAV_AUDIT_STRICT=1", file=sys.stderr)
    return 2 if strict else 0


if __name__ == "__main__":
    raise SystemExit(main())
