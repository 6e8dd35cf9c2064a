"""The geocoder's tables: ZIP centroids that pass a plausibility check, one point per city, one centre per state.

ZIP centroids come from the ``zipcodes`` package, whose data is compiled into the wheel (no download at run
time). That data has placeholders and strays: some PO-box and unique ZIPs sit at 0,0 (90085, "Los Angeles"),
and a firm's unique ZIPs may all sit at one depot miles from town (38 of Des Moines' non-standard ZIPs share
one point). So a centroid counts only inside its state's box (``places.yaml``), and a city's point is the
median of its standard (street-delivery) ZIPs, which no single stray can drag; a city with none uses its
PO-box and unique ZIPs. The mean of all of them, used before, put "Los Angeles, CA" near Hemet.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

import zipcodes as _zipcodes

from recoverynav.datafiles import read_yaml
from recoverynav.directory.repository import EARTH_RADIUS_MILES
from recoverynav.references import check_ids

# The package's functions are unannotated; treat its rows as plain dicts.
zipcodes: Any = _zipcodes

# A border ZIP's centroid may fall just outside its state's box (57724 Camp Crook, SD by 0.4 miles): such a
# point is pulled onto the box's edge. Farther out, it is a data error and dropped.
BORDER_TOLERANCE_MILES = 3.0
# The freely associated states have US ZIP codes but no Census state box: their centroids are taken as listed.
UNBOXED_STATES = frozenset({"FM", "MH", "PW"})
# A state search covers the circle around the state's centre holding this share of its ZIP centroids.
STATE_COVERAGE = 0.9
STATE_RADIUS_MILES = (25.0, 500.0)

Point = tuple[float, float]


@dataclass(frozen=True)
class State:
    """A state or territory: USPS code, name and bounding box (west, south, east, north)."""

    code: str
    name: str
    box: tuple[float, float, float, float]

    def contains(self, lat: float, lon: float) -> bool:
        west, south, east, north = self.box
        return south <= lat <= north and west <= lon <= east

    def clamp(self, lat: float, lon: float) -> Point:
        west, south, east, north = self.box
        return min(max(lat, south), north), min(max(lon, west), east)


@dataclass(frozen=True)
class City:
    """A city's display name, state, point, and how many ZIP centroids the point was taken from."""

    name: str
    state: str
    latitude: float
    longitude: float
    zips: int
    # Known only as a ZIP's other accepted name (often a USPS abbreviation): resolved, never suggested.
    alias: bool = False

    @property
    def label(self) -> str:
        return f"{self.name}, {self.state}"


@dataclass(frozen=True)
class StateCentre:
    """Where a state-wide search starts, the radius that covers most of the state, and the nearest town."""

    state: State
    latitude: float
    longitude: float
    radius_miles: float
    near: str


