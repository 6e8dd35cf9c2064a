"""Distance SQL for each backend: the haversine on SQLite (storage.cells holds its index), PostGIS on PostgreSQL."""

from __future__ import annotations

import math
from typing import Any

from sqlalchemy import Boolean, ColumnElement, Float, bindparam, func, literal, literal_column

from recoverynav.directory.repository import EARTH_RADIUS_MILES
from recoverynav.storage.directory.tables import facilities

METERS_PER_MILE = 1609.344


def sqlite_miles(lat: float, lon: float) -> ColumnElement[Any]:
    """Haversine miles from (lat, lon) to each facility, written as SQLite's built-in math functions.

    The origin enters as named parameters (:func:`sqlite_miles_params`), so a cached statement can be reused
    for another origin; every query that needs miles uses this one expression, so all agree to the last bit.
    """
    p1 = bindparam("hav_lat", math.radians(lat), type_=Float)
    cos_p1 = bindparam("hav_cos_lat", math.cos(math.radians(lat)), type_=Float)
    l1 = bindparam("hav_lon", math.radians(lon), type_=Float)
    lat2 = func.radians(facilities.c.latitude)
    dp = (lat2 - p1) / 2
    dl = (func.radians(facilities.c.longitude) - l1) / 2
    h = func.power(func.sin(dp), 2) + cos_p1 * func.cos(lat2) * func.power(func.sin(dl), 2)
    return 2 * EARTH_RADIUS_MILES * func.asin(func.min(1.0, func.sqrt(h)))


def sqlite_miles_params(lat: float, lon: float) -> dict[str, float]:
    """The parameters of :func:`sqlite_miles` for another origin."""
    return {
        "hav_lat": math.radians(lat),
        "hav_cos_lat": math.cos(math.radians(lat)),
        "hav_lon": math.radians(lon),
    }


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
    # A bare boolean call: wrapped as `ST_DWithin(...) IS TRUE` the planner no longer sees an indexable condition
    # and scans the whole table.
    return func.ST_DWithin(literal_column("facilities.geog"), postgis_origin(lat, lon), meters, False, type_=Boolean)


def postgis_knn(lat: float, lon: float) -> ColumnElement[Any]:
    """The KNN ordering operator ``<->`` that walks the GiST index nearest first."""
    return literal_column("facilities.geog").op("<->")(postgis_origin(lat, lon))
