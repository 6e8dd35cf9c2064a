"""Offline geocoding: what people type into "near" to a point, with suggestions when it is not known.

Accepted: a ZIP code (``22902``, ``22902-1234``), ``"lat,lon"``, a city with its state in any usual spelling
(``Austin TX``, ``Austin, TX``, ``Charlottesville, Virginia``, ``Charlottesville, VA 22902``), a city alone when
only one state has it, a nickname (``NYC``, ``Philly``: ``places.yaml``) and a state (``Vermont``, ``VT``: its
centre and a radius covering most of it). The tables and their plausibility rules live in ``gazetteer``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache

from recoverynav.directory.gazetteer import (
    City,
    cities,
    great_circle_miles,
    nicknames,
    normalize_name,
    plausible_point,
    state_centres,
    state_names,
    states,
    zip_rows,
)
from recoverynav.directory.models import Place, UnknownPlaceError
from recoverynav.i18n import N_, Text
from recoverynav.placefiles import known_place

__all__ = ["MAX_PLACE_LENGTH", "geocode", "geocode_from_tables", "great_circle_miles"]

# Longer than any US place name with its state and ZIP; the parser's work stays bounded for any input.
MAX_PLACE_LENGTH = 200

_LATLON = re.compile(r"^\s*([+-]?\d{1,3}(?:\.\d+)?)\s*[, ]\s*([+-]?\d{1,3}(?:\.\d+)?)\s*$")
_ZIP = re.compile(r"^\s*(\d{5})(?:-\d{4})?\s*$")
_TRAILING_ZIP = re.compile(r"^(.*?)[\s,]+(\d{5})(?:-\d{4})?$")
_COUNTRY = re.compile(r"[\s,]+(usa|us|united states(?: of america)?)$")
_STATE_WORDS = re.compile(r"(?:state of )?(.+?)(?: state)?")


def geocode(place: str) -> Place:
    """Resolve what someone typed into a :class:`Place`; raise :class:`UnknownPlaceError` with suggestions.

    Usage::

        geocode("22902").label                  # "22902 (Charlottesville, VA)"
        geocode("38.03,-78.48")
        geocode("Austin TX").label              # "Austin, TX"
        geocode("NYC").label                    # "New York, NY"
        geocode("Vermont").scope                # "state"

    A ZIP code or a city label typed exactly as listed is read from the compiled ``directory/_places.txt``
    (built by :func:`geocode_from_tables`, checked by a test), which spares loading the ZIP table (most of a
    second); everything else, errors and suggestions included, is resolved from the tables.
    """
    compiled = known_place(place) if len(place) <= MAX_PLACE_LENGTH else None
    if compiled is not None:
        return Place(**compiled)
    return geocode_from_tables(place)


def geocode_from_tables(place: str) -> Place:
    """:func:`geocode` from the ZIP and city tables only (what ``_places.txt`` is compiled from)."""
    text = place.strip()
    if not text:
        raise UnknownPlaceError(place, [])
    if len(text) > MAX_PLACE_LENGTH:
        raise UnknownPlaceError(
            text[:40] + "…", [], Text(N_("A place is at most %(n)s characters"), n=MAX_PLACE_LENGTH)
        )
    if match := _LATLON.match(text):
        lat, lon = float(match.group(1)), float(match.group(2))
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise UnknownPlaceError(
                place, [], Text(N_("Latitude must be within -90..90 and longitude within -180..180"))
            )
        return Place(label=f"{lat:.4f}, {lon:.4f}", latitude=lat, longitude=lon)
    if match := _ZIP.match(text):
        return _zip_place(match.group(1), place)
    if re.fullmatch(r"\s*\d+\s*", text):
        raise UnknownPlaceError(place, [], Text(N_("A US ZIP code has 5 digits")))
    return _named_place(text, place)


def _named_place(text: str, typed: str) -> Place:
    text = _COUNTRY.sub("", _plain(text)).strip(" ,")
    flat = _plain(text.replace(",", " "))
    if normalize_name(flat) in nicknames():
        flat = normalize_name(flat)
    if flat in nicknames():
        return _city_place(*nicknames()[flat], typed)
    if (state := _whole_state(flat)) is not None:
        return _state_place(state, typed)
    if match := _TRAILING_ZIP.match(text):
        text, zip5 = match.group(1).strip(" ,"), match.group(2)
        row = zip_rows().get(zip5)
        # The ZIP is the most precise part; without a point on file the city and state still answer.
        if row is not None and plausible_point(row) is not None:
            return _zip_place(zip5, typed)
    if "," in text:
        city, _, state_text = text.rpartition(",")
        code = _state_code(state_text)
        if code is None:
            why = Text(
                N_("%(state)s is not a US state or territory code (e.g. VA, CA, NY) or name"),
                state=repr(state_text.strip().upper()),
            )
            raise UnknownPlaceError(typed, _same_name(normalize_name(city)), why)
        return _city_place(normalize_name(city), code, typed)
    split = _split_trailing_state(text)
    if split is not None and split in cities():
        return _city_place(*split, typed)
    key = normalize_name(text)
    if key in _by_name():
        return _bare_city_place(key, typed)
    if split is not None:
        return _city_place(*split, typed)
    return _bare_city_place(key, typed)


def _whole_state(flat: str) -> str | None:
    """The state code when the whole text names a state ("VT", "Vermont", "State of Vermont", "Vermont state").

    A state whose name is also a city in it ("New York") means the city; "New York State" or "NY" the state.
    "Washington" alone is the state (the city is "Washington DC" or "DC").
    """
    if len(flat) == 2 and flat.upper() in states():
        return flat.upper()
    code = state_names().get(flat)
    if code is not None:
        return None if (flat, code) in cities() else code
    match = _STATE_WORDS.fullmatch(flat)
    return state_names().get(match.group(1)) if match and match.group(1) != flat else None


def _plain(text: str) -> str:
    """Case-folded, no dots, hyphens as spaces, single spaces; unlike a city name, "MT" stays "mt"."""
    return " ".join(text.casefold().replace(".", "").replace("-", " ").split())


def _state_code(text: str) -> str | None:
    cleaned = _plain(text)
    if cleaned.upper() in states():
        return cleaned.upper()
    return state_names().get(cleaned)


def _split_trailing_state(text: str) -> tuple[str, str] | None:
    """("austin", "TX") from "austin tx" or "charlottesville virginia"; the longest state name wins."""
    words = _plain(text).split(" ")
    for size in (4, 3, 2, 1):
        if len(words) <= size:
            continue
        code = _state_code(" ".join(words[-size:]))
        if code is not None:
            return normalize_name(" ".join(words[:-size])), code
    return None


def _zip_place(zip5: str, typed: str) -> Place:
    row = zip_rows().get(zip5)
    if row is None:
        close = sorted(
            (z for z, r in zip_rows().items() if z[:3] == zip5[:3] and r["active"]),
            key=lambda z: abs(int(z) - int(zip5)),
        )[:5]
        raise UnknownPlaceError(typed, sorted(close), Text(N_("%(zip)s is not a US ZIP code"), zip=zip5))
    label = f"{zip5} ({row['city'].title()}, {row['state']})"
    point = plausible_point(row)
    if point is None:
        # PO-box and unique ZIPs are sometimes stored at 0,0: such a ZIP is placed at its city instead.
        city = cities().get((normalize_name(row["city"]), row["state"]))
        if city is None:
            raise UnknownPlaceError(
                typed, [], Text(N_("%(zip)s has no location on file; give the city and state instead"), zip=zip5)
            )
        point = (city.latitude, city.longitude)
    return Place(label=label, latitude=point[0], longitude=point[1], scope="zip")


def _place_of(city: City) -> Place:
    return Place(label=city.label, latitude=city.latitude, longitude=city.longitude, scope="city")


def _state_place(code: str, typed: str) -> Place:
    centre = state_centres().get(code)
    if centre is None:
        raise UnknownPlaceError(
            typed, [], Text(N_("No location is on file for %(code)s; give a city or ZIP code there"), code=code)
        )
    return Place(
        label=f"{centre.state.name} (state centre near {centre.near})",
        latitude=centre.latitude,
        longitude=centre.longitude,
        scope="state",
        radius_miles=centre.radius_miles,
    )


def _city_place(city: str, state: str, typed: str) -> Place:
    hit = cities().get((city, state))
    if hit is not None:
        return _place_of(hit)
    if not city:
        return _state_place(state, typed)
    in_state = _suggestable().get(state, [])
    suggestions = _same_name(city) + [s for s in _closest(city, in_state) if s not in _same_name(city)]
    raise UnknownPlaceError(typed, suggestions[:5])


def _bare_city_place(key: str, typed: str) -> Place:
    found = _same_name_cities(key)
    if len(found) == 1:
        return _place_of(found[0])
    if found:
        # Many states share a city name ("Springfield"); guessing wrong sends someone to the wrong state.
        raise UnknownPlaceError(typed, [c.label for c in found[:8]], Text(N_("Add the state")))
    raise UnknownPlaceError(typed, _closest(key, _suggestable()[""]))


def _same_name_cities(key: str) -> list[City]:
    """Cities with exactly this normalized name, the largest (most ZIP codes) first."""
    return _by_name().get(key, [])


@cache
def _by_name() -> dict[str, list[City]]:
    found: dict[str, list[City]] = defaultdict(list)
    for (name, _), city in cities().items():
        found[name].append(city)
    return {name: sorted(group, key=lambda c: (-c.zips, c.state)) for name, group in found.items()}


@cache
def _suggestable() -> dict[str, list[tuple[str, City]]]:
    """(normalized name, city) pairs a suggestion may name, by state, and all of them under ""."""
    found: dict[str, list[tuple[str, City]]] = defaultdict(list)
    for (name, state), city in cities().items():
        if not city.alias:
            found[state].append((name, city))
            found[""].append((name, city))
    return dict(found)


def _same_name(key: str, limit: int = 5) -> list[str]:
    return [c.label for c in _same_name_cities(key)[:limit]]


def _closest(key: str, options: list[tuple[str, City]], limit: int = 5) -> list[str]:
    """The labels whose normalized names are closest to ``key`` (rapidfuzz ratio of at least 60).

    Equally close names list the larger city first ("Charlottesville, VA" before "Charlottesville, IN").
    """
    from rapidfuzz import fuzz, process

    found = process.extract(key, [n for n, _ in options], scorer=fuzz.ratio, limit=limit * 4, score_cutoff=60)
    ranked = sorted(found, key=lambda hit: (-round(hit[1], 6), -options[hit[2]][1].zips, options[hit[2]][1].label))
    return [options[index][1].label for _, _, index in ranked[:limit]]
