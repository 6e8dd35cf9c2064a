"""``recoverynav meetings find``'s fast path: meetings near a place read from the SQLite file with the standard library.

The full path (``meetings.search_meetings`` on the SQLAlchemy repository, ``wiring.meeting_repository``) imports
SQLAlchemy, Alembic and pydantic and checks the migrations and the shipped feeds on every call. This module answers
the common search the same way: the place from the compiled ``directory/_places.txt``, the viewer's zone from
``meetings/_zones.txt`` (both through ``recoverynav.placefiles``), the type labels and feed digests from
``cli/_meetings.json`` (``storage.meetings.cli_bundle``), the candidates with the repository's SQL, and ranks them as
``search_meetings`` does. :func:`quick_meetings` returns ``search_meetings(...).model_dump(mode="json")`` exactly.

It answers only when nothing could differ, else returns None and the caller takes the full path: a database that
is not a prepared SQLite file at the expected schema revision with every shipped feed imported, a place that is
not a known ZIP code or city label typed as listed, any option out of range or not understood (the full path
names the field), and any row it cannot read as the repository would. A test compares both paths over many places.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
import sqlite3
import unicodedata
from functools import cache
from typing import Any

from recoverynav.cli.prepared import prepared_sqlite
from recoverynav.meetings import next_start_at, valid_zone
from recoverynav.placefiles import bounding_box, great_circle_miles, known_place, zone_cell

MEETINGS_BUNDLE = "_meetings.json"
_NEAREST_ZIP_MILES = 60.0


def bundle_path() -> str:
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), MEETINGS_BUNDLE)


@cache
def compiled() -> dict[str, Any]:
    with open(bundle_path(), encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def _connect(path: str | None) -> sqlite3.Connection | None:
    """A read-only connection to a database ``wiring.meeting_repository`` would use as it is."""
    data = compiled()
    return prepared_sqlite(path, data["head"], "meeting_imports", data["feeds_sha256"])


_DAY_NAMES = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
_DAY_WORDS = {name.lower(): i for i, name in enumerate(_DAY_NAMES)} | {
    name[:3].lower(): i for i, name in enumerate(_DAY_NAMES)
}


def _day(text: str | None) -> int | None:
    """``meetings.parse_day``; raises ValueError where it does."""
    if text is None:
        return None
    word = text.strip().lower()
    if word.isdigit() and int(word) <= 6:
        return int(word)
    if word in _DAY_WORDS:
        return _DAY_WORDS[word]
    raise ValueError(text)


def _types(given: tuple[str, ...]) -> list[str] | None:
    """``MeetingQuery``'s cleaned types, or None where it would refuse them."""
    table = compiled()["types"]
    folded = {code.casefold(): code for code, _, _ in table}
    for code, en, _ in table:
        folded.setdefault(en.casefold(), code)
    cleaned = set()
    for value in given:
        if not value.strip():
            continue
        text = value.strip().strip("[]").strip()
        cleaned.add(folded.get(text.casefold(), text.upper()))
    known = {code for code, _, _ in table}
    return sorted(cleaned) if cleaned <= known else None


def quick_meetings(
    *,
    near: str,
    radius_miles: float,
    day: str | None,
    types: tuple[str, ...],
    online: bool,
    soonest: bool,
    limit: int,
    database: str | None,
    now: dt.datetime | None = None,
) -> dict[str, Any] | None:
    """The ``--json`` answer of ``meetings find`` with these options, or None when the full path must answer."""
    if not 1 <= len(near) <= 120 or any(unicodedata.category(char) == "Cc" for char in near):
        return None
    if not (math.isfinite(radius_miles) and 0 < radius_miles <= 500) or not 1 <= limit <= 200 or len(types) > 20:
        return None
    try:
        wanted_day = _day(day)
    except ValueError:
        return None
    wanted_types = _types(types)
    if wanted_types is None:
        return None
    origin = known_place(near.strip())
    if origin is None:
        return None
    zone = _viewer_zone(origin["latitude"], origin["longitude"])
    if zone is None:
        return None
    conn = _connect(database)
    if conn is None:
        return None
    try:
        return _search(conn, origin, radius_miles, wanted_day, wanted_types, online, soonest, limit, zone, now)
    except (sqlite3.Error, ValueError, KeyError, TypeError):
        return None  # a file or row it cannot read as the repository would: the full path reports it
    finally:
        conn.close()


