"""Meeting Guide type codes and their labels in plain words (English and Spanish, from the spec).

Feeds write types leniently: a list of codes, one string (``"C,W"``), bracketed words (``"[open]"``) or
lower case (``"onl"``). :func:`parse_types` reads them all; codes not in the spec are kept apart.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

from recoverynav.meetings.models import MeetingType

__all__ = ["meeting_types", "normalize_type", "parse_types", "type_labels"]

# Codes that mean a meeting can be joined online (the spec's "Online Meeting").
ONLINE = "ONL"
# The spec's "Location Temporarily Closed": the place is shut, only the online option (if any) runs.
TEMPORARILY_CLOSED = "TC"


# Not in the spec's list, but in a third of the real meetings: TSML's older code for "meets online" (the spec
# now says so with conference_url). The labels are ours (the spec has none for it).
_LEGACY = {"ONL": {"en": "Online Meeting", "es": "Reunión en línea"}}


@cache
def meeting_types() -> dict[str, MeetingType]:
    """Every spec type by its code, in the spec's order, then the legacy ``ONL``."""
    text = (resources.files("recoverynav.meetings") / "data" / "types.json").read_text(encoding="utf-8")
    data: dict[str, dict[str, str]] = json.loads(text) | _LEGACY
    return {code: MeetingType(code=code, en=label["en"], es=label["es"]) for code, label in data.items()}


@cache
def _by_folded() -> dict[str, str]:
    table = {code.casefold(): code for code in meeting_types()}
    # A feed that writes the label instead of the code ("[open]", "Spanish") still means the code.
    for code, kind in meeting_types().items():
        table.setdefault(kind.en.casefold(), code)
    return table


def normalize_type(text: str) -> str:
    """The spec's code for a code or English label (``"onl"`` -> ``"ONL"``, ``"open"`` -> ``"O"``), else upper case."""
    cleaned = text.strip().strip("[]").strip()
    return _by_folded().get(cleaned.casefold(), cleaned.upper())


_SEPARATORS = re.compile(r"[,;|]")


def parse_types(value: object) -> tuple[list[str], list[str]]:
    """(spec codes, other codes) from whatever a feed wrote; both sorted, without duplicates."""
    if value is None:
        items: list[object] = []
    elif isinstance(value, str):
        items = list(_SEPARATORS.split(value.strip().strip("[]")))
    elif isinstance(value, list):
        items = list(value)
    else:
        items = [value]
    known: set[str] = set()
    other: set[str] = set()
    for item in items:
        if not isinstance(item, str | int):
            continue
        text = str(item).strip()
        if not text or len(text) > 40:
            continue
        code = normalize_type(text)
        (known if code in meeting_types() else other).add(code)
    return sorted(known), sorted(other)


def type_labels(codes: list[str]) -> list[MeetingType]:
    """The labels of the given spec codes, in the spec's order."""
    wanted = set(codes)
    return [kind for code, kind in meeting_types().items() if code in wanted]
