"""One card per site: when two records describe the same place, and how their facts merge into one.

**The same-site rule.** Two records are the same site when both have a map point and

1. their phones are the same number (10 digits; extension and punctuation ignored) and they lie within
   :data:`PHONE_MILES` of each other — a shared number alone is not enough, because one operator's central
   line often serves several sites miles apart; or
2. their street addresses are the same once normalised (case, punctuation, "Street"/"St." and the like;
   suite, unit, floor and building dropped) and they lie within :data:`ADDRESS_MILES` — two geocoders place
   one address up to a few hundred metres apart — or, with the same ZIP code too, within
   :data:`ZIP_ADDRESS_MILES` (some listings were geocoded to the ZIP's centre); or
3. their names are alike (:data:`NAME_SIMILARITY` or more on a token-set comparison of normalised names) and
   they lie within :data:`NAME_MILES` (a few hundred metres), unless both have phones and street addresses and
   both differ (one operator's programmes in neighbouring buildings).

Records without a map point are the same site only when their normalised address and ZIP are equal.
Records that are the same site by this rule are merged transitively (A~B and B~C put A, B, C in one site).

**Merging.** Codes, other services and sources are the union of the records'; every source keeps its year,
its own name for the site, its phone and its codes, so each fact can be traced. Other facts come from the
newest source that has them (a tie goes to the record imported later); a value in capitals (a state
register's style) gives way to a mixed-case spelling of another source.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from recoverynav.directory.models import Facility, SourceRecord, StateLicence, sources_of

PHONE_MILES = 0.25
ADDRESS_MILES = 0.5
ZIP_ADDRESS_MILES = 5.0
NAME_MILES = 0.25
NAME_SIMILARITY = 90.0
# Grid cells for candidate pairs: 0.01 degree of latitude is 0.69 mile, more than the widest rule distance
# once neighbouring cells are included (longitude cells are narrower in miles, so they are scaled).
_CELL_DEG = 0.01
_EARTH_MILES = 3958.7613

_ABBREVIATIONS = {
    "street": "st", "str": "st", "avenue": "ave", "av": "ave", "road": "rd", "drive": "dr", "boulevard": "blvd",
    "lane": "ln", "highway": "hwy", "hiway": "hwy", "parkway": "pkwy", "place": "pl", "court": "ct",
    "circle": "cir", "terrace": "ter", "square": "sq", "turnpike": "tpke", "route": "rte", "rt": "rte",
    "north": "n", "south": "s", "east": "e", "west": "w", "northeast": "ne", "northwest": "nw",
    "southeast": "se", "southwest": "sw", "first": "1st", "second": "2nd", "third": "3rd", "fourth": "4th",
    "fifth": "5th", "mount": "mt", "saint": "st", "center": "ctr", "centre": "ctr", "plaza": "plz",
    "expressway": "expy", "freeway": "fwy", "way": "way", "trail": "trl", "point": "pt",
}  # fmt: skip
# Everything from one of these words on names a unit inside the building, not the site.
_UNIT_WORDS = {"suite", "ste", "unit", "room", "rm", "floor", "fl", "bldg", "building", "apt", "dept", "box"}
_NAME_NOISE = {"inc", "llc", "the", "of", "and", "corp", "corporation", "incorporated", "co", "ltd", "pc", "dba"}
_NON_WORD = re.compile(r"[^a-z0-9]+")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class SiteKey:
    """What the rule compares, normalised once per record."""

    phone: str
    address: str
    zip: str
    name: str
    latitude: float | None
    longitude: float | None


def phone_digits(value: str) -> str:
    """The 10-digit US number in a phone field ('' when there is none); a leading 1 and extensions dropped."""
    if not value:
        return ""
    digits = re.sub(r"\D", "", re.split(r"(?i)\s*(?:x|ext\.?|extension|#)\s*\d", value)[0])
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    return digits if len(digits) == 10 and len(set(digits)) > 1 else ""


def address_key(street: str) -> str:
    """A street address as comparable words: lower case, abbreviations unified, the unit part dropped."""
    if not street:
        return ""
    words = []
    for word in _NON_WORD.sub(" ", street.casefold().split("#")[0]).split():
        if word in _UNIT_WORDS:
            break
        words.append(_ABBREVIATIONS.get(word, word))
    return " ".join(words)


def name_key(name: str) -> str:
    """A name as comparable words: lower case, '&' as 'and', legal-form and filler words dropped."""
    words = _NON_WORD.sub(" ", name.casefold().replace("&", " and ")).split()
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words if w not in _NAME_NOISE)


def site_key(facility: Facility) -> SiteKey:
    """The normalised facts of one record (the phone falls back to intake; an address needs a house number)."""
    address = address_key(facility.street)
    return SiteKey(
        phone=phone_digits(facility.phone) or phone_digits(facility.intake_phone),
        # "Main St" without a number is a street, not an address.
        address=address if _DIGIT.search(address) else "",
        zip=facility.zip[:5],
        name=name_key(facility.name),
        latitude=facility.latitude,
        longitude=facility.longitude,
    )


def miles_between(a: SiteKey, b: SiteKey) -> float | None:
    """Great-circle miles between two keys' points (None when either has no point)."""
    if a.latitude is None or a.longitude is None or b.latitude is None or b.longitude is None:
        return None
    p1, p2 = math.radians(a.latitude), math.radians(b.latitude)
    dp, dl = p2 - p1, math.radians(b.longitude - a.longitude)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * _EARTH_MILES * math.asin(min(1.0, math.sqrt(h)))


