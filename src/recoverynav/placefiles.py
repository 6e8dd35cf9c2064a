"""Read the compiled place files with the standard library only: a few lines by binary search, no table loaded.

Two sorted text files are built from the gazetteer and the ZIP table by ``scripts/build_bundle.py`` (a test fails
while either is stale):

- ``directory/_places.txt``: ``geocode(key)`` for every ZIP code and every city label (``Charlottesville, VA``)
  that resolves to a point (``storage.directory.find_bundle.place_lines``);
- ``meetings/_zones.txt``: the ZIP centroids with their IANA zones, by one-degree cell
  (``meetings.timezones.zone_grid_lines``), which ``zone_at`` searches.

Loading the ZIP table they come from takes most of a second; a look-up here reads a few kilobytes. The module
imports nothing from ``recoverynav`` so that the command line's fast paths can use it without the packages.
"""

from __future__ import annotations

import math
import os
import re
from typing import Any

_ROOT = os.path.dirname(os.path.abspath(__file__))
PLACE_FILE = os.path.join(_ROOT, "directory", "_places.txt")
ZONE_FILE = os.path.join(_ROOT, "meetings", "_zones.txt")
_ZIP = re.compile(r"^\s*(\d{5})(?:-\d{4})?\s*$")

__all__ = [
    "PLACE_FILE",
    "ZONE_FILE",
    "bounding_box",
    "find_line",
    "great_circle_miles",
    "known_place",
    "zone_cell",
    "zone_key",
]


def find_line(path: str, key: bytes) -> bytes | None:
    """The line of the sorted file ``path`` whose first tab-separated field is ``key``, or None."""
    try:
        fh = open(path, "rb")  # noqa: SIM115 (closed below; the helper seeks in it)
    except FileNotFoundError:
        return None
    with fh:
        return _find_line(fh, key, os.fstat(fh.fileno()).st_size)


def _find_line(fh: Any, key: bytes, size: int) -> bytes | None:
    """Bisect byte offsets, then scan a few lines."""
    lo, hi = 0, size  # every line starting before lo has a smaller key; the wanted line starts before hi
    while hi - lo > 4096:
        mid = (lo + hi) // 2
        fh.seek(mid)
        fh.readline()  # the rest of the line mid falls in
        start = fh.tell()
        line = fh.readline()
        if start >= hi or not line:
            break
        if line.split(b"\t", 1)[0] < key:
            lo = start + len(line)
        elif start + 1 < hi:
            hi = start + 1  # the wanted line starts at or before this one
        else:
            break  # a line longer than the window: scan
    fh.seek(lo)
    while fh.tell() < hi:
        line = fh.readline()
        if not line:
            return None
        first = line.split(b"\t", 1)[0]
        if first == key:
            line_found: bytes = line
            return line_found
        if first > key:
            return None
    return None


def known_place(text: str) -> dict[str, Any] | None:
    """``geocode(text).model_dump(mode="json")`` for a ZIP code or a city label typed exactly as listed
    (``Charlottesville, VA``) in the compiled table, else None (the geocoder's tables answer everything else)."""
    match = _ZIP.match(text)
    key = (match.group(1) if match else text.strip()).encode("utf-8", "surrogatepass")
    if not key or b"\t" in key or b"\n" in key or b"\r" in key:
        return None
    line = find_line(PLACE_FILE, key)
    if line is None:
        return None
    _, lat, lon, scope, label = line.decode("utf-8").rstrip("\n").split("\t")
    return {"label": label, "latitude": float(lat), "longitude": float(lon), "scope": scope, "radius_miles": None}


def zone_key(cell_lat: int, cell_lon: int) -> str:
    """The first field of a one-degree cell's line in ``_zones.txt``."""
    return f"{cell_lat}:{cell_lon}"


def zone_cell(cell_lat: int, cell_lon: int) -> list[tuple[float, float, str]] | None:
    """The (latitude, longitude, zone) ZIP centroids of one cell (``[]`` for none), or None without the file."""
    if not os.path.isfile(ZONE_FILE):
        return None
    line = find_line(ZONE_FILE, zone_key(cell_lat, cell_lon).encode("ascii"))
    if line is None:
        return []
    points = []
    for item in line.decode("utf-8").rstrip("\n").split("\t")[1:]:
        lat, lon, zone = item.split(" ", 2)
        points.append((float(lat), float(lon), zone))
    return points


def great_circle_miles(lat1: float, lon1: float, lat2: float, lon2: float, earth_radius_miles: float) -> float:
    """``directory.gazetteer.great_circle_miles`` term for term (the radius given), so results agree to the bit."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * earth_radius_miles * math.asin(min(1.0, math.sqrt(h)))


_MILES_PER_DEGREE = 69.0


def bounding_box(latitude: float, longitude: float, miles: float) -> tuple[float, float, float, float]:
    """A latitude/longitude box holding every point within ``miles`` of the origin (it may hold more)."""
    dlat = miles / _MILES_PER_DEGREE * 1.01
    cos_lat = max(math.cos(math.radians(min(89.0, abs(latitude) + dlat))), 0.01)
    dlon = min(180.0, dlat / cos_lat)
    return (
        max(-90.0, latitude - dlat),
        min(90.0, latitude + dlat),
        max(-180.0, longitude - dlon),
        min(180.0, longitude + dlon),
    )
