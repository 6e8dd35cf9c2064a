"""``recoverynav find``'s fast path: a ZIP-code search read from the SQLite file with the standard library only.

The full path (``directory.search_facilities`` on the SQLAlchemy repository) imports SQLAlchemy, Alembic and
pydantic, checks the migrations and loads the ZIP table on every call: most of a second before the first row.
This module answers the common search the same way from compiled data (``directory/_find.json``, ``_places.txt``;
see ``storage.directory.find_bundle``) and the same SQL the repository runs on its grid cells, and returns
``answer_search(search_facilities(...)).model_dump(mode="json")`` exactly.

It answers only when nothing could differ: :func:`quick_search` returns None, and the caller takes the full path,
for a database that is not a prepared SQLite file at the expected schema revision with every bundled file
imported, for a place that is not a known ZIP code or city label typed as listed, for any option out of range, a
name filter, openings, and for a search that finds nothing (the full path explains an empty result). A test
compares both paths over many searches. It lives with the command line (not in ``storage``) because importing
that package starts SQLAlchemy.
"""

from __future__ import annotations

import json
import math
import os
import sqlite3
from functools import cache
from typing import Any

from recoverynav.cli.prepared import prepared_sqlite
from recoverynav.placefiles import known_place as known_place

_DIRECTORY = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "directory")
# Only the settings that choose the database are read here: with a config file (which may name another database)
# or a read replica, the full path decides.
_FULL_PATH_SETTINGS = frozenset({"RECOVERYNAV_CONFIG", "RECOVERYNAV_DATABASE_READ_URL"})