def great_circle_miles(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance in miles on a sphere of the Earth's mean radius."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(h)))


_PREFIXES = {"st": "saint", "ste": "saint", "ft": "fort", "mt": "mount"}


@lru_cache(maxsize=65536)
def normalize_name(name: str) -> str:
    """A place name for comparison: case-folded, no dots, hyphens as spaces, "St"/"Ft"/"Mt" spelled out."""
    words = name.casefold().replace(".", "").replace("-", " ").split()
    if words and words[0] in _PREFIXES:
        words[0] = _PREFIXES[words[0]]
    return " ".join(words)


@cache
def _places() -> dict[str, Any]:
    data: dict[str, Any] = read_yaml("recoverynav.directory", "places.yaml")
    check_ids(data["sources"], where="directory/places.yaml")
    return data


@cache
def states() -> dict[str, State]:
    """Every state and territory with a box, by USPS code."""
    return {s["code"]: State(s["code"], s["name"], tuple(s["box"])) for s in _places()["states"]}


@cache
def state_names() -> dict[str, str]:
    """Normalized state name -> USPS code."""
    return {normalize_name(s.name): code for code, s in states().items()}


@cache
def nicknames() -> dict[str, tuple[str, str]]:
    """Normalized nickname -> (normalized city, state), e.g. "nyc" -> ("new york", "NY")."""
    table: dict[str, tuple[str, str]] = {}
    for nickname, target in _places()["nicknames"].items():
        city, state = target.rsplit(",", 1)
        table[normalize_name(nickname)] = (normalize_name(city), state.strip())
    return table


def plausible_point(row: dict[str, Any]) -> Point | None:
    """A ZIP row's centroid, or None when it is a placeholder (0,0), military mail, or outside its state."""
    if row.get("zip_code_type") == "MILITARY":
        return None
    try:
        lat, lon = float(row["lat"]), float(row["long"])
    except (TypeError, ValueError):
        return None
    if (lat == 0 and lon == 0) or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    state = states().get(row["state"])
    if state is None:
        return (lat, lon) if row["state"] in UNBOXED_STATES else None
    if state.contains(lat, lon):
        return lat, lon
    edge = state.clamp(lat, lon)
    return edge if great_circle_miles(lat, lon, *edge) <= BORDER_TOLERANCE_MILES else None


@cache
def zip_list() -> list[dict[str, Any]]:
    """Every row of the ZIP data (the package builds a fresh list on each call: read it once)."""
    rows: list[dict[str, Any]] = zipcodes.list_all()
    return rows


@cache
def zip_rows() -> dict[str, dict[str, Any]]:
    """Every ZIP code's row, by its 5 digits."""
    return {row["zip_code"]: row for row in zip_list()}


def median_point(points: list[Point]) -> Point:
    """The component-wise median: one stray point moves it by at most one rank."""
    return statistics.median(p[0] for p in points), statistics.median(p[1] for p in points)


@cache
def cities() -> dict[tuple[str, str], City]:
    """(normalized city, state) -> City, over active ZIPs with plausible centroids.

    A ZIP's other accepted names ("Hollywood" for a Los Angeles ZIP) become cities of their own only where no
    ZIP has that name as its main one.
    """
    standard: dict[tuple[str, str], list[Point]] = defaultdict(list)
    other: dict[tuple[str, str], list[Point]] = defaultdict(list)
    alias_standard: dict[tuple[str, str], list[Point]] = defaultdict(list)
    alias_other: dict[tuple[str, str], list[Point]] = defaultdict(list)
    names: dict[tuple[str, str], str] = {}
    alias_names: dict[tuple[str, str], str] = {}
    for row in zip_list():
        point = plausible_point(row) if row["active"] else None
        if point is None:
            continue
        is_standard = row["zip_code_type"] == "STANDARD"
        key = (normalize_name(row["city"]), row["state"])
        names.setdefault(key, row["city"].title())
        (standard if is_standard else other)[key].append(point)
        for alias in row["acceptable_cities"]:
            alias_key = (normalize_name(alias), row["state"])
            alias_names.setdefault(alias_key, alias.title())
            (alias_standard if is_standard else alias_other)[alias_key].append(point)
    table: dict[tuple[str, str], City] = {}
    for alias, pools in ((False, (standard, other)), (True, (alias_standard, alias_other))):
        for key in pools[0].keys() | pools[1].keys():
            if key in table:
                continue
            points = pools[0].get(key) or pools[1][key]
            lat, lon = median_point(points)
            table[key] = City(names.get(key) or alias_names[key], key[1], lat, lon, len(points), alias)
    return table


@cache
def state_centres() -> dict[str, StateCentre]:
    """A centre for each boxed state: the standard ZIP nearest the median of its standard ZIPs (else of all)."""
    standard: dict[str, list[tuple[float, float, str]]] = defaultdict(list)
    other: dict[str, list[tuple[float, float, str]]] = defaultdict(list)
    for row in zip_list():
        point = plausible_point(row) if row["active"] else None
        if point is not None:
            pool = standard if row["zip_code_type"] == "STANDARD" else other
            pool[row["state"]].append((*point, row["city"].title()))
    centres: dict[str, StateCentre] = {}
    for code, state in states().items():
        # American Samoa and the Northern Marianas have PO-box ZIPs only.
        rows = standard.get(code) or other.get(code)
        if not rows:
            continue
        mid = median_point([(r[0], r[1]) for r in rows])
        lat, lon, town = min(rows, key=lambda r: great_circle_miles(r[0], r[1], *mid))
        distances = sorted(great_circle_miles(lat, lon, r[0], r[1]) for r in rows)
        reach = distances[min(len(distances) - 1, int(STATE_COVERAGE * len(distances)))]
        low, high = STATE_RADIUS_MILES
        radius = min(high, max(low, math.ceil(reach / 10) * 10))
        centres[code] = StateCentre(state, lat, lon, float(radius), town)
    return centres
