"""Reading the YAML data files that ship inside the capability packages (rules, monographs, codes...).

One place for the parser choice: libyaml's C loader when PyYAML was built with it (several times faster on
the ~100 files read at start-up), else the pure-Python safe loader. Never a loader that builds objects.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources
from typing import Any

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str) -> Any:
    """Parse YAML text safely."""
    return yaml.load(text, Loader=_Loader)


def read_yaml(package: str, name: str) -> Any:
    """A YAML file shipped in ``package``, e.g. ``read_yaml("recoverynav.emergency", "protocol.yaml")``."""
    return parse_yaml((resources.files(package) / name).read_text(encoding="utf-8"))


def yaml_files(package: str, folder: str) -> Iterator[tuple[str, Any]]:
    """Every ``*.yaml`` file in ``package/folder`` as (file name, parsed data), in name order."""
    entries = sorted((resources.files(package) / folder).iterdir(), key=lambda e: e.name)
    for entry in entries:
        if entry.name.endswith(".yaml"):
            yield entry.name, parse_yaml(entry.read_text(encoding="utf-8"))
