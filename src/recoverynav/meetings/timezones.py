"""A meeting's IANA time zone from its place, offline: the ZIP code, the point, the city or the state.

Derived from the ``zipcodes`` package the directory already ships (each US ZIP row names its IANA zone), so
split states come out right where a ZIP or a point is known (El Paso is Mountain time, Pensacola Central).
A city takes the zone most of its ZIPs have; a state the zone most of its ZIPs have. ``timezonefinder`` was
measured and not used: its 148 KB wheel pulls numpy, h3, cffi, flatbuffers and a 32 MB data wheel.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import cache

from recoverynav.directory.gazetteer import great_circle_miles, normalize_name, plausible_point, zip_rows
from recoverynav.meetings.clock import valid_zone
from recoverynav.placefiles import zone_cell, zone_key

__all__ = ["render_zone_bundle", "valid_zone", "zone_at", "zone_for_city", "zone_for_state", "zone_for_zip"]

ZONE_BUNDLE = "_zones.txt"

# A point farther than this from every ZIP centroid is not placed by a ZIP (open sea, another country).
_NEAREST_ZIP_MILES = 60.0


def zone_for_zip(zip_code: str) -> str | None:
    """The zone of a 5-digit ZIP (``"79901"`` -> ``"America/Denver"``), or None."""
    row = zip_rows().get(zip_code.strip()[:5])
    zone = (row or {}).get("timezone") or ""
    return zone if valid_zone(zone) else None


@cache
def _majority() -> tuple[dict[tuple[str, str], str], dict[str, str]]:
    by_city: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    by_state: dict[str, Counter[str]] = defaultdict(Counter)
    for row in zip_rows().values():
        zone = row.get("timezone") or ""
        if not valid_zone(zone):
            continue
        by_city[(normalize_name(row["city"]), row["state"])][zone] += 1
        by_state[row["state"]][zone] += 1
    return (
        {key: counts.most_common(1)[0][0] for key, counts in by_city.items()},
        {key: counts.most_common(1)[0][0] for key, counts in by_state.items()},
    )


def zone_for_city(city: str, state: str) -> str | None:
    """The zone most of a city's ZIPs have, or None."""
    return _majority()[0].get((normalize_name(city), state.strip().upper()))


def zone_for_state(state: str) -> str | None:
    """The zone most of a state's ZIPs have (``"TX"`` -> ``"America/Chicago"``), or None."""
    return _majority()[1].get(state.strip().upper())


@cache
def _zip_points() -> dict[tuple[int, int], list[tuple[float, float, str]]]:
    """Every ZIP centroid with a zone named, by one-degree cell (what ``_zones.txt`` is compiled from)."""
    cells: dict[tuple[int, int], list[tuple[float, float, str]]] = defaultdict(list)
    for row in zip_rows().values():
        zone = row.get("timezone") or ""
        point = plausible_point(row)
        if point is not None and zone and "\t" not in zone and " " not in zone and "\n" not in zone:
            cells[(int(point[0] // 1), int(point[1] // 1))].append((point[0], point[1], zone))
    return dict(cells)


def render_zone_bundle() -> dict[str, str]:
    """``meetings/_zones.txt``: one line per cell, ``lat:lon<TAB>latitude longitude zone<TAB>...``, sorted by key
    (as bytes) for ``placefiles.zone_cell``; floats as ``repr`` so they read back bit for bit."""
    lines = {
        zone_key(*cell): zone_key(*cell) + "".join(f"\t{lat!r} {lon!r} {zone}" for lat, lon, zone in points) + "\n"
        for cell, points in _zip_points().items()
    }
    return {ZONE_BUNDLE: "".join(lines[key] for key in sorted(lines, key=lambda k: k.encode("ascii")))}


def _cell(cell_lat: int, cell_lon: int) -> list[tuple[float, float, str]]:
    """One cell's centroids whose zone this machine knows: from the compiled file, else from the ZIP table."""
    points = zone_cell(cell_lat, cell_lon)
    if points is None:
        points = _zip_points().get((cell_lat, cell_lon), [])
    return [point for point in points if valid_zone(point[2])]


def zone_at(latitude: float, longitude: float) -> str | None:
    """The zone of the ZIP centroid nearest a point (within 60 miles), or None."""
    cell_lat, cell_lon = int(latitude // 1), int(longitude // 1)
    best: tuple[float, str] | None = None
    for dlat in (-1, 0, 1):
        for dlon in (-1, 0, 1):
            for lat, lon, zone in _cell(cell_lat + dlat, cell_lon + dlon):
                miles = great_circle_miles(latitude, longitude, lat, lon)
                if best is None or miles < best[0]:
                    best = (miles, zone)
    return best[1] if best is not None and best[0] <= _NEAREST_ZIP_MILES else None
