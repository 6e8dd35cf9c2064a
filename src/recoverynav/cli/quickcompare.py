"""``recoverynav compare``'s fast path: two or three facilities read from the SQLite file with the standard library.

The full path (``directory.compare_facilities`` on ``wiring.facility_repository``) imports SQLAlchemy, Alembic and
pydantic and checks the migrations and the bundled data on every call. This module reads the same rows and builds
``compare_facilities(...).model_dump(mode="json")`` exactly, from ``find``'s compiled data (``quickfind``: each
facility as a hit, the catalogue's order, the quality-sign rules) and ``directory/_places.txt`` for ``--near``.

It answers only when nothing could differ, else returns None and the caller takes the full path: a database that is
not a prepared SQLite file at the expected schema revision with every bundled file imported, ids the full path
would refuse (too few, too many, repeated, malformed, unknown, demo without ``--include-demo``), a place that is
not a known ZIP code or city label typed as listed, and any facility with openings posted (the full path ages
them). A test compares both paths over many facilities and places.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from recoverynav.cli import quickfind
from recoverynav.placefiles import great_circle_miles, known_place

_MAX_FRID_LENGTH = 80
_SIGN_WORDS = {"yes": "Yes", "no": "No", "not_reported": "Not reported"}


def _frids(given: tuple[str, ...]) -> list[str] | None:
    """``directory.compare.checked_frids``, or None where it would refuse the list."""
    cleaned: list[str] = []
    for raw in given:
        frid = raw.strip()
        if not frid or len(frid) > _MAX_FRID_LENGTH or any(ord(char) < 32 for char in frid) or frid in cleaned:
            return None
        cleaned.append(frid)
    return cleaned if 2 <= len(cleaned) <= 3 else None


def quick_compare(frids: tuple[str, ...], *, near: str | None, include_demo: bool) -> dict[str, Any] | None:
    """The ``--json`` answer of ``compare`` with these arguments, or None when the full path must answer."""
    wanted = _frids(frids)
    if wanted is None:
        return None
    origin = None
    if near and near.strip():
        origin = known_place(near)
        if origin is None:
            return None
    conn = quickfind._connect()
    if conn is None:
        return None
    data = quickfind.compiled()
    try:
        columns = ", ".join(f"facilities.{name}" for name in data["stored"])
        rows = []
        for frid in wanted:
            found = conn.execute(f"SELECT {columns} FROM facilities WHERE facilities.frid = ?", [frid]).fetchall()
            if len(found) != 1:
                return None
            row = dict(zip(data["stored"], found[0], strict=True))
            if row["synthetic"] and not include_demo:
                return None
            rows.append(row)
        if quickfind._has_openings(conn, wanted):
            return None
    except sqlite3.Error:
        return None
    finally:
        conn.close()
    hits = []
    for row in rows:
        hit = quickfind._hit(data, row, 0.0)
        miles = None
        if origin is not None and hit["latitude"] is not None and hit["longitude"] is not None:
            earth = data["grid"]["earth_radius_miles"]
            miles = great_circle_miles(
                origin["latitude"], origin["longitude"], hit["latitude"], hit["longitude"], earth
            )
        hit["distance_miles"] = miles
        hits.append(hit)
    return {"facilities": hits, "rows": _rows(data, hits), "origin": origin}


def _rows(data: dict[str, Any], hits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``directory.compare._rows`` over JSON hits (none has openings here)."""
    rows = [
        {"id": rid, "label": label, "values": [_services(data, hit, categories) for hit in hits]}
        for rid, label, categories in data["compare_rows"]
    ]
    if any(hit["distance_miles"] is not None for hit in hits):
        values = [[] if h["distance_miles"] is None else [f"{h['distance_miles']:.1f} miles"] for h in hits]
        rows.insert(0, {"id": "distance", "label": "Distance", "values": values})
    by_sign = [{sign["id"]: sign for sign in hit["quality_signs"]} for hit in hits]
    for sign in hits[0]["quality_signs"]:
        cells = []
        for signs in by_sign:
            shown = signs[sign["id"]]
            text = _SIGN_WORDS[shown["status"]]
            if shown["detail"]:
                text += f" ({shown['detail']})"
            if shown["source"]:
                year = f", {shown['year']}" if shown["year"] else ""
                text += f" — {shown['source']}{year}"
            cells.append([text])
        rows.append({"id": f"sign:{sign['id']}", "label": sign["label"], "values": cells})
    sources = [sorted({f"{source['name']}, {source['year']}" for source in hit["sources"]}) for hit in hits]
    rows.append({"id": "sources", "label": "Sources", "values": sources})
    return rows


def _services(data: dict[str, Any], hit: dict[str, Any], categories: list[str]) -> list[str]:
    codes = set(hit["codes"])
    return [plain for code, plain, category in data["catalogue"] if code in codes and category in categories]


def render_text(answer: dict[str, Any]) -> str:
    """``compare``'s text for a fast answer: the same lines as ``cli.compare.compare``."""
    lines: list[str] = []
    for number, hit in enumerate(answer["facilities"], start=1):
        place = ", ".join(p for p in (hit["city"], hit["state"]) if p)
        lines.append(f"[{number}] {hit['name']} ({place})  {hit['phone']}".rstrip())
        lines.append(f"    frid {hit['frid']}")
    for row in answer["rows"]:
        lines += ["", row["label"]]
        for number, cell in enumerate(row["values"], start=1):
            lines.append(f"  [{number}] {'; '.join(cell) if cell else 'not listed'}")
    lines += ["", "Call to confirm services and openings before you go. Source: SAMHSA, FindTreatment.gov."]
    return "\n".join(lines)
