"""The minimum versions in pyproject.toml are past every advisory known to touch what this app uses (#12).

An install that resolves to the floor must not bring back a fixed flaw; the installed environment is audited
separately (pip-audit in scripts/test). Add a row here when an advisory is published, and raise the floor.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

PYPROJECT = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text(encoding="utf-8"))
# package -> (first fixed version, the latest advisory it fixes)
ADVISORY_FLOORS = {
    "starlette": ("1.3.1", "CVE-2026-54283 urlencoded form limits ignored"),
    "h11": ("0.16.0", "GHSA-vqfr-h8mv-ghfj chunked-body request smuggling"),
    "jinja2": ("3.1.6", "GHSA-cpwx-vrp4-4pq7 sandbox |attr escape"),
    "python-multipart": ("0.0.30", "CVE-2026-53538 ';' as a urlencoded field separator"),
}


def _floors(requirements: list[str]) -> dict[str, Version]:
    floors: dict[str, Version] = {}
    for line in requirements:
        requirement = Requirement(line)
        found = [Version(spec.version) for spec in requirement.specifier if spec.operator in (">=", "==", "~=")]
        if found:
            floors[re.sub(r"[-_.]+", "-", requirement.name.lower())] = max(found)
    return floors


FLOORS = _floors(PYPROJECT["project"]["dependencies"])


@pytest.mark.parametrize("package", sorted(ADVISORY_FLOORS))
def test_the_floor_is_past_the_advisory(package: str) -> None:
    fixed, advisory = ADVISORY_FLOORS[package]
    assert package in FLOORS, f"{package} has no minimum version in pyproject.toml"
    assert FLOORS[package] >= Version(fixed), f"{package}>={FLOORS[package]} still allows {advisory}"


def test_no_unused_http_client_twin_is_a_runtime_dependency() -> None:
    # httpx2 is what starlette's TestClient imports (a test dependency); the app itself speaks httpx.
    assert "httpx2" not in FLOORS
    assert any(Requirement(r).name == "httpx2" for r in PYPROJECT["project"]["optional-dependencies"]["test"])
