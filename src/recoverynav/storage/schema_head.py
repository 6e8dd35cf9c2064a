"""The newest migration revision, compiled (``migrations/_head.json``): read with the standard library only.

A command that only needs to know whether a database is current (``storage.migrate.upgrade``, the command line's
read-only fast paths) compares its ``alembic_version`` row with this instead of importing Alembic to read the
scripts. The file also holds every script's SHA-256: while any script differs from the one it was compiled from
(a migration added or edited since), :func:`compiled_head` answers None and the caller asks Alembic.
``scripts/build_bundle.py`` writes the file (``storage.migrate.render_head_file``); a test fails while it is stale.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

HEAD_FILE = "_head.json"


def migrations_folder() -> Path:
    """The shipped Alembic scripts' folder (``storage/migrations``)."""
    return Path(os.path.dirname(os.path.abspath(__file__))) / "migrations"


def script_digests() -> dict[str, str]:
    """The SHA-256 of every shipped migration script, by file name."""
    versions = migrations_folder() / "versions"
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(versions.glob("*.py"))
        if path.name != "__init__.py"
    }


def compiled_head() -> str | None:
    """The compiled newest revision while every script is the one it was compiled from; else None."""
    try:
        data: dict[str, Any] = json.loads((migrations_folder() / HEAD_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    head = data.get("head")
    if not isinstance(head, str) or data.get("scripts") != script_digests():
        return None
    return head