def _search(
    conn: sqlite3.Connection,
    origin: dict[str, Any],
    radius: float,
    day: int | None,
    types: list[str],
    online: bool,
    soonest: bool,
    limit: int,
    zone: str,
    now: dt.datetime | None,
) -> dict[str, Any]:
    """``search_meetings`` over the repository's SQL (``storage.meetings.repository._conditions``)."""
    from zoneinfo import ZoneInfo

    data = compiled()
    now = now or dt.datetime.now(dt.UTC)
    earth = _earth_radius()
    lat0, lon0 = origin["latitude"], origin["longitude"]
    where: list[str] = []
    params: list[Any] = []
    if not online:
        min_lat, max_lat, min_lon, max_lon = bounding_box(lat0, lon0, radius)
        where += ["meetings.latitude BETWEEN ? AND ?", "meetings.longitude BETWEEN ? AND ?"]
        params += [min_lat, max_lat, min_lon, max_lon]
    if day is not None:
        where.append("meetings.days LIKE ?")
        params.append(f"%|{day}|%")
    for code in types:
        where.append("meetings.types LIKE ?")
        params.append(f"%|{code}|%")
    if online:
        where.append("meetings.attendance IN (?, ?)")
        params += ["online", "hybrid"]
    else:
        where.append("meetings.attendance IN (?, ?) AND meetings.latitude IS NOT NULL")
        params += ["in_person", "hybrid"]
    sql = (
        "SELECT meetings.id, meetings.latitude, meetings.longitude, meetings.days, meetings.time, meetings.timezone "
        "FROM meetings WHERE " + " AND ".join(where)
    )
    ranked = []
    for row_id, lat, lon, days, time, timezone in conn.execute(sql, params).fetchall():
        miles = None if lat is None or lon is None else round(great_circle_miles(lat0, lon0, lat, lon, earth), 2)
        if not online and (miles is None or miles > radius):
            continue
        start = next_start_at([int(d) for d in days.strip("|").split("|") if d], time, timezone, now)
        ranked.append((row_id, miles, start))
    far = math.inf
    if soonest:
        ranked.sort(key=lambda r: (r[2], far if r[1] is None else r[1], r[0]))
    else:
        ranked.sort(key=lambda r: (far if r[1] is None else r[1], r[2], r[0]))
    top = ranked[:limit]
    feeds = {
        row[0]: row
        for row in conn.execute(
            "SELECT name, title, source_name, sha256, meetings, imported_at "
            "FROM meeting_feeds ORDER BY meeting_feeds.name"
        )
    }
    full = _rows(conn, [row_id for row_id, _, _ in top])
    viewer = ZoneInfo(zone)
    shown = []
    for row_id, miles, start in top:
        if row_id in full:
            title = feeds[full[row_id]["feed"]][1] if full[row_id]["feed"] in feeds else full[row_id]["feed"]
            shown.append(_hit(data, row_id, full[row_id], title, miles, start, start.astimezone(viewer)))
    used = sorted({hit["feed"] for hit in shown if hit["feed"] in feeds})
    return {
        "results": shown,
        "total": len(ranked),
        "origin": origin,
        "radius_miles": None if online else radius,
        "viewer_timezone": zone,
        "feeds": [_feed(feeds[name]) for name in used],
        "notice": data["notice"],
        "attribution": data["attribution"],
    }


def _earth_radius() -> float:
    from recoverynav.cli.quickfind import compiled as find_compiled

    radius: float = find_compiled()["grid"]["earth_radius_miles"]
    return radius


