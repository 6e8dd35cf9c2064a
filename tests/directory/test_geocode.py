"""Offline geocoding: ZIP codes, "lat,lon", cities in every usual spelling, nicknames and states; unknown places
name the problem and suggest. Properties sweep the whole ZIP data, not a handful of examples."""

from __future__ import annotations

import statistics
from collections import defaultdict

import pytest
import zipcodes
from hypothesis import given, settings
from hypothesis import strategies as st

from recoverynav.directory import UnknownPlaceError, geocode, great_circle_miles
from recoverynav.directory.gazetteer import (
    UNBOXED_STATES,
    cities,
    nicknames,
    normalize_name,
    state_centres,
    states,
)
from recoverynav.directory.geocode import MAX_PLACE_LENGTH

ROWS = zipcodes.list_all()  # type: ignore[no-untyped-call]


def _raw_centroid(row: dict[str, str]) -> tuple[float, float]:
    return float(row["lat"]), float(row["long"])


def _in_box(state: str, lat: float, lon: float, slack_miles: float = 0.0) -> bool:
    west, south, east, north = states()[state].box
    slack = slack_miles / 69.0  # degrees of latitude; generous for longitude at US latitudes
    return south - slack <= lat <= north + slack and west - 2 * slack <= lon <= east + 2 * slack


def _plausible_rows() -> dict[tuple[str, str], list[tuple[float, float, bool]]]:
    """(city, state) -> centroids the issue calls trustworthy: not 0,0, not military, inside the state's box."""
    found: dict[tuple[str, str], list[tuple[float, float, bool]]] = defaultdict(list)
    for row in ROWS:
        if not row["active"] or row["zip_code_type"] == "MILITARY" or row["state"] not in states():
            continue
        lat, lon = _raw_centroid(row)
        if (lat, lon) != (0, 0) and _in_box(row["state"], lat, lon, slack_miles=3):
            found[(row["city"], row["state"])].append((lat, lon, row["zip_code_type"] == "STANDARD"))
    return found


PLAUSIBLE = _plausible_rows()


def test_every_city_lies_in_its_state_and_near_its_zip_median() -> None:
    misplaced = []
    for (city, state), points in PLAUSIBLE.items():
        place = geocode(f"{city}, {state}")
        chosen = [p for p in points if p[2]] or points
        median = statistics.median(p[0] for p in chosen), statistics.median(p[1] for p in chosen)
        off = great_circle_miles(place.latitude, place.longitude, *median)
        if not _in_box(state, place.latitude, place.longitude) or off > 3:
            misplaced.append((city, state, place.label, round(off, 1)))
    assert misplaced == []
    assert len(PLAUSIBLE) > 25_000


def test_a_city_without_a_trustworthy_zip_is_never_placed_outside_its_state() -> None:
    named = {(r["city"], r["state"]) for r in ROWS if r["active"] and r["state"] in states()}
    lost = sorted(named - set(PLAUSIBLE))
    assert lost, "every city has a trustworthy ZIP now; this test guards nothing"
    for city, state in lost:
        try:
            place = geocode(f"{city}, {state}")
        except UnknownPlaceError:
            continue
        # Placed by other ZIPs that accept the name as theirs, which passed the same checks.
        assert _in_box(state, place.latitude, place.longitude), (city, state)


def test_a_zip_stored_at_zero_is_placed_at_its_city() -> None:
    placeholders = [r for r in ROWS if _raw_centroid(r) == (0, 0) and r["state"] in states()]
    assert placeholders, "the ZIP data has no placeholders any more; this test guards nothing"
    for row in placeholders:
        try:
            place = geocode(row["zip_code"])
        except UnknownPlaceError as exc:
            assert "no location on file" in str(exc)
            continue
        assert _in_box(row["state"], place.latitude, place.longitude)
        assert place.label.startswith(row["zip_code"])


def test_the_freely_associated_states_are_the_only_ones_without_a_box() -> None:
    unboxed = {r["state"] for r in ROWS if r["zip_code_type"] != "MILITARY"} - set(states())
    assert unboxed == UNBOXED_STATES