def names_alike(a: str, b: str) -> bool:
    """Whether two normalised names pass the rule's name similarity."""
    return bool(a and b) and fuzz.token_set_ratio(a, b) >= NAME_SIMILARITY


def same_site_keys(a: SiteKey, b: SiteKey) -> bool:
    """The same-site rule (module docstring) on two normalised records."""
    miles = miles_between(a, b)
    if miles is None:
        return bool(a.address) and a.address == b.address and bool(a.zip) and a.zip == b.zip
    if miles <= PHONE_MILES and a.phone and a.phone == b.phone:
        return True
    same_address = bool(a.address) and a.address == b.address
    if same_address and (miles <= ADDRESS_MILES or (miles <= ZIP_ADDRESS_MILES and a.zip and a.zip == b.zip)):
        return True
    # Alike names next door are one site unless phone and address both say otherwise (two programmes of one
    # operator in neighbouring buildings).
    differ = a.phone and b.phone and a.address and b.address and a.phone != b.phone and a.address != b.address
    return miles <= NAME_MILES and not differ and names_alike(a.name, b.name)


def same_site(a: Facility, b: Facility) -> bool:
    """Whether two records describe the same site by the documented rule."""
    return same_site_keys(site_key(a), site_key(b))


def _cell(key: SiteKey) -> tuple[int, int] | None:
    if key.latitude is None or key.longitude is None:
        return None
    return math.floor(key.latitude / _CELL_DEG), math.floor(key.longitude / _CELL_DEG)


def _reach(latitude: float) -> int:
    """How many longitude cells the widest rule distance spans at this latitude."""
    cos = max(math.cos(math.radians(latitude)), 0.05)
    return math.ceil(ADDRESS_MILES / (69.0 * _CELL_DEG * cos))


def site_pairs(keys: Sequence[SiteKey], among: Collection[int] | None = None) -> Iterable[tuple[int, int]]:
    """Index pairs (i < j) of keys that are the same site, found through a grid instead of all pairs.

    With ``among``, only pairs with at least one member in it are tested (the others were tested before).
    """
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)
    unplaced: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, key in enumerate(keys):
        cell = _cell(key)
        if cell is None:
            if key.address and key.zip:
                unplaced[(key.address, key.zip)].append(index)
        else:
            grid[cell].append(index)
    for group in unplaced.values():
        yield from ((group[0], other) for other in group[1:])
    # One address in one ZIP geocoded far apart can be beyond the grid's reach, so it is also paired by address
    # (a pair found both ways is merely joined twice).
    by_address: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, key in enumerate(keys):
        if key.latitude is not None and key.address and key.zip:
            by_address[(key.address, key.zip)].append(index)
    for group in by_address.values():
        for position, i in enumerate(group):
            for j in group[position + 1 :]:
                if (among is None or i in among or j in among) and same_site_keys(keys[i], keys[j]):
                    yield i, j
    if among is not None:
        yield from _pairs_around(keys, grid, among)
        return
    for (row, column), members in grid.items():
        span = _reach(row * _CELL_DEG)
        # Each pair of cells once: the cell itself, the rest of its row to the east, and the whole row north.
        # The row north spans the wider reach of the two latitudes (cells are narrower in miles further north).
        reach_north = max(span, _reach((row + 1) * _CELL_DEG))
        neighbours = [(0, d) for d in range(1, span + 1)] + [(1, d) for d in range(-reach_north, reach_north + 1)]
        for i_pos, i in enumerate(members):
            for j in members[i_pos + 1 :]:
                if (among is None or i in among or j in among) and same_site_keys(keys[i], keys[j]):
                    yield min(i, j), max(i, j)
        for d_row, d_col in neighbours:
            others = grid.get((row + d_row, column + d_col))
            if not others:
                continue
            for i in members:
                for j in others:
                    if among is not None and i not in among and j not in among:
                        continue
                    if same_site_keys(keys[i], keys[j]):
                        yield min(i, j), max(i, j)


