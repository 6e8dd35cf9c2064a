"""Distance and bounding-box SQL for each backend: haversine over an R*Tree box on SQLite, PostGIS on PostgreSQL."""

from __future__ import annotations

import math
from typing import Any

from sqlalchemy import ColumnElement, Float, and_, func, literal, literal_column, or_

from recoverynav.directory.repository import EARTH_RADIUS_MILES
from recoverynav.storage.tables import facilities, facility_rtree

METERS_PER_MILE = 1609.344
# Float32 rounding in the R*Tree is outward, but a hair of slack also covers our own trigonometry.
_BOX_SLACK_DEG = 1e-7


def sqlite_miles(lat: float, lon: float) -> ColumnElement[Any]:
    """Haversine miles from (lat, lon) to each facility, written as SQLite's built-in math functions."""
    p1 = math.radians(lat)
    lat2 = func.radians(facilities.c.latitude)
    dp = (lat2 - literal(p1, Float)) / 2
    dl = (func.radians(facilities.c.longitude) - literal(math.radians(lon), Float)) / 2
    h = func.power(func.sin(dp), 2) + literal(math.cos(p1), Float) * func.cos(lat2) * func.power(func.sin(dl), 2)
    return 2 * EARTH_RADIUS_MILES * func.asin(func.min(1.0, func.sqrt(h)))


def postgis_origin(lat: float, lon: float) -> ColumnElement[Any]:
    """The origin as a PostGIS geography point."""
    point = func.ST_SetSRID(func.ST_MakePoint(literal(lon, Float), literal(lat, Float)), 4326)
    return func.geography(point)


def postgis_miles(lat: float, lon: float) -> ColumnElement[Any]:
    """Great-circle miles on PostGIS' sphere (use_spheroid=false, mean radius), matching our haversine."""
    return func.ST_Distance(literal_column("facilities.geog"), postgis_origin(lat, lon), False) / METERS_PER_MILE


def postgis_within(lat: float, lon: float, miles: float) -> ColumnElement[bool]:
    """ST_DWithin on the sphere: uses the GiST index, then checks the exact distance."""
    meters = literal(miles * METERS_PER_MILE, Float)
    return func.ST_DWithin(literal_column("facilities.geog"), postgis_origin(lat, lon), meters, False).is_(True)


def postgis_knn(lat: float, lon: float) -> ColumnElement[Any]:
    """The KNN ordering operator ``<->`` that walks the GiST index nearest first."""
    return literal_column("facilities.geog").op("<->")(postgis_origin(lat, lon))


def rtree_box(lat: float, lon: float, miles: float) -> ColumnElement[bool]:
    """R*Tree condition for the box enclosing the spherical cap of radius ``miles`` (split at ±180°)."""
    angle = miles / EARTH_RADIUS_MILES
    lat_lo = math.degrees(math.radians(lat) - angle) - _BOX_SLACK_DEG
    lat_hi = math.degrees(math.radians(lat) + angle) + _BOX_SLACK_DEG
    r = facility_rtree.c
    lat_ok = and_(r.max_lat >= lat_lo, r.min_lat <= lat_hi)
    if lat_lo <= -90 or lat_hi >= 90 or angle >= math.pi / 2:
        return lat_ok  # the cap covers a pole: every longitude is in play
    # Exact longitudinal half-width of a spherical cap centred at latitude `lat`.
    ratio = math.sin(angle) / math.cos(math.radians(lat))
    if ratio >= 1:
        return lat_ok
    half = math.degrees(math.asin(ratio)) + _BOX_SLACK_DEG
    lo, hi = lon - half, lon + half
    ranges = [(max(lo, -180.0), min(hi, 180.0))]
    if lo < -180:
        ranges.append((lo + 360, 180.0))
    if hi > 180:
        ranges.append((-180.0, hi - 360))
    return and_(lat_ok, or_(*(and_(r.max_lon >= a, r.min_lon <= b) for a, b in ranges)))