# The reports: each place used to land in the wrong place (a mean dragged by 0,0 ZIPs) or nowhere.
@pytest.mark.parametrize(
    ("typed", "lat", "lon", "miles"),
    [
        ("Los Angeles, CA", 34.0537, -118.2428, 3),  # City Hall; the mean put it near Hemet
        ("Stockton, CA", 37.9577, -121.2908, 5),
        ("Indianapolis, IN", 39.7684, -86.1581, 5),
        ("Birmingham, AL", 33.5186, -86.8104, 5),
        ("Des Moines, IA", 41.5868, -93.6250, 5),
    ],
)
def test_reported_cities_land_downtown(typed: str, lat: float, lon: float, miles: float) -> None:
    place = geocode(typed)
    assert great_circle_miles(place.latitude, place.longitude, lat, lon) < miles


@pytest.mark.parametrize(
    ("typed", "label"),
    [
        ("22902", "22902 (Charlottesville, VA)"),
        (" 22902-1234 ", "22902 (Charlottesville, VA)"),
        ("San Francisco, CA", "San Francisco, CA"),
        ("charlottesville, va", "Charlottesville, VA"),
        ("St. Louis, MO", "Saint Louis, MO"),
        ("Austin TX", "Austin, TX"),
        ("Charlottesville VA", "Charlottesville, VA"),
        ("Charlottesville, Virginia", "Charlottesville, VA"),
        ("Charlottesville Virginia", "Charlottesville, VA"),
        ("Charlottesville, VA 22902", "22902 (Charlottesville, VA)"),
        ("Austin, TX, USA", "Austin, TX"),
        ("Charleston West Virginia", "Charleston, WV"),
        ("Washington DC", "Washington, DC"),
        ("NYC", "New York, NY"),
        ("nyc", "New York, NY"),
        ("L.A.", "Los Angeles, CA"),
        ("DC", "Washington, DC"),
        ("Philly", "Philadelphia, PA"),
        ("Vegas", "Las Vegas, NV"),
        ("Nola", "New Orleans, LA"),
        ("New York", "New York, NY"),
    ],
)
def test_accepted_spellings(typed: str, label: str) -> None:
    assert geocode(typed).label == label


@pytest.mark.parametrize("typed", ["Vermont", "VT", "vt", "State of Vermont", "Vermont state"])
def test_a_state_is_its_centre_with_a_wide_radius(typed: str) -> None:
    place = geocode(typed)
    assert place.scope == "state" and place.label.startswith("Vermont (state centre near ")
    assert place.radius_miles is not None and place.radius_miles >= 50


def test_every_state_centre_lies_in_its_box_with_a_bounded_radius() -> None:
    centres = state_centres()
    assert set(centres) == set(states())
    for code, state in states().items():
        # A nickname shadows its code ("LA"), and a city shares its state's name ("New York"): the other works.
        typed = state.name if normalize_name(code) in nicknames() else code
        assert geocode(typed).scope == "state"
        assert geocode(f"{state.name} state").scope == "state"
        centre = centres[code]
        assert _in_box(code, centre.latitude, centre.longitude)
        assert 25 <= centre.radius_miles <= 500


def test_nicknames_name_known_cities_and_shadow_no_real_one() -> None:
    # A ZIP may accept a nickname as another name of its own city ("SLC"): only a real town's main name counts.
    names = {name for (name, _), city in cities().items() if not city.alias}
    for nickname, target in nicknames().items():
        assert target in cities(), nickname
        assert nickname not in names, f"{nickname!r} is a real city's name"


