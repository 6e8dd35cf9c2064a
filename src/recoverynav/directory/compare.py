"""Compare two or three facilities side by side: care, medication, payment, languages, people served, signs of quality.

Usage::

    from recoverynav.directory.compare import compare_facilities
    compare_facilities(["frid-a", "frid-b"], repo, near="22902").rows[0].label    # "Type of care"
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from pydantic import BaseModel, ConfigDict

from recoverynav.directory.codes import catalogue
from recoverynav.directory.geocode import geocode, great_circle_miles
from recoverynav.directory.models import FacilityHit, Place, UnknownFacilityError
from recoverynav.directory.openings import opening_line
from recoverynav.directory.repository import FacilityRepository
from recoverynav.directory.search import get_facility
from recoverynav.errors import InputRejected

MIN_COMPARED = 2
MAX_COMPARED = 3
MAX_FRID_LENGTH = 80

# Rows of the comparison: (id, label, the locator categories whose services fill the row).
SERVICE_ROWS: tuple[tuple[str, str, frozenset[str]], ...] = (
    ("care", "Type of care", frozenset({"TC", "SET", "DETOX"})),
    ("medications", "Medications", frozenset({"OM", "PHR", "AUT"})),
    # Detox-only or maintenance: the answer the medication sign rests on, shown so a "No" can be read.
    ("opioid_treatment", "Type of opioid treatment", frozenset({"OT"})),
    ("payment", "Payment", frozenset({"PAY", "PYAS"})),
    ("languages", "Languages", frozenset({"SL", "OL", "AIL"})),
    ("populations", "People served", frozenset({"AGE", "GN", "SG", "EXCL"})),
)


class CompareError(InputRejected):
    """A comparison that cannot be made; ``field`` names the input to fix (``frid`` or ``near``)."""

    def __init__(self, field: str, message: str, value: object = None) -> None:
        self.field = field
        self.value = value
        super().__init__(message)


class CompareRow(BaseModel):
    """One row of the table: a label and, per compared facility in order, the values it lists."""

    model_config = ConfigDict(frozen=True)

    id: str
    label: str
    values: list[list[str]]


class Comparison(BaseModel):
    """Two or three facilities, the rows that set them side by side, and the origin distances are measured from."""

    facilities: list[FacilityHit]
    rows: list[CompareRow]
    origin: Place | None = None


def checked_frids(frids: Sequence[str]) -> list[str]:
    """The two or three frids to compare, stripped; :class:`CompareError` (field ``frid``) for fewer than two, more
    than three, one given twice or one that is not an id: a comparison needs different facilities to set side by side.
    """
    cleaned: list[str] = []
    for raw in frids:
        frid = raw.strip()
        if not frid or len(frid) > MAX_FRID_LENGTH or any(ord(char) < 32 for char in frid):
            raise CompareError(
                "frid", f"{raw[:100]!r} is not a facility id (1 to {MAX_FRID_LENGTH} printable characters)", raw[:100]
            )
        if frid in cleaned:
            raise CompareError(
                "frid", f"{frid!r} is given more than once; compare two or three different facilities", frid
            )
        cleaned.append(frid)
    if len(cleaned) > MAX_COMPARED:
        raise CompareError("frid", f"compare at most {MAX_COMPARED} facilities; {len(cleaned)} were given", cleaned)
    if len(cleaned) < MIN_COMPARED:
        raise CompareError(
            "frid",
            f"give two or three facility ids (frid) to compare; {len(cleaned)} "
            f"{'was' if len(cleaned) == 1 else 'were'} given",
            cleaned,
        )
    return cleaned


def _services(hit: FacilityHit, wanted: frozenset[str]) -> list[str]:
    known = catalogue()
    return [known[code].plain for code in known if code in hit.codes and known[code].category in wanted]


def _rows(hits: list[FacilityHit]) -> list[CompareRow]:
    rows = [
        CompareRow(id=rid, label=label, values=[_services(h, cats) for h in hits]) for rid, label, cats in SERVICE_ROWS
    ]
    if any(h.openings for h in hits):
        # Openings first: whether there is a place now is what a comparison is usually for (#16).
        rows.insert(
            0, CompareRow(id="openings", label="Openings", values=[[opening_line(o) for o in h.openings] for h in hits])
        )
    if any(h.distance_miles is not None for h in hits):
        rows.insert(
            0,
            CompareRow(
                id="distance",
                label="Distance",
                values=[[] if h.distance_miles is None else [f"{h.distance_miles:.1f} miles"] for h in hits],
            ),
        )
    by_sign = [{s.id: s for s in h.quality_signs} for h in hits]
    for sign in hits[0].quality_signs:
        cells = []
        for signs in by_sign:
            s = signs[sign.id]
            text = {"yes": "Yes", "no": "No", "not_reported": "Not reported"}[s.status]
            if s.detail:
                text += f" ({s.detail})"
            if s.source:
                text += f" — {s.source}{f', {s.year}' if s.year else ''}"
            cells.append([text])
        rows.append(CompareRow(id=f"sign:{sign.id}", label=sign.label, values=cells))
    rows.append(
        CompareRow(
            id="sources", label="Sources", values=[sorted({f"{s.name}, {s.year}" for s in h.sources}) for h in hits]
        )
    )
    return rows


def compare_facilities(
    frids: Sequence[str],
    repo: FacilityRepository,
    *,
    near: str | None = None,
    include_demo: bool = False,
    now: datetime | None = None,
) -> Comparison:
    """Look up two or three facilities and set them side by side; distances when ``near`` is given.

    Raises :class:`CompareError` for a bad list, :class:`UnknownFacilityError` for an frid not in the directory and
    :class:`UnknownPlaceError` for a place that cannot be resolved.
    """
    wanted = checked_frids(frids)
    origin = geocode(near) if near and near.strip() else None
    hits: list[FacilityHit] = []
    for frid in wanted:
        hit = get_facility(frid, repo, include_demo=include_demo, now=now)
        if origin is not None and hit.latitude is not None and hit.longitude is not None:
            miles = great_circle_miles(origin.latitude, origin.longitude, hit.latitude, hit.longitude)
            hit = hit.model_copy(update={"distance_miles": miles})
        hits.append(hit)
    return Comparison(facilities=hits, rows=_rows(hits), origin=origin)


__all__ = [
    "MAX_COMPARED",
    "CompareError",
    "CompareRow",
    "Comparison",
    "UnknownFacilityError",
    "checked_frids",
    "compare_facilities",
]
