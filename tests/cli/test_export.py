"""``recoverynav facilities export``: HSDS 3.0 tables valid against the specification's descriptor, a flat CSV,
attribution in every export, exit 2 for an unwritable OUTDIR."""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from recoverynav.cli.main import cli
from recoverynav.directory.export import FLAT_COLUMNS, flat_record, hsds_descriptor
from recoverynav.directory.models import StateLicence
from tests.report_helpers import listed, serve_without_bundled

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
DHCS = "California Department of Health Care Services (DHCS)"
# HSDS 3.0's required fields for the core tables, as its datapackage.json and schema reference list them.
SPEC_REQUIRED = {
    "organization": {"id", "name", "description"},
    "service": {"id", "organization_id", "name", "status"},
    "location": {"id", "location_type"},
    "address": {"id", "address_1", "city", "state_province", "postal_code", "country", "address_type"},
    "phone": {"id", "number"},
    "service_at_location": {"id", "service_id", "location_id"},
}


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def validate_hsds(outdir: Path) -> dict[str, list[dict[str, str]]]:
    """Every table against the specification's descriptor: columns, required values, enums, ids, keys."""
    spec = hsds_descriptor()
    assert spec["version"] == "3.0.0"
    tables: dict[str, list[dict[str, str]]] = {}
    for resource in spec["resources"]:
        fields = resource["schema"]["fields"]
        header, rows = _read(outdir / resource["path"])
        assert header == [f["name"] for f in fields], resource["path"]
        for field in fields:
            constraints = field.get("constraints", {})
            for row in rows:
                value = row[field["name"]]
                if constraints.get("required"):
                    assert value.strip(), f"{resource['path']}: {field['name']} is required"
                if value and "enum" in constraints:
                    assert value in constraints["enum"], (field["name"], value)
                if value and field.get("format") == "uuid":
                    assert UUID.match(value), (field["name"], value)
                if value and field.get("type") == "number":
                    float(value)
        ids = [row["id"] for row in rows]
        assert len(ids) == len(set(ids)), f"{resource['path']}: duplicate ids"
        tables[resource["name"]] = rows
    for resource in spec["resources"]:
        for key in resource["schema"].get("foreignKeys", []):
            target = key["reference"]["resource"]
            if target in tables:
                known = {row["id"] for row in tables[target]}
                for row in tables[resource["name"]]:
                    assert not row[key["fields"]] or row[key["fields"]] in known, (resource["name"], key["fields"])
    return tables


def test_the_descriptor_is_hsds_3_with_its_required_fields() -> None:
    spec = {r["name"]: r for r in hsds_descriptor()["resources"]}
    for name, required in SPEC_REQUIRED.items():
        fields = spec[name]["schema"]["fields"]
        assert {f["name"] for f in fields if f.get("constraints", {}).get("required")} == required


@pytest.fixture()
def directory(configured_database: str) -> str:
    licence = StateLicence(
        state="CA", number="190001AP", status="Licensed", expires=date(2027, 5, 31), credit=DHCS + ", CC BY 4.0"
    )
    serve_without_bundled(
        configured_database,
        listed("a", intake_phone="703-555-0101", hotline="800-555-0102", website="example.org"),
        listed("b", street="", name='=HYPERLINK("http://x.example","<script>")', still_listed_2025=False),
        listed(
            "c", state="CA", zip="95814", city="Sacramento", latitude=38.58, longitude=-121.49, state_licence=licence
        ),
    )
    return configured_database


