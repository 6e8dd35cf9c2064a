"""SQLite's spatial index: a fixed latitude/longitude grid whose rows are clustered by cell.

A search turns the box around its circle into a few ranges of cell numbers (one per grid row, because cells
are numbered row by row) and reads those rows of ``facility_cells`` in order. Each row carries the facility's
unit vector, so the exact circle test is a dot product (``x*qx + y*qy + z*qz >= cos(radius / R)``) instead of
a haversine, plus the filter flags and code bitmasks; the wide ``facilities`` row is read only for the page.

Dot products and haversines round differently, so rows whose dot product lies within :data:`DOT_EPSILON` of the
threshold are decided by the same haversine the brute-force scan uses; ordering follows the same rule
(see ``SqlFacilityRepository._cell_page``). The cell size is part of the stored data (the migration's
triggers compute cells with the same arithmetic): changing it needs a migration that rebuilds the table.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    exists,
    false,
    func,
    literal_column,
    or_,
    select,
)

from recoverynav.directory.repository import EARTH_RADIUS_MILES, FacilityFilter
from recoverynav.storage.directory import spatial
from recoverynav.storage.directory.codebits import MASK_COLUMNS, split_codes
from recoverynav.storage.directory.tables import facilities, facility_cells

# 1/16 degree (about 4.3 miles of latitude): a power of two, so `(lat + 90) * 16` rounds the same in SQL and
# Python, and a 25-mile circle spans about a dozen short ranges.
CELLS_PER_DEGREE = 16
# Cell number = row * ROW_STRIDE + column; columns run 0..5760, so consecutive full rows form one range.
ROW_STRIDE = 8192
# Dot products and their threshold are exact to a few 1e-16; a wider band costs nothing (about an inch at 25 miles).
DOT_EPSILON = 1e-12
# Beyond this radius every point on Earth is inside (half the circumference is about 12,439 miles).
WHOLE_EARTH_MILES = 12_500.0
# A hair of slack covers the trigonometry of the box itself.
_BOX_SLACK_DEG = 1e-7
FLAG_CLOSED = 1
FLAG_SYNTHETIC = 2


def cell_of(latitude: float, longitude: float) -> int:
    """The grid cell of a point: the same arithmetic as the SQL in the migration's triggers."""
    return int((latitude + 90.0) * CELLS_PER_DEGREE) * ROW_STRIDE + int((longitude + 180.0) * CELLS_PER_DEGREE)


def unit_vector(latitude: float, longitude: float) -> tuple[float, float, float]:
    """The point on the unit sphere (x towards 0°N 0°E, z towards the North Pole)."""
    phi, lam = math.radians(latitude), math.radians(longitude)
    return math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi)


@dataclass(frozen=True)
class Cap:
    """A circle on the sphere as dot-product thresholds: ``dot >= sure`` is inside, ``dot < maybe`` outside.

    Between the two the haversine decides (``sure=2, maybe=-2``: it decides everywhere).
    """

    sure: float
    maybe: float

    @classmethod
    def of(cls, miles: float) -> Cap:
        if miles >= WHOLE_EARTH_MILES:
            return cls(sure=-2.0, maybe=-2.0)
        angle = miles / EARTH_RADIUS_MILES
        if angle > 3.1:
            # Near the antipode cos() flattens out and stops separating distances: let the haversine decide.
            return cls(sure=2.0, maybe=-2.0)
        threshold = math.cos(angle)
        return cls(sure=threshold + DOT_EPSILON, maybe=threshold - DOT_EPSILON)