def _pairs_around(
    keys: Sequence[SiteKey], grid: dict[tuple[int, int], list[int]], among: Collection[int]
) -> Iterable[tuple[int, int]]:
    """Grid pairs with a member of ``among``: only the cells around those members are read."""
    for i in among:
        cell = _cell(keys[i])
        if cell is None:
            continue
        row, column = cell
        for d_row in (-1, 0, 1):
            reach = max(_reach(row * _CELL_DEG), _reach((row + d_row) * _CELL_DEG))
            for d_col in range(-reach, reach + 1):
                for j in grid.get((row + d_row, column + d_col), ()):
                    if j != i and same_site_keys(keys[i], keys[j]):
                        yield min(i, j), max(i, j)


def clusters(keys: Sequence[SiteKey], among: Collection[int] | None = None) -> list[list[int]]:
    """Groups of indexes that are one site (transitively), each in index order; singletons included."""
    parent = list(range(len(keys)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in site_pairs(keys, among):
        a, b = root(i), root(j)
        if a != b:
            parent[max(a, b)] = min(a, b)
    groups: dict[int, list[int]] = defaultdict(list)
    for index in range(len(keys)):
        groups[root(index)].append(index)
    return list(groups.values())


_TEXT_FIELDS = ("name", "name2", "street", "street2", "city", "state", "zip", "phone", "intake_phone", "hotline")


def merge_site(records: Sequence[Facility]) -> Facility:
    """One site from records of it, in import order; the first record's ``frid`` names the site."""
    if len(records) == 1 and records[0].sources:
        return records[0]
    # Newest last; among equal years, the later record (import order) wins.
    ordered = sorted(enumerate(records), key=lambda pair: (pair[1].snapshot_year, pair[0]))
    newest = [facility for _, facility in reversed(ordered)]
    update: dict[str, object] = {}
    for name in (*_TEXT_FIELDS, "website"):
        update[name] = _winner([getattr(f, name) for f in newest])
    placed = next((f for f in newest if f.latitude is not None), None)
    update["latitude"] = placed.latitude if placed else None
    update["longitude"] = placed.longitude if placed else None
    kinds = {f.facility_type for f in records if f.facility_type}
    update["facility_type"] = "SA" if "SA" in kinds else next((f.facility_type for f in newest if f.facility_type), "")
    sources = merged_sources(source for record in records for source in sources_of(record))
    update["sources"] = sources
    update["codes"] = sorted({code for source in sources for code in source.codes})
    update["other_services"] = sorted({label for f in records for label in f.other_services})
    licences = [f.state_licence for f in newest if f.state_licence is not None]
    update["state_licence"] = _primary_licence(licences)
    update["source"], update["dataset"], update["snapshot_year"] = sources[0].name, sources[0].dataset, sources[0].year
    update["still_listed_2025"] = next((f.still_listed_2025 for f in newest if f.still_listed_2025), None)
    update["status"] = "open"
    return records[0].model_copy(update=update)


def merged_sources(sources: Iterable[SourceRecord]) -> list[SourceRecord]:
    """The union of sources, one entry per (dataset, record, name): a later one replaces an earlier one."""
    by_key: dict[tuple[str, str, str], SourceRecord] = {}
    for source in sources:
        by_key[(source.dataset, source.record, source.name)] = source
    return sorted(by_key.values(), key=lambda s: (-s.year, s.name, s.record))


def _winner(values: Sequence[str]) -> str:
    """The first non-empty value, newest first, preferring a mixed-case spelling over one in capitals."""
    first = ""
    for value in values:
        if value and not value.isupper():
            return value
        first = first or value
    return first


def _primary_licence(licences: Sequence[StateLicence]) -> StateLicence | None:
    """Of several licences at one site, the one with the most licensed capacity (the first on ties)."""
    if not licences:
        return None
    return max(licences, key=lambda licence: licence.capacity or 0)
