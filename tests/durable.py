"""Which SQLite synchronous mode each write ran under: a write that must survive a power cut runs under FULL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event


@contextmanager
def write_modes(engine: Engine, tables: tuple[str, ...]) -> Iterator[list[str]]:
    """Yields a list that fills with the synchronous mode ("FULL", "NORMAL"...) of every INSERT, UPDATE or DELETE
    on ``tables``, as each runs (the mode last set on that connection; SQLite's default for WAL here is NORMAL)."""
    modes: list[str] = []
    current: dict[int, str] = {}

    def seen(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        words = statement.split()
        head = " ".join(words[:4]).upper()
        if head.startswith("PRAGMA SYNCHRONOUS"):
            current[id(conn.connection.dbapi_connection)] = words[-1].upper().lstrip("=")
        elif head.split(" ")[0] in {"INSERT", "UPDATE", "DELETE"} and any(t in words[:4] for t in tables):
            modes.append(current.get(id(conn.connection.dbapi_connection), "NORMAL"))

    event.listen(engine, "before_cursor_execute", seen)
    try:
        yield modes
    finally:
        event.remove(engine, "before_cursor_execute", seen)
