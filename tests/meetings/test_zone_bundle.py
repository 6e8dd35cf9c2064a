"""The compiled ZIP-zone grid (``meetings/_zones.txt``) is fresh, and ``zone_at`` answers from it as from the table."""

from __future__ import annotations

import random

import recoverynav.meetings
from recoverynav.directory.gazetteer import great_circle_miles
from recoverynav.meetings import timezones
from recoverynav.meetings.timezones import render_zone_bundle, zone_at
from recoverynav.placefiles import zone_cell


def test_compiled_zone_grid_is_fresh() -> None:
    folder = recoverynav.meetings.__file__.rsplit("/", 1)[0]
    for name, text in render_zone_bundle().items():
        with open(f"{folder}/{name}", encoding="utf-8") as fh:
            assert fh.read() == text, f"meetings/{name} is stale: run `python scripts/build_bundle.py`"


def _zone_from_table(latitude: float, longitude: float) -> str | None:
    """``zone_at`` over the ZIP table's cells (the code path before the compiled grid)."""
    cell_lat, cell_lon = int(latitude // 1), int(longitude // 1)
    best: tuple[float, str] | None = None
    for dlat in (-1, 0, 1):
        for dlon in (-1, 0, 1):
            points = timezones._zip_points().get((cell_lat + dlat, cell_lon + dlon), [])
            for lat, lon, zone in points:
                if not timezones.valid_zone(zone):
                    continue
                miles = great_circle_miles(latitude, longitude, lat, lon)
                if best is None or miles < best[0]:
                    best = (miles, zone)
    return best[1] if best is not None and best[0] <= 60.0 else None


def test_zone_at_reads_the_compiled_grid_as_the_table() -> None:
    rng = random.Random(21)
    points = [(rng.uniform(18, 71), rng.uniform(-170, -64)) for _ in range(400)]
    points += [(31.76, -106.44), (30.42, -87.22), (38.03, -78.48), (21.3, -157.85), (0.0, 0.0), (-33.9, 151.2)]
    for cell in timezones._zip_points():  # every cell's own corner, so each line of the file is read
        points.append((cell[0] + 0.5, cell[1] + 0.5))
    for lat, lon in points:
        assert zone_at(lat, lon) == _zone_from_table(lat, lon), (lat, lon)
    assert zone_cell(38, -79)  # the compiled file is there and read (not the table fallback)
    assert zone_cell(0, 0) == []