def test_hsds_export_is_valid_and_complete(runner: CliRunner, directory: str, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["facilities", "export", "--format", "hsds", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    tables = validate_hsds(out)
    assert len(tables["organization"]) == len(tables["service"]) == len(tables["location"]) == 3
    assert len(tables["address"]) == 2  # "b" has no street: a location without an address
    assert sorted(p["description"] for p in tables["phone"]) == [
        "Hotline",
        "Intake",
        "Main number",
        "Main number",
        "Main number",
    ]
    assert {t["code"] for t in tables["taxonomy_term"]} == {"BU", "MD", "OP"} and len(tables["attribute"]) == 9
    services = {s["organization_id"]: s for s in tables["service"]}
    names = {o["id"]: o["name"] for o in tables["organization"]}
    by_name = {names[k]: v for k, v in services.items()}
    assert (
        "190001AP" in by_name["Test clinic c"]["licenses"]
        and "2025" in by_name['=HYPERLINK("http://x.example","<script>")']["alert"]
    )
    attribution = (out / "ATTRIBUTION.md").read_text(encoding="utf-8")
    assert "recoverynav test data (2025): 3" in attribution and DHCS in attribution and "CC BY 4.0" in attribution
    assert "Open Referral" in attribution
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert {r["path"] for r in package["resources"]} <= {p.name for p in out.iterdir()}
    assert not [p for p in out.iterdir() if p.name.startswith(".export-")]
    again = tmp_path / "again"
    runner.invoke(cli, ["facilities", "export", "--format", "hsds", str(again)])
    assert (again / "organizations.csv").read_bytes() == (out / "organizations.csv").read_bytes()  # stable ids


def test_flat_csv_export(runner: CliRunner, directory: str, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["facilities", "export", "--format", "csv", "--state", "ca", str(tmp_path)])
    assert result.exit_code == 0, result.output
    header, rows = _read(tmp_path / "facilities.csv")
    assert header == list(FLAT_COLUMNS) and [r["frid"] for r in rows] == ["c"]
    assert rows[0]["service_codes"] == "BU MD OP" and "190001AP" in rows[0]["state_licence"]
    assert DHCS in (tmp_path / "ATTRIBUTION.md").read_text(encoding="utf-8")
    everything = runner.invoke(cli, ["facilities", "export", "--format", "csv", str(tmp_path)])
    assert everything.exit_code == 0
    by_frid = {r["frid"]: r for r in _read(tmp_path / "facilities.csv")[1]}
    assert by_frid["b"]["name"].startswith("'=") and by_frid["b"]["still_listed_2025"] == "no"
    virginia = runner.invoke(cli, ["facilities", "export", "--format", "csv", "--state", "VA", str(tmp_path)])
    assert virginia.exit_code == 0 and DHCS not in (tmp_path / "ATTRIBUTION.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--format", "csv", "{file}/sub"], "OUTDIR"),
        (["--format", "xml", "{dir}"], "--format"),
        (["{dir}"], "--format"),
        (["--format", "csv", "--state", "California", "{dir}"], "--state"),
        (["--format", "csv", "--state", "ZZ", "{dir}"], "--state: 'ZZ' is not a US state"),
        (["--format", "hsds", "--state", "VA", "--state", "vs", "{dir}"], "--state: 'VS' is not a US state"),
    ],
)
def test_bad_export_exits_2_naming_it(
    runner: CliRunner, directory: str, tmp_path: Path, args: list[str], named: str
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    target = tmp_path / "target"
    argv = [a.format(file=blocker, dir=target) for a in args]
    result = runner.invoke(cli, ["facilities", "export", *argv])
    assert result.exit_code == 2 and named in result.output
    assert not target.exists() or not any(target.iterdir())


@given(st.text(min_size=1, max_size=40))
def test_flat_cells_never_start_a_formula(name: str) -> None:
    row = flat_record(listed("h", name=name, city=name))
    for cell in (row["name"], row["city"]):
        assert not cell.startswith(("=", "@", "\t", "\r"))
        if cell.startswith(("+", "-")):
            assert cell.lstrip("+-").replace(" ", "")[:1].isdigit()


def test_real_data_export_is_valid_hsds(runner: CliRunner, bundled_database: str, tmp_path: Path) -> None:
    result = runner.invoke(
        cli, ["facilities", "export", "--format", "hsds", "--state", "VA", "--state", "CA", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    tables = validate_hsds(tmp_path)
    assert len(tables["organization"]) > 1000 and len(tables["phone"]) > 100
    attribution = (tmp_path / "ATTRIBUTION.md").read_text(encoding="utf-8")
    assert "SAMHSA" in attribution and DHCS in attribution and "CC BY 4.0" in attribution
