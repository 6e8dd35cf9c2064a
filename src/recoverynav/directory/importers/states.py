"""US state and territory names to their two-letter USPS codes, so "Puerto Rico" is stored as "PR".

Codes and names as in USPS Publication 28, Appendix B (states, DC, territories, freely associated states and
the three military "state" codes). Only unambiguous spellings are mapped; anything else is a row error.
"""

from __future__ import annotations

_NAMES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
    "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas",
    "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts",
    "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana",
    "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico",
    "NY": "New York", "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma",
    "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
    "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
    "AS": "American Samoa", "GU": "Guam", "MP": "Northern Mariana Islands", "PR": "Puerto Rico",
    "VI": "Virgin Islands", "FM": "Federated States of Micronesia", "MH": "Marshall Islands", "PW": "Palau",
}  # fmt: skip
# Military mail: codes only (their names, "Armed Forces Americas/Europe/Pacific", never appear in a listing).
_MILITARY = ("AA", "AE", "AP")
_ALIASES = {
    "washington dc": "DC", "dc": "DC", "us virgin islands": "VI", "united states virgin islands": "VI",
    "commonwealth of puerto rico": "PR", "micronesia": "FM", "commonwealth of the northern mariana islands": "MP",
}  # fmt: skip
CODES = frozenset(_NAMES) | frozenset(_MILITARY)
_BY_NAME = {name.casefold(): code for code, name in _NAMES.items()} | _ALIASES


def state_code(value: str) -> str | None:
    """The USPS code for a code or full name in any case ("pr", "Puerto Rico", "D.C."); None if unknown."""
    key = " ".join(value.replace(".", "").replace(",", " ").casefold().split())
    if key.upper() in CODES:
        return key.upper()
    return _BY_NAME.get(key)