def cap_box(lat: float, lon: float, miles: float) -> tuple[float, float, list[tuple[float, float]] | None]:
    """(lat_lo, lat_hi, longitude ranges) enclosing the spherical cap; None ranges: every longitude."""
    angle = miles / EARTH_RADIUS_MILES
    lat_lo = math.degrees(math.radians(lat) - angle) - _BOX_SLACK_DEG
    lat_hi = math.degrees(math.radians(lat) + angle) + _BOX_SLACK_DEG
    if lat_lo <= -90 or lat_hi >= 90 or angle >= math.pi / 2:
        return max(lat_lo, -90.0), min(lat_hi, 90.0), None  # the cap covers a pole: every longitude is in play
    # Exact longitudinal half-width of a spherical cap centred at latitude `lat`.
    ratio = math.sin(angle) / math.cos(math.radians(lat))
    if ratio >= 1:
        return lat_lo, lat_hi, None
    half = math.degrees(math.asin(ratio)) + _BOX_SLACK_DEG
    lo, hi = lon - half, lon + half
    ranges = [(max(lo, -180.0), min(hi, 180.0))]
    if lo < -180:
        ranges.append((lo + 360, 180.0))
    if hi > 180:
        ranges.append((-180.0, hi - 360))
    return lat_lo, lat_hi, ranges


def cell_ranges(lat: float, lon: float, miles: float) -> list[tuple[int, int]]:
    """Inclusive ranges of cell numbers that hold every point of the cap (and some around it), merged."""
    lat_lo, lat_hi, lon_ranges = cap_box(lat, lon, miles)
    # Monotone arithmetic: a point at or above lat_lo never lands in a lower row than lat_lo itself.
    first = int((lat_lo + 90.0) * CELLS_PER_DEGREE)
    last = int((lat_hi + 90.0) * CELLS_PER_DEGREE)
    columns = [(0, ROW_STRIDE - 1)]
    if lon_ranges is not None:
        columns = [(_column(a, low=True), _column(b, low=False)) for a, b in lon_ranges]
    merged: list[tuple[int, int]] = []
    for row in range(first, last + 1):
        for a, b in sorted(columns):
            start, end = row * ROW_STRIDE + a, row * ROW_STRIDE + b
            if merged and start <= merged[-1][1] + 1:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
    return merged


def _column(longitude: float, *, low: bool) -> int:
    # The ends of the world's longitudes open up to the whole row, so full-width rows merge into one range.
    if low and longitude <= -180.0:
        return 0
    if not low and longitude >= 180.0:
        return ROW_STRIDE - 1
    return int((longitude + 180.0) * CELLS_PER_DEGREE)


@dataclass(frozen=True)
class CellQuery:
    """The statements of one search shape (cached) and the parameters of one search (origin, radius, codes)."""

    matches: Select[Any]
    paged: Select[Any]
    params: dict[str, Any]


def cell_query(spec: FacilityFilter, lat: float, lon: float, miles: float) -> CellQuery:
    """(id, dot) of every match within ``miles``, read from the grid cells around the circle.

    ``paged`` adds the count of all matches and orders by dot product (nearest first), as many rows as its
    ``fetch`` parameter says.
    """
    spans = cell_ranges(lat, lon, miles)
    wanted, text_codes = split_codes(spec.codes)
    forbid = (0 if spec.include_closed else FLAG_CLOSED) | (0 if spec.include_synthetic else FLAG_SYNTHETIC)
    words = tuple(word for word, bits in enumerate(wanted) if bits)
    facility_type = spec.facility_type.upper() if spec.facility_type else None
    any_of = tuple(tuple(sorted(group)) for group in spec.any_of)
    openings = spec.openings_since is not None
    matches, paged = _statements(words, forbid, facility_type, text_codes, spec.name, any_of, openings)
    qx, qy, qz = unit_vector(lat, lon)
    cap = Cap.of(miles)
    params: dict[str, Any] = {"qx": qx, "qy": qy, "qz": qz, "sure": cap.sure, "maybe": cap.maybe, "miles": miles}
    params |= spatial.sqlite_miles_params(lat, lon)
    params |= {f"mask{word}": wanted[word] for word in words}
    params["ranges"] = json.dumps(spans)
    if openings:
        params["openings_since"] = spec.openings_since
    return CellQuery(matches, paged, params)


