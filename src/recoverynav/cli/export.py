"""``recoverynav facilities export --format hsds|csv OUTDIR``: the directory as open data, with its sources' credits."""

from __future__ import annotations

import csv
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import IO, Any

import click

from recoverynav.cli.errors import InputError

FLAT_FILE = "facilities.csv"
ATTRIBUTION_FILE = "ATTRIBUTION.md"


@click.command("export")
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["hsds", "csv"]),
    required=True,
    help="hsds: Open Referral HSDS 3.0 tables + datapackage.json; csv: one flat facilities.csv.",
)
@click.option("--state", "states", multiple=True, help="Only sites in this state, e.g. CA (repeatable; omit for all).")
def export(outdir: Path, fmt: str, states: tuple[str, ...]) -> None:
    """Write every open, real site to OUTDIR with ATTRIBUTION.md (sources and licences); files are replaced whole."""
    from recoverynav.directory import state_code
    from recoverynav.wiring import facility_repository

    wanted = sorted({s.strip().upper() for s in states if s.strip()})
    # A typo (ZZ, VS) would otherwise write an empty export that looks like a state with no listings.
    bad = [s for s in wanted if state_code(s) != s]
    if bad:
        raise InputError(f"--state: {', '.join(map(repr, bad))} is not a US state or territory code (e.g. CA, PR)")
    staging = _staging_dir(outdir)
    try:
        sites = facility_repository().sites_in(wanted or None)
        written = _write_hsds(staging, sites) if fmt == "hsds" else _write_flat(staging, sites)
        for name in written:
            os.replace(staging / name, outdir / name)
    except OSError as exc:
        raise InputError(f"OUTDIR: cannot write to {str(outdir)!r}: {exc.strerror or exc}") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    click.echo(f"Wrote {len(sites):,} sites as {fmt} to {outdir}: {', '.join(sorted(written))}.")


def _staging_dir(outdir: Path) -> Path:
    """A fresh folder inside OUTDIR: files appear in OUTDIR only once all are written (exit 2 if unwritable)."""
    try:
        outdir.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=".export-", dir=outdir))
    except OSError as exc:
        raise InputError(f"OUTDIR: cannot write to {str(outdir)!r}: {exc.strerror or exc}") from exc


def _progress(sites: list[Any], what: str) -> Any:
    from tqdm import tqdm

    return tqdm(sites, desc=f"writing {what}", unit=" sites", disable=not sys.stderr.isatty(), leave=False)


def _writer(handle: IO[str], columns: tuple[str, ...]) -> csv.DictWriter[str]:
    writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="raise", lineterminator="\r\n")
    writer.writeheader()
    return writer


def _write_flat(staging: Path, sites: list[Any]) -> list[str]:
    from recoverynav.directory import FLAT_COLUMNS, SourceTally, attribution, flat_record

    tally = SourceTally()
    with (staging / FLAT_FILE).open("w", encoding="utf-8", newline="") as handle:
        writer = _writer(handle, FLAT_COLUMNS)
        for site in _progress(sites, FLAT_FILE):
            writer.writerow(flat_record(site))
            tally.add(site)
    (staging / ATTRIBUTION_FILE).write_text(attribution(tally, "flat CSV"), encoding="utf-8")
    return [FLAT_FILE, ATTRIBUTION_FILE]


def _write_hsds(staging: Path, sites: list[Any]) -> list[str]:
    from recoverynav.directory import (
        SourceTally,
        attribution,
        hsds_columns,
        hsds_descriptor,
        hsds_records,
        taxonomy_records,
    )

    tables = hsds_columns()
    handles = {name: (staging / path).open("w", encoding="utf-8", newline="") for name, (path, _, _) in tables.items()}
    tally = SourceTally()
    used: set[str] = set()
    try:
        writers = {name: _writer(handles[name], columns) for name, (_, _, columns) in tables.items()}
        for site in _progress(sites, "HSDS tables"):
            for name, rows in hsds_records(site).items():
                writers[name].writerows(rows)
            used.update(site.codes)
            tally.add(site)
        for name, rows in taxonomy_records(used).items():
            writers[name].writerows(rows)
    finally:
        for handle in handles.values():
            handle.close()
    descriptor = _package(hsds_descriptor(), set(tables))
    (staging / "datapackage.json").write_text(json.dumps(descriptor, indent=1) + "\n", encoding="utf-8")
    (staging / ATTRIBUTION_FILE).write_text(attribution(tally, "hsds"), encoding="utf-8")
    return [path for path, _, _ in tables.values()] + ["datapackage.json", ATTRIBUTION_FILE]


def _package(spec: dict[str, Any], written: set[str]) -> dict[str, Any]:
    """The specification's descriptor for this data: its licences, and foreign keys only to tables written."""
    resources = []
    for resource in spec["resources"]:
        schema = dict(resource["schema"])
        keys = [k for k in schema.get("foreignKeys", []) if k["reference"]["resource"] in written]
        schema["foreignKeys"] = keys
        resources.append({**resource, "schema": schema})
    return {
        "name": "recoverynav-treatment-directory",
        "title": "Treatment facilities (recoverynav export, HSDS 3.0)",
        "profile": "tabular-data-package",
        "description": "Sites from SAMHSA's treatment locator and state licensing data; see ATTRIBUTION.md.",
        "licenses": [
            {"name": "public-domain", "title": "SAMHSA data: US federal government work (17 U.S.C. 105)"},
            {
                "name": "CC-BY-4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/",
                "title": "California DHCS licensing data (credit in ATTRIBUTION.md)",
            },
        ],
        "hsds_version": spec.get("version", "3.0.0"),
        "resources": resources,
    }
