"""Offline geocoding: a US ZIP code, "lat,lon" or "City, ST" to a point, with suggestions when unknown.

ZIP centroids come from the ``zipcodes`` package, whose data is compiled into the wheel (no download at
run time). A city is the mean of its active ZIP centroids, which lands near its middle for small cities.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from functools import cache
from typing import Any

import zipcodes as _zipcodes

from recoverynav.directory.models import Place, UnknownPlaceError
from recoverynav.directory.repository import EARTH_RADIUS_MILES

# The package's functions are unannotated; treat its rows as plain dicts.
zipcodes: Any = _zipcodes

_LATLON = re.compile(r"^\s*([+-]?\d{1,3}(?:\.\d+)?)\s*[, ]\s*([+-]?\d{1,3}(?:\.\d+)?)\s*$")
_ZIP = re.compile(r"^\s*(\d{5})(?:-\d{4})?\s*$")
_CITY_STATE = re.compile(r"^\s*(.+?)\s*,\s*([A-Za-z]{2})\s*$")


def geocode(place: str) -> Place:
    """Resolve a ZIP code, ``"lat,lon"`` or ``"City, ST"``; raise :class:`UnknownPlaceError` with suggestions.

    Usage::

        geocode("22902").label          # "22902 (Charlottesville, VA)"
        geocode("38.03,-78.48")
        geocode("San Francisco, CA")
    """
    text = place.strip()
    if not text:
        raise UnknownPlaceError(place, [])
    if match := _LATLON.match(text):
        lat, lon = float(match.group(1)), float(match.group(2))
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise UnknownPlaceError(place, [], "Latitude must be within -90..90 and longitude within -180..180")
        return Place(label=f"{lat:.4f}, {lon:.4f}", latitude=lat, longitude=lon)
    if match := _ZIP.match(text):
        return _zip_place(match.group(1), place)
    if re.fullmatch(r"\s*\d+\s*", text):
        raise UnknownPlaceError(place, [], "A US ZIP code has 5 digits")
    if match := _CITY_STATE.match(text):
        return _city_place(match.group(1), match.group(2).upper(), place)
    return _bare_city_place(text, place)


def great_circle_miles(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance in miles on a sphere of the Earth's mean radius."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(h)))


def _zip_place(zip5: str, typed: str) -> Place:
    found = zipcodes.matching(zip5)
    if not found:
        nearby = sorted({z["zip_code"] for z in zipcodes.similar_to(zip5[:3]) if z["active"]})
        close = sorted(nearby, key=lambda z: abs(int(z) - int(zip5)))[:5]
        raise UnknownPlaceError(typed, sorted(close), f"{zip5} is not a US ZIP code")
    row = found[0]
    return Place(
        label=f"{zip5} ({row['city'].title()}, {row['state']})",
        latitude=float(row["lat"]),
        longitude=float(row["long"]),
    )


@cache
def _cities() -> dict[tuple[str, str], tuple[str, float, float]]:
    """(normalized city, state) -> (display name, mean latitude, mean longitude) over active ZIPs."""
    points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    names: dict[tuple[str, str], str] = {}
    for row in zipcodes.list_all():
        if not row["active"] or not row["lat"]:
            continue
        key = (_norm(row["city"]), row["state"])
        names.setdefault(key, row["city"].title())
        points[key].append((float(row["lat"]), float(row["long"])))
    return {
        key: (names[key], sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts))
        for key, pts in points.items()
    }


def _norm(city: str) -> str:
    text = city.casefold().replace(".", "").replace("-", " ")
    text = re.sub(r"^(st|ste)\s", "saint ", text)
    text = re.sub(r"^ft\s", "fort ", text)
    text = re.sub(r"^mt\s", "mount ", text)
    return re.sub(r"\s+", " ", text).strip()


def _city_place(city: str, state: str, typed: str) -> Place:
    cities = _cities()
    hit = cities.get((_norm(city), state))
    if hit is not None:
        name, lat, lon = hit
        return Place(label=f"{name}, {state}", latitude=lat, longitude=lon)
    states = {s for _, s in cities}
    if state not in states:
        raise UnknownPlaceError(typed, [], f"{state} is not a US state or territory code (e.g. VA, CA, NY)")
    in_state = [(n, f"{cities[(n, s)][0]}, {s}") for n, s in cities if s == state]
    raise UnknownPlaceError(typed, _closest(_norm(city), in_state))


def _bare_city_place(city: str, typed: str) -> Place:
    key = _norm(city)
    cities = _cities()
    states = sorted(s for n, s in cities if n == key)
    if len(states) == 1:
        name, lat, lon = cities[(key, states[0])]
        return Place(label=f"{name}, {states[0]}", latitude=lat, longitude=lon)
    if states:
        # Many states share a city name ("Washington"); guessing wrong sends someone to the wrong state.
        raise UnknownPlaceError(typed, [f"{cities[(key, s)][0]}, {s}" for s in states[:8]], "Add the state")
    everywhere = [(n, f"{cities[(n, s)][0]}, {s}") for n, s in cities]
    raise UnknownPlaceError(typed, _closest(key, everywhere))


def _closest(key: str, options: list[tuple[str, str]], limit: int = 5) -> list[str]:
    """The labels whose normalized names are closest to ``key`` (rapidfuzz ratio of at least 60)."""
    from rapidfuzz import fuzz, process

    found = process.extract(key, [n for n, _ in options], scorer=fuzz.ratio, limit=limit, score_cutoff=60)
    return [options[index][1] for _, _, index in found]