@lru_cache(maxsize=512)
def _statements(
    words: tuple[int, ...],
    forbid: int,
    facility_type: str | None,
    text_codes: tuple[str, ...],
    name: str | None,
    any_of: tuple[tuple[str, ...], ...] = (),
    openings: bool = False,
) -> tuple[Select[Any], Select[Any]]:
    # Built once per shape: SQLAlchemy's compiled cache and SQLite's statement cache then skip the work.
    g = facility_cells.c
    dot = g.x * bindparam("qx", type_=Float) + g.y * bindparam("qy", type_=Float) + g.z * bindparam("qz", type_=Float)
    # The ranges arrive as one JSON parameter ([[lo, hi], ...]), so one statement serves any number of them;
    # SQLite makes them the outer loop and reads each range of the primary key in order.
    ranges = func.json_each(bindparam("ranges", type_=String)).table_valued("value").alias("ranges")
    lo, hi = func.json_extract(ranges.c.value, "$[0]"), func.json_extract(ranges.c.value, "$[1]")
    where: list[ColumnElement[bool]] = []
    if forbid:
        where.append(g.flags.op("&")(literal_column(str(forbid))) == 0)
    if facility_type:
        where.append(g.facility_type == facility_type)
    for word in words:
        bits = bindparam(f"mask{word}", type_=Integer)
        where.append(g[MASK_COLUMNS[word]].op("&")(bits) == bits)
    # Any-of groups come from a small closed set of answers, so their bits are part of the cached statement.
    where += [any_of_test(facility_cells, group) for group in any_of]
    # Inside the band around the threshold, the scan's own haversine decides (from the facility's row).
    exact = select(spatial.sqlite_miles(0.0, 0.0)).where(facilities.c.id == g.id).scalar_subquery()
    sure, maybe = bindparam("sure", type_=Float), bindparam("maybe", type_=Float)
    where.append(or_(dot >= sure, and_(dot >= maybe, exact <= bindparam("miles", type_=Float))))
    on_text = text_filters(text_codes, name)
    if openings:
        # "Has openings now" (#16): the row's FRID has a fresh open place (the time is the openings_since parameter).
        from recoverynav.storage.openings import open_now_test

        on_text.append(open_now_test(facilities.c.frid))
    if on_text:
        where.append(exists().where(facilities.c.id == g.id, *on_text))
    matches = (
        select(g.id, dot.label("dot")).select_from(ranges.join(facility_cells, g.cell.between(lo, hi))).where(*where)
    )
    # The row limit is the ``fetch`` parameter: a page of another size reuses the statement and its cache key.
    paged = (
        matches.add_columns(func.count().over().label("total"))
        .order_by(literal_column("dot").desc())
        .limit(bindparam("fetch", type_=Integer))
    )
    return matches, paged


@lru_cache(maxsize=512)
def capped_count(matches: Select[Any]) -> Select[Any]:
    """How many of ``matches`` there are, counting no further than the ``cap`` parameter: one statement per shape
    (``matches`` comes from the cached :func:`_statements`), so each ring of a nearest-N search reuses it."""
    return select(func.count()).select_from(matches.limit(bindparam("cap", type_=Integer)).subquery())


def any_of_test(table: Any, group: Sequence[str]) -> ColumnElement[bool]:
    """At least one code of ``group``: ``(mask_k & bits_k) != 0`` per bitmask word, ``|CODE|`` text for the rest.

    ``table`` is ``facilities`` or ``facility_cells`` (both carry the mask words); text codes read ``facilities``.
    """
    wanted, text_codes = split_codes(group)
    tests: list[ColumnElement[bool]] = [
        table.c[MASK_COLUMNS[word]].op("&")(literal_column(str(bits))) != 0 for word, bits in enumerate(wanted) if bits
    ]
    if text_codes:
        on_text = or_(*(facilities.c.codes.contains(f"|{code}|", autoescape=True) for code in text_codes))
        tests.append(on_text if table is facilities else exists().where(facilities.c.id == table.c.id, on_text))
    return or_(*tests) if tests else false()


def text_filters(codes: tuple[str, ...], name: str | None) -> list[ColumnElement[bool]]:
    """Tests on the ``facilities`` row's text: codes without a bit by ``|CODE|``, and the name."""
    c = facilities.c
    where: list[ColumnElement[bool]] = [c.codes.contains(f"|{code}|", autoescape=True) for code in codes]
    if name:
        lowered = name.lower()
        where.append(
            or_(
                func.lower(c.name).contains(lowered, autoescape=True),
                func.lower(c.name2).contains(lowered, autoescape=True),
            )
        )
    return where