def _viewer_zone(latitude: float, longitude: float) -> str | None:
    """``meetings.search.viewer_zone(None, origin)`` from the compiled grid (None without it)."""
    earth = _earth_radius()
    cell_lat, cell_lon = int(latitude // 1), int(longitude // 1)
    best: tuple[float, str] | None = None
    for dlat in (-1, 0, 1):
        for dlon in (-1, 0, 1):
            points = zone_cell(cell_lat + dlat, cell_lon + dlon)
            if points is None:
                return None
            for lat, lon, zone in points:
                if not valid_zone(zone):
                    continue
                miles = great_circle_miles(latitude, longitude, lat, lon, earth)
                if best is None or miles < best[0]:
                    best = (miles, zone)
    return best[1] if best is not None and best[0] <= _NEAREST_ZIP_MILES else "UTC"


def _rows(conn: sqlite3.Connection, ids: list[int]) -> dict[int, dict[str, Any]]:
    if not ids:
        return {}
    fields = compiled()["meeting_fields"]  # the model's field order; "group" is stored as "group_name"
    columns = ", ".join(f"meetings.{'group_name' if name == 'group' else name}" for name in fields)
    marks = ",".join("?" * len(ids))
    found = {}
    for row in conn.execute(f"SELECT meetings.id, {columns} FROM meetings WHERE meetings.id IN ({marks})", ids):
        found[row[0]] = dict(zip(fields, row[1:], strict=True))
    return found


def _iso(moment: dt.datetime) -> str:
    """A time as pydantic writes it in JSON (``Z`` for a zero offset)."""
    text = moment.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _stored_time(text: str) -> dt.datetime:
    """A stored UTC time (SQLite keeps it naive) as the repository reads it."""
    moment = dt.datetime.fromisoformat(text)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _feed(row: tuple[Any, ...]) -> dict[str, Any]:
    name, title, source_name, sha256, meetings, imported_at = row
    return {
        "name": name,
        "title": title,
        "source_name": source_name,
        "sha256": sha256,
        "meetings": int(meetings),
        "imported_at": _iso(_stored_time(imported_at)),
    }


_PHONE = re.compile(r"^\s*(\+?\d[\d\s().-]{6,20}\d)")


def _hit(
    data: dict[str, Any],
    row_id: int,
    row: dict[str, Any],
    title: str,
    miles: float | None,
    start: dt.datetime,
    viewer_start: dt.datetime,
) -> dict[str, Any]:
    """``MeetingHit(...).model_dump(mode="json")`` of one stored row."""
    hit = dict(row)
    hit["days"] = [int(d) for d in row["days"].strip("|").split("|") if d]
    for key in ("types", "other_types"):
        hit[key] = [t for t in row[key].strip("|").split("|") if t]
    if row["latitude"] is not None:
        hit["latitude"] = float(row["latitude"])
    if row["longitude"] is not None:
        hit["longitude"] = float(row["longitude"])
    hit["updated"] = None if row["updated"] is None else dt.date.fromisoformat(row["updated"]).isoformat()
    wanted = set(hit["types"])
    phone = _PHONE.match(row["conference_phone"])
    tel = None
    if phone is not None:
        digits = re.sub(r"[^\d+]", "", phone.group(1))
        tel = "tel:" + (digits if digits.startswith("+") or len(digits) != 10 else "+1" + digits)
    hit |= {
        "id": row_id,
        "feed_title": title,
        "distance_miles": miles,
        "type_labels": [{"code": code, "en": en, "es": es} for code, en, es in data["types"] if code in wanted],
        "next_start": _iso(start),
        "viewer_start": _iso(viewer_start),
        "notice": data["notice"],
        "attribution": data["attribution"],
        "day": [data["days"][d] for d in hit["days"]],
        "online_link": row["conference_url"] or None,
        "phone_tel": tel,
    }
    if list(hit) != data["hit_fields"]:
        raise KeyError("the compiled field order differs")
    return hit


def render_text(answer: dict[str, Any]) -> str:
    """``meetings find``'s text for a fast answer: the same lines as ``cli.meetings._text``."""
    days = compiled()["days"]
    scope = "online" if answer["radius_miles"] is None else f"within {answer['radius_miles']:g} miles of"
    results = answer["results"]
    lines = [f"{answer['total']} meetings {scope} {answer['origin']['label']} ({len(results)} shown)", ""]
    for number, hit in enumerate(results, start=1):
        miles = f"{hit['distance_miles']:.1f} mi  " if hit["distance_miles"] is not None else ""
        shown_days = ", ".join(days[d] for d in hit["days"])
        end = f"-{hit['end_time']}" if hit["end_time"] else ""
        lines.append(f"{number:>3}. {miles}{hit['name']}  [id {hit['id']}]")
        lines.append(f"     {shown_days} {hit['time']}{end} {hit['timezone']}")
        where = ", ".join(p for p in (hit["location"], hit["address"]) if p)
        if where and hit["attendance"] != "online":
            lines.append(f"     {where}")
        if hit["conference_url"] or hit["conference_phone"]:
            joined = " / ".join(p for p in (hit["conference_url"], hit["conference_phone"]) if p)
            lines.append(f"     online: {joined}")
        lines.append(f"     types: {'; '.join(t['en'] for t in hit['type_labels']) or '-'}")
        lines.append(f"     feed: {hit['feed_title'] or hit['feed']}, updated {hit['updated'] or 'unknown'}")
    lines += ["", f"{answer['notice']} {answer['attribution']}"]
    return "\n".join(lines)
