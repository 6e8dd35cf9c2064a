"""Vendored front-end files are exactly what their VENDORED.md records (SHA-256), each with its licence."""

from __future__ import annotations

import hashlib
import re

import pytest

from recoverynav.web.rendering import STATIC_DIR

VENDOR = STATIC_DIR / "vendor"
ROW = re.compile(r"^\| (?P<file>[^|]+?) \| (?P<sha>[0-9a-f]{64}) \|$", re.M)


@pytest.mark.parametrize("folder", sorted(p.parent.name for p in VENDOR.glob("*/VENDORED.md")))
def test_vendored_files_match_their_recorded_hashes(folder: str) -> None:
    here = VENDOR / folder
    recorded = {m["file"]: m["sha"] for m in ROW.finditer((here / "VENDORED.md").read_text(encoding="utf-8"))}
    shipped = {p.relative_to(here).as_posix(): p for p in here.rglob("*") if p.is_file() and p.name != "VENDORED.md"}
    assert any(name.startswith("LICENSE") for name in shipped), f"{folder} ships no licence"
    # Every shipped file is recorded (licences too where the script records them) with its exact hash.
    unrecorded = {name for name in shipped if name not in recorded and not name.startswith("LICENSE")}
    assert unrecorded == set()
    for name, path in shipped.items():
        if name in recorded:
            assert hashlib.sha256(path.read_bytes()).hexdigest() == recorded[name], f"{folder}/{name}"
    # The npm tarballs the files came from are recorded too.
    assert any(name.endswith(".tgz") for name in recorded)


def test_the_vendored_folders_are_the_ones_the_pages_use() -> None:
    assert {p.name for p in VENDOR.iterdir() if p.is_dir()} >= {"leaflet", "swagger-ui", "us-atlas"}
    assert all((p / "VENDORED.md").is_file() for p in VENDOR.iterdir() if p.is_dir())