@cache
def compiled() -> dict[str, Any]:
    with open(os.path.join(_DIRECTORY, "_find.json"), encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def database_path() -> str | None:
    """The configured SQLite file when environment variables configure it, else None."""
    named = {key.upper(): value for key, value in os.environ.items() if key.upper().startswith("RECOVERYNAV_")}
    if set(named) & _FULL_PATH_SETTINGS:
        return None
    url = named.get("RECOVERYNAV_DATABASE_URL")
    if url:
        if not url.startswith("sqlite:///") or "?" in url or url == "sqlite:///:memory:":
            return None
        return os.path.expanduser(url.removeprefix("sqlite:///"))
    base = named.get("RECOVERYNAV_DATA_DIR")
    if base is None:
        base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
        base = os.path.join(base, "recoverynav")
    return os.path.join(base, "recoverynav.sqlite3")


def _connect() -> sqlite3.Connection | None:
    """A read-only connection to a database the full path would use as it is (no migration, no import due)."""
    data = compiled()
    return prepared_sqlite(database_path(), data["head"], "facility_imports", data["bundled_sha256"])


def quick_search(
    *,
    near: str | None,
    radius_miles: float,
    nearest: int | None,
    codes: tuple[str, ...],
    facility_type: str | None,
    name: str | None,
    page: int,
    page_size: int,
    include_demo: bool,
    has_openings: bool,
) -> dict[str, Any] | None:
    """The ``--json`` answer of ``find`` with these options, or None when the full path must answer."""
    data = compiled()
    if name is not None or has_openings or near is None or len(near) > 120:
        return None
    if not (0 < radius_miles <= 500) or (nearest is not None and not 1 <= nearest <= 1000):
        return None
    if not (1 <= page <= 10_000 and 1 <= page_size <= 100) or len(codes) > 30 or any(len(c) > 10 for c in codes):
        return None
    wanted = sorted({code.strip().upper() for code in codes if code.strip()})
    bits = {code: index for index, code in enumerate(data["code_order"])}
    if any(code not in bits for code in wanted):
        return None  # an unknown code is an error, a code without a bit a text match: the full path's
    kind = (facility_type or "").strip().upper() or None
    if kind not in (None, "SA", "MH") or len(facility_type or "") > 20:
        return None
    origin = known_place(near.strip())
    if origin is None:
        return None
    conn = _connect()
    if conn is None:
        return None
    try:
        masks = [0] * data["words"]
        for code in wanted:
            masks[bits[code] // data["bits_per_word"]] |= 1 << (bits[code] % data["bits_per_word"])
        spec = _Spec(data, kind, masks, include_demo)
        offset, limit = (page - 1) * page_size, page_size
        lat, lon = origin["latitude"], origin["longitude"]
        if nearest is not None:
            hits, total = spec.nearest(conn, lat, lon, nearest, offset, limit)
            radius = None
        else:
            hits, total = spec.page(conn, lat, lon, radius_miles, offset, limit)
            radius = radius_miles
        if total == 0 or _has_openings(conn, [row["frid"] for row, _ in hits]):
            return None  # an empty result is explained, openings are aged: the full path does both
        results = [_hit(data, row, miles) for row, miles in hits]
    except sqlite3.Error:
        return None  # a file it cannot read as it is (locked, changed underneath): the full path reports it
    finally:
        conn.close()
    return {
        "results": results,
        "total": total,
        "page": page,
        "page_size": page_size,
        "origin": origin,
        "radius_miles": radius,
        "empty": None,
    }


def _has_openings(conn: sqlite3.Connection, frids: list[str]) -> bool:
    if not frids:
        return False
    marks = ",".join("?" * len(frids))
    return (
        conn.execute(f"SELECT 1 FROM facility_openings WHERE frid IN ({marks}) LIMIT 1", frids).fetchone() is not None
    )


# The repository's haversine as SQLAlchemy writes it (storage.directory.spatial.sqlite_miles), term for term, so
# every distance agrees to the last bit.
_MILES = (
    "? * asin(min(?, sqrt(power(sin((radians(facilities.latitude) - ?) / (? + 0.0)), ?) + "
    "? * cos(radians(facilities.latitude)) * power(sin((radians(facilities.longitude) - ?) / (? + 0.0)), ?))))"
)
_DOT = "facility_cells.x * ? + facility_cells.y * ? + facility_cells.z * ?"


class _Spec:
    """One search's filters as the repository's grid query (``storage.directory.cells.cell_query``) builds them."""

    def __init__(self, data: dict[str, Any], kind: str | None, masks: list[int], include_demo: bool) -> None:
        self.grid: dict[str, Any] = data["grid"]
        self.stored: list[str] = data["stored"]
        self.kind = kind
        self.masks = masks
        self.forbid = self.grid["flag_closed"] | (0 if include_demo else self.grid["flag_synthetic"])

    def _miles_params(self, lat: float, lon: float) -> list[Any]:
        two_r = 2 * self.grid["earth_radius_miles"]
        return [two_r, 1.0, math.radians(lat), 2, 2, math.cos(math.radians(lat)), math.radians(lon), 2, 2]

    def _matches(self, lat: float, lon: float, miles: float) -> tuple[str, list[Any]]:
        """``SELECT id, dot ... WHERE`` of every match within ``miles`` (as ``cells._statements``), and its params."""
        qx, qy, qz = _unit_vector(lat, lon)
        sure, maybe = self._cap(miles)
        where: list[str] = []
        params: list[Any] = []
        if self.forbid:
            where.append(f"(facility_cells.flags & {self.forbid}) = ?")
            params.append(0)
        if self.kind:
            where.append("facility_cells.facility_type = ?")
            params.append(self.kind)
        for word, bits in enumerate(self.masks):
            if bits:
                where.append(f"(facility_cells.code_mask{word} & ?) = ?")
                params += [bits, bits]
        where.append(
            f"({_DOT} >= ? OR {_DOT} >= ? AND (SELECT {_MILES} AS anon_1 \nFROM facilities \n"
            "WHERE facilities.id = facility_cells.id) <= ?)"
        )
        params += [qx, qy, qz, sure, qx, qy, qz, maybe, *self._miles_params(lat, lon), miles]
        sql = (
            f"SELECT facility_cells.id, {_DOT} AS dot{{total}} \n"
            "FROM json_each(?) AS ranges JOIN facility_cells ON facility_cells.cell BETWEEN "
            "json_extract(ranges.value, ?) AND json_extract(ranges.value, ?) \nWHERE " + " AND ".join(where)
        )
        ranges = json.dumps(self._cell_ranges(lat, lon, miles))
        return sql, [qx, qy, qz, ranges, "$[0]", "$[1]", *params]

    def page(
        self, conn: sqlite3.Connection, lat: float, lon: float, miles: float, offset: int, limit: int
    ) -> tuple[list[tuple[dict[str, Any], float]], int]:
        """``SqlFacilityRepository._cell_page``: the page in haversine order (then frid) and the count."""
        sql, params = self._matches(lat, lon, miles)
        want = offset + limit
        if limit <= 0:
            count = f"SELECT count(*) AS count_1 \nFROM ({sql.format(total='')}) AS anon_1"
            return [], int(conn.execute(count, params).fetchone()[0])
        paged = sql.format(total=", count(*) OVER () AS total") + " ORDER BY dot DESC\n LIMIT ? OFFSET ?"
        fetch = want + self.grid["pad"]
        epsilon = self.grid["dot_epsilon"]
        while True:
            rows = conn.execute(paged, [*params, fetch, 0]).fetchall()
            total = int(rows[0][2]) if rows else 0
            if len(rows) >= total or rows[-1][1] < rows[want - 1][1] - epsilon:
                break
            fetch *= 4
        if want < len(rows):
            edge = rows[want - 1][1] - epsilon
            rows = [row for row in rows if row[1] >= edge]
        ids = [row[0] for row in rows]
        marks = ",".join("?" * len(ids))
        exact = conn.execute(
            f"SELECT facilities.id, facilities.frid, {_MILES} AS anon_1 \nFROM facilities \n"
            f"WHERE facilities.id IN ({marks})",
            [*self._miles_params(lat, lon), *ids],
        ).fetchall()
        ordered = sorted(exact, key=lambda row: (row[2], row[1]))[offset:want]
        return self._rows(conn, [(row[0], float(row[2])) for row in ordered]), total

    def nearest(
        self, conn: sqlite3.Connection, lat: float, lon: float, n: int, offset: int, limit: int
    ) -> tuple[list[tuple[dict[str, Any], float]], int]:
        """``_GridSpatial.nearest``: grow a circle until it holds n matches, then page it."""
        limit = max(0, min(limit, n - offset))
        radius = self.grid["first_ring_miles"]
        while True:
            sql, params = self._matches(lat, lon, radius)
            capped = f"SELECT count(*) AS count_1 \nFROM ({sql.format(total='')}\n LIMIT ? OFFSET ?) AS anon_1"
            found = int(conn.execute(capped, [*params, n, 0]).fetchone()[0])
            if found >= n or radius >= self.grid["whole_earth_miles"]:
                break
            radius *= 2
        hits, total = self.page(conn, lat, lon, radius, offset, limit)
        return hits, min(total, n)

    def _rows(self, conn: sqlite3.Connection, ids: list[tuple[int, float]]) -> list[tuple[dict[str, Any], float]]:
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        columns = ", ".join(f"facilities.{name}" for name in ["id", *self.stored])
        rows = conn.execute(f"SELECT {columns} FROM facilities WHERE facilities.id IN ({marks})", [i for i, _ in ids])
        by_id = {row[0]: dict(zip(self.stored, row[1:], strict=True)) for row in rows}
        return [(by_id[i], miles) for i, miles in ids]

    def _cap(self, miles: float) -> tuple[float, float]:
        """``cells.Cap.of``: (sure, maybe) dot-product thresholds."""
        if miles >= self.grid["whole_earth_miles"]:
            return -2.0, -2.0
        angle = miles / self.grid["earth_radius_miles"]
        if angle > 3.1:
            return 2.0, -2.0
        threshold = math.cos(angle)
        return threshold + self.grid["dot_epsilon"], threshold - self.grid["dot_epsilon"]

    def _cell_ranges(self, lat: float, lon: float, miles: float) -> list[tuple[int, int]]:
        """``cells.cell_ranges``: inclusive, merged ranges of cell numbers around the cap."""
        per_degree, stride, slack = self.grid["cells_per_degree"], self.grid["row_stride"], self.grid["box_slack_deg"]
        angle = miles / self.grid["earth_radius_miles"]
        lat_lo = math.degrees(math.radians(lat) - angle) - slack
        lat_hi = math.degrees(math.radians(lat) + angle) + slack
        lon_ranges: list[tuple[float, float]] | None = None
        if lat_lo <= -90 or lat_hi >= 90 or angle >= math.pi / 2:
            lat_lo, lat_hi = max(lat_lo, -90.0), min(lat_hi, 90.0)
        else:
            ratio = math.sin(angle) / math.cos(math.radians(lat))
            if ratio < 1:
                half = math.degrees(math.asin(ratio)) + slack
                lo, hi = lon - half, lon + half
                lon_ranges = [(max(lo, -180.0), min(hi, 180.0))]
                if lo < -180:
                    lon_ranges.append((lo + 360, 180.0))
                if hi > 180:
                    lon_ranges.append((-180.0, hi - 360))
        first = int((lat_lo + 90.0) * per_degree)
        last = int((lat_hi + 90.0) * per_degree)

        def column(longitude: float, *, low: bool) -> int:
            if low and longitude <= -180.0:
                return 0
            if not low and longitude >= 180.0:
                return int(stride - 1)
            return int((longitude + 180.0) * per_degree)

        columns = [(0, stride - 1)]
        if lon_ranges is not None:
            columns = [(column(a, low=True), column(b, low=False)) for a, b in lon_ranges]
        merged: list[tuple[int, int]] = []
        for row in range(first, last + 1):
            for a, b in sorted(columns):
                start, end = row * stride + a, row * stride + b
                if merged and start <= merged[-1][1] + 1:
                    merged[-1] = (merged[-1][0], max(merged[-1][1], end))
                else:
                    merged.append((start, end))
        return merged


def _unit_vector(latitude: float, longitude: float) -> tuple[float, float, float]:
    phi, lam = math.radians(latitude), math.radians(longitude)
    return math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi)


_SOURCE = {"name": "", "year": 0, "dataset": "", "record": "", "listed_as": "", "phone": "", "codes": []}
_LICENCE = {
    "state": "",
    "number": "",
    "status": "",
    "expires": None,
    "capacity": None,
    "setting": "",
    "detox": False,
    "credit": "",
}


def _hit(data: dict[str, Any], row: dict[str, Any], miles: float) -> dict[str, Any]:
    """``FacilityHit.model_validate(_facility_data(row) | {"distance_miles": ...}).model_dump(mode="json")``."""
    hit = dict(row)
    hit["codes"] = sorted({c.upper() for c in row["codes"].split("|") if c})
    hit["other_services"] = json.loads(row["other_services"]) if row["other_services"] else []
    sources = json.loads(row["sources"]) if row["sources"] else []
    if not sources:
        sources = [
            {
                "name": row["source"],
                "year": row["snapshot_year"],
                "dataset": row["dataset"],
                "record": row["frid"],
                "listed_as": row["name"],
                "phone": row["phone"],
                "codes": list(hit["codes"]),
            }
        ]
    hit["sources"] = [{key: source.get(key, default) for key, default in _SOURCE.items()} for source in sources]
    licence = json.loads(row["state_licence"]) if row["state_licence"] else None
    hit["state_licence"] = {k: licence.get(k, d) for k, d in _LICENCE.items()} if licence is not None else None
    hit["synthetic"] = bool(row["synthetic"])
    listed = row["still_listed_2025"]
    hit["still_listed_2025"] = None if listed is None else bool(listed)
    hit["distance_miles"] = round(miles, 3)
    datasets = {source["dataset"] for source in hit["sources"]}
    hit["notice"] = data["floor_notice"] if datasets == {data["floor_dataset"]} else data["confirm_notice"]
    hit["openings"] = []
    hit["phones"] = _phones(row["phone"], row["intake_phone"], row["hotline"])
    hit["quality_signs"] = _signs(data, hit)
    return hit


def _phones(main: str, intake: str, hotline: str) -> list[dict[str, Any]]:
    """``directory.phones.listed_phones`` as JSON (the same ``phonenumbers`` calls)."""
    phones: list[dict[str, Any]] = []
    seen: set[str] = set()
    for kind, text in (("main", main), ("intake", intake), ("hotline", hotline)):
        phone = _phone(text, kind)
        if phone is None:
            continue
        key = phone["tel"] or phone["display"]
        if key not in seen:
            seen.add(key)
            phones.append(phone)
    return phones


def _phone(text: str, kind: str) -> dict[str, Any] | None:
    listed = " ".join(text.split())
    if not listed:
        return None
    plain = {"display": listed, "tel": None, "ext": None, "kind": kind}
    if len(listed) > 60:
        return plain
    import phonenumbers

    try:
        number = phonenumbers.parse(listed, "US")
    except phonenumbers.NumberParseException:
        return plain
    if not phonenumbers.is_valid_number(number):
        return plain
    ext = number.extension if number.extension and number.extension.isdigit() else None
    number.extension = ext
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    shown = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    if number.country_code != 1:
        shown = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return {"display": shown, "tel": f"tel:{e164}" + (f";ext={ext}" if ext else ""), "ext": ext, "kind": kind}


def _signs(data: dict[str, Any], hit: dict[str, Any]) -> list[dict[str, Any]]:
    """``directory.quality.quality_signs`` as JSON, from the compiled rule table."""
    evidence = [(s["name"], s["year"], frozenset(s["codes"])) for s in hit["sources"] if s["codes"]]
    covered: set[str] = set().union(*(codes for _, _, codes in evidence)) if evidence else set()
    if not set(hit["codes"]) <= covered:
        evidence.append((hit["source"], hit["snapshot_year"], frozenset(hit["codes"])))
    years = [s["year"] for s in hit["sources"] if s["dataset"] in data["licence_datasets"]]
    licence_year = max(years) if years else None
    licence = hit["state_licence"]
    newest_first = sorted(evidence, key=lambda e: e[1], reverse=True)
    signs = []
    for rule in data["signs"]:
        yes_codes, reporting = frozenset(rule["codes"]), frozenset(rule["reporting"])
        showing = [e for e in newest_first if e[2] & yes_codes]
        answering = [e for e in newest_first if e[2] & reporting]
        sign = {"id": rule["id"], "label": rule["label"], "status": "not_reported", "source": "", "year": None}
        if showing:
            shown: frozenset[str] = frozenset().union(*(e[2] & yes_codes for e in showing))
            if rule["detail"]:
                names = [name for name, group in rule["detail"].items() if shown.intersection(group)]
            else:
                names = [rule["plain"][code] for code in rule["codes"] if code in shown]
            sign |= {"status": "yes", "source": showing[0][0], "year": showing[0][1], "detail": ", ".join(names)}
        elif rule["licence"] and licence is not None:
            status = licence["status"].lower()
            current = ("licensed" in status or "certified" in status) and "expired" not in status
            sign |= {
                "status": "yes" if current else "no",
                "source": licence["credit"] or f"{licence['state']} state licensing data",
                "year": licence_year,
                "detail": f"{licence['state']} licence {licence['number']}, {licence['status']}",
            }
        elif answering:
            sign |= {"status": "no", "source": answering[0][0], "year": answering[0][1]}
        signs.append({**sign, "detail": sign.get("detail", "")})
    return signs


def headline_services(codes: list[str]) -> list[str]:
    """``directory.headline_services(codes)`` from the compiled catalogue order."""
    wanted = {code.upper() for code in codes}
    return [plain for code, plain in compiled()["headline"] if code in wanted][:10]


_KINDS = {"main": "", "intake": "intake ", "hotline": "hotline "}
_STATUS_WORDS = {"yes": "yes", "no": "no", "not_reported": "not reported"}


def render_text(answer: dict[str, Any]) -> str:
    """``find``'s text for a fast answer (no openings, never empty): the same lines as ``cli.find._text``."""
    notice = compiled()["confirm_notice"]
    results = answer["results"]
    lines = [
        f"{answer['total']} facilities near {answer['origin']['label']} (page {answer['page']}, {len(results)} shown)",
        "",
    ]
    start = (answer["page"] - 1) * answer["page_size"]
    for number, hit in enumerate(results, start=start + 1):
        miles = f"{hit['distance_miles']:.1f} mi  " if hit["distance_miles"] is not None else ""
        demo = "[DEMO DATA] " if hit["synthetic"] else ""
        title = f"{hit['name']} — {hit['name2']}" if hit["name2"] else hit["name"]
        lines.append(f"{number:>3}. {miles}{demo}{title}")
        address = ", ".join(p for p in (hit["street"], hit["city"], f"{hit['state']} {hit['zip']}".strip()) if p)
        lines.append(f"     {address}")
        phones = "  ".join(f"{_KINDS[p['kind']]}{p['display']}" for p in hit["phones"])
        if phones:
            lines.append(f"     {phones}")
        lines.append(f"     services: {'; '.join(headline_services(hit['codes'])) or '-'}")
        lines.append(f"     signs of quality: {_signs_line(hit['quality_signs'])}")
        listed = dict.fromkeys(f"{source['name']}, {source['year']}" for source in hit["sources"])
        lines.append(f"     listed by: {'; '.join(listed)}")
        if hit["notice"] != notice:
            lines.append(f"     {hit['notice']}")
        if hit["still_listed_2025"] is False:
            lines.append(f"     not in SAMHSA's 2025 directory download for {hit['state']}: it may have closed")
        if hit["state_licence"]:
            licence = hit["state_licence"]
            expires = f", expires {licence['expires']}" if licence["expires"] else ""
            beds = f", {licence['capacity']} licensed beds" if licence["capacity"] else ""
            lines.append(f"     {licence['state']} licence {licence['number']}: {licence['status']}{expires}{beds}")
            lines.append(f"     ({licence['credit']})")
    lines += ["", f"{notice} Source: SAMHSA, FindTreatment.gov."]
    return "\n".join(lines)


def _signs_line(signs: list[dict[str, Any]]) -> str:
    """``cli.compare.signs_line`` over JSON signs."""
    groups: dict[str, list[str]] = {}
    for sign in signs:
        text = f"{sign['label']} ({sign['detail']})" if sign["status"] == "yes" and sign["detail"] else sign["label"]
        groups.setdefault(sign["status"], []).append(text)
    return "; ".join(
        f"{_STATUS_WORDS[status]}: {', '.join(groups[status])}" for status in _STATUS_WORDS if status in groups
    )
