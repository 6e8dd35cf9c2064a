"""A read-only connection to an embedded SQLite file the full path would use as it is, for the standard-library fast
paths (``quickfind``, ``quickcompare``, ``quickmeetings``): at the compiled schema head, with every bundled file
already imported, so that no migration or import would run first (#21)."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence

__all__ = ["prepared_sqlite"]


def prepared_sqlite(
    path: str | None, head: str, imports_table: str, wanted: Sequence[str]
) -> sqlite3.Connection | None:
    """The file at ``path`` opened read-only when its schema is ``head`` and ``imports_table`` records every sha256 in
    ``wanted``; None otherwise (the caller takes the full path)."""
    if path is None or not os.path.isfile(path):
        return None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
        version = conn.execute("SELECT version_num FROM alembic_version").fetchall()
        marks = ",".join("?" * len(wanted))
        query = f"SELECT count(DISTINCT sha256) FROM {imports_table} WHERE sha256 IN ({marks})"
        seen = conn.execute(query, list(wanted))
        if version != [(head,)] or seen.fetchone()[0] != len(set(wanted)):
            conn.close()
            return None
    except sqlite3.Error:
        return None
    return conn