@pytest.mark.parametrize(
    ("typed", "message", "first"),
    [
        ("Charlotesville, VA", "Unknown place", "Charlottesville, VA"),
        ("Charlotesville VA", "Unknown place", "Charlottesville, VA"),
        ("Charlottesville, NC", "Unknown place", "Charlottesville, VA"),
        ("Charlottesvile", "Unknown place", "Charlottesville, VA"),
        ("Springfield", "Add the state", "Springfield, MA"),
        ("Charlottesville", "Add the state", "Charlottesville, VA"),
        ("Springfield, ZZ", "not a US state", None),
        ("99999", "not a US ZIP code", None),
        ("1234", "5 digits", None),
        ("95,10", "Latitude must be within", None),
        ("", "Unknown place", None),
        ("x" * (MAX_PLACE_LENGTH + 1), f"at most {MAX_PLACE_LENGTH} characters", None),
    ],
)
def test_unknown_places_explain_and_suggest(typed: str, message: str, first: str | None) -> None:
    with pytest.raises(UnknownPlaceError, match=message) as caught:
        geocode(typed)
    if first:
        assert caught.value.suggestions[0] == first


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(sorted(c.label for c in cities().values() if not c.alias)), st.sampled_from(sorted(states())))
def test_a_city_in_the_wrong_state_suggests_the_same_name_first(label: str, wrong: str) -> None:
    name, code = label.rsplit(", ", 1)
    city = cities()[(normalize_name(name), code)]
    key = (normalize_name(city.name), wrong)
    if key in cities():
        return
    with pytest.raises(UnknownPlaceError) as caught:
        geocode(f"{city.name}, {wrong}")
    first = caught.value.suggestions[0]
    assert normalize_name(first.rsplit(",", 1)[0]) == normalize_name(city.name)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=MAX_PLACE_LENGTH + 20))
def test_the_parser_never_crashes(text: str) -> None:
    try:
        place = geocode(text)
    except UnknownPlaceError as exc:
        assert str(exc).startswith("Unknown place")
        assert all(isinstance(s, str) and s for s in exc.suggestions)
        return
    assert -90 <= place.latitude <= 90 and -180 <= place.longitude <= 180


_SEPARATORS = st.sampled_from([", ", " ", ",", " , "])


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(sorted({c.label for c in cities().values() if not c.alias})),
    _SEPARATORS,
    st.booleans(),
    st.sampled_from([str.lower, str.upper, str.title, lambda s: s]),
)
def test_a_city_in_any_usual_spelling_resolves_to_itself(label: str, sep: str, full_name: bool, case: object) -> None:
    city_name, code = label.rsplit(", ", 1)
    state = states()[code].name if full_name else code
    assert callable(case)
    typed = case(f"{city_name}{sep}{state}")
    expected = cities()[(normalize_name(city_name), code)]
    try:
        place = geocode(typed)
    except UnknownPlaceError:
        # Without a comma, a city whose name ends in a state's name can read two ways; the comma never fails.
        assert "," not in sep
        return
    assert (place.latitude, place.longitude) == (expected.latitude, expected.longitude)


def test_coordinates() -> None:
    assert geocode("38.03,-78.48").label == "38.0300, -78.4800"
    assert (geocode("-33.9 151.2").latitude, geocode("-33.9 151.2").longitude) == (-33.9, 151.2)


def test_great_circle_miles_matches_known_distance() -> None:
    # Charlottesville to San Francisco, about 2,390 miles as the crow flies.
    assert 2350 < great_circle_miles(38.0266, -78.4805, 37.7509, -122.4153) < 2430
    assert great_circle_miles(10, 20, 10, 20) == 0


def test_compiled_places_answer_as_the_tables() -> None:
    """``geocode`` reads ZIP codes and exact city labels from ``_places.txt``: the same Place as the tables give,
    and everything else (other spellings, errors) from the tables."""
    import random

    from recoverynav.directory.geocode import geocode_from_tables

    rng = random.Random(21)
    typed = [row["zip_code"] for row in rng.sample(ROWS, 400)]
    typed += [city.label for city in rng.sample(list(cities().values()), 300)]
    typed += ["22902-1234", " 94110 ", "charlottesville va", "NYC", "Vermont", "38.03,-78.48", "Austin TX"]
    typed += ["00000", "99999", "1234", "Zzz, VA", "Springfield", "Charlottesville, VA 22902"]
    for text in typed:
        try:
            expected: object = geocode_from_tables(text)
        except UnknownPlaceError as exc:
            expected = ("error", str(exc), getattr(exc, "suggestions", None))
        try:
            got: object = geocode(text)
        except UnknownPlaceError as exc:
            got = ("error", str(exc), getattr(exc, "suggestions", None))
        assert got == expected, text
