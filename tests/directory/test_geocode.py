"""Offline geocoding: ZIP codes, "lat,lon", "City, ST"; unknown places name the problem and suggest."""

from __future__ import annotations

import pytest

from recoverynav.directory import UnknownPlaceError, geocode, great_circle_miles


@pytest.mark.parametrize(
    ("typed", "label", "lat", "lon"),
    [
        ("22902", "22902 (Charlottesville, VA)", 38.0266, -78.4805),
        ("94110", "94110 (San Francisco, CA)", 37.7509, -122.4153),
        (" 22902-1234 ", "22902 (Charlottesville, VA)", 38.0266, -78.4805),
        ("38.03,-78.48", "38.0300, -78.4800", 38.03, -78.48),
        ("38.03, -78.48", "38.0300, -78.4800", 38.03, -78.48),
        ("-33.9 151.2", "-33.9000, 151.2000", -33.9, 151.2),
    ],
)
def test_zip_and_coordinates(typed: str, label: str, lat: float, lon: float) -> None:
    place = geocode(typed)
    assert (place.label, place.latitude, place.longitude) == (label, lat, lon)


@pytest.mark.parametrize(
    ("typed", "label"),
    [
        ("San Francisco, CA", "San Francisco, CA"),
        ("charlottesville, va", "Charlottesville, VA"),
        ("St. Louis, MO", "Saint Louis, MO"),
    ],
)
def test_city_and_state(typed: str, label: str) -> None:
    place = geocode(typed)
    assert place.label == label


@pytest.mark.parametrize(
    ("typed", "message", "suggestion"),
    [
        ("Charlotesville, VA", "Unknown place", "Charlottesville, VA"),
        ("Washington", "Add the state", "Washington, DC"),
        ("99999", "not a US ZIP code", None),
        ("1234", "5 digits", None),
        ("Springfield, ZZ", "not a US state", None),
        ("95,10", "Latitude must be within", None),
        ("", "Unknown place", None),
    ],
)
def test_unknown_places_explain_and_suggest(typed: str, message: str, suggestion: str | None) -> None:
    with pytest.raises(UnknownPlaceError, match=message) as caught:
        geocode(typed)
    if suggestion:
        assert suggestion in caught.value.suggestions


def test_great_circle_miles_matches_known_distance() -> None:
    # Charlottesville to San Francisco, about 2,390 miles as the crow flies.
    assert 2350 < great_circle_miles(38.0266, -78.4805, 37.7509, -122.4153) < 2430
    assert great_circle_miles(10, 20, 10, 20) == 0
