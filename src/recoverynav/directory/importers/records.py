"""What every importer shares: row errors, stable ids, field cleaning and merging repeated facilities.

Every row of every format goes through :meth:`Batch.add`, and every batch through :meth:`Batch.check_storage`
before anything is written: that is where states are normalised, control characters refused and the
database's own limits (``FacilityRepository.problems``) turned into ``row N, field: problem``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from recoverynav.directory.importers.states import state_code
from recoverynav.directory.models import Facility
from recoverynav.errors import InputRejected

_ZIP = re.compile(r"^\d{5}(-\d{4})?$")
# Unicode's control characters (category Cc) and lone surrogates (Cs), which no encoding can store.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
MAX_REPORTED_ERRORS = 200


@dataclass(frozen=True)
class RowError:
    """One problem in one row: the 1-based row number (0 for the file itself), the field and what is wrong.

    ``page`` is the sync's page number (rows then count from 1 on each page); 0 for a file.
    """

    row: int
    field: str
    problem: str
    page: int = 0

    def __str__(self) -> str:
        where = "file" if self.row == 0 else f"row {self.row}"
        if self.page:
            where = f"page {self.page}, {where}"
        return f"{where}, {self.field}: {self.problem}"


class ImportRejected(InputRejected):
    """The file has errors; nothing was written. ``errors`` lists them row by row."""

    def __init__(self, source_name: str, errors: list[RowError]) -> None:
        self.source_name = source_name
        self.errors = sorted(errors, key=lambda e: (e.page, e.row))
        shown = "\n".join(f"  {e}" for e in self.errors[:20])
        more = f"\n  ... and {len(errors) - 20} more" if len(errors) > 20 else ""
        super().__init__(f"{source_name}: {len(errors)} error(s), nothing imported:\n{shown}{more}")


@dataclass(frozen=True)
class Provenance:
    """Where the rows come from: the dataset a full refresh applies to, the credited source, the survey year."""

    dataset: str
    source: str
    snapshot_year: int


@dataclass
class Batch:
    """Facilities parsed from one file, merged by id, with the errors and warnings found on the way."""

    provenance: Provenance
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    unmapped: Counter[str] = field(default_factory=Counter)
    # A tqdm bar (or anything with ``update(n)``) advanced once per row read.
    progress: Any = None
    # The sync's current page (row numbers then restart on each page); 0 for a file.
    page: int = 0
    _by_frid: dict[str, Facility] = field(default_factory=dict)
    # frid -> (page, first row, the source's column names): where a storage problem is reported.
    _origin: dict[str, tuple[int, int, Mapping[str, str]]] = field(default_factory=dict)

    @property
    def facilities(self) -> list[Facility]:
        return list(self._by_frid.values())

    def count_row(self) -> None:
        self.rows += 1
        if self.progress is not None:
            self.progress.update(1)

    def error(self, row: int, field_name: str, problem: str) -> None:
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append(RowError(row, field_name, problem, self.page))

    def add(self, row: int, values: dict[str, Any], columns: Mapping[str, str]) -> None:
        """Validate one facility; on failure record errors under the source's own column names."""
        values = {"source": self.provenance.source, "dataset": self.provenance.dataset} | values
        values.setdefault("snapshot_year", self.provenance.snapshot_year)
        if not self._clean(row, values, columns):
            return
        try:
            facility = Facility.model_validate(values)
        except ValidationError as exc:
            for problem in exc.errors():
                name = str(problem["loc"][0]) if problem["loc"] else "row"
                self.error(row, columns.get(name, name), problem["msg"])
            return
        self.unmapped.update(facility.other_services)
        earlier = self._by_frid.get(facility.frid)
        if earlier is not None:
            # The same site listed twice (e.g. once per medication in the MOUD file): keep one, union services.
            facility = earlier.model_copy(
                update={
                    "codes": sorted(set(earlier.codes) | set(facility.codes)),
                    "other_services": sorted(set(earlier.other_services) | set(facility.other_services)),
                }
            )
        self._by_frid[facility.frid] = facility
        self._origin.setdefault(facility.frid, (self.page, row, columns))

    def _clean(self, row: int, values: dict[str, Any], columns: Mapping[str, str]) -> bool:
        """State names become USPS codes; a control character anywhere is an error. False if the row is bad."""
        clean = True
        for name, value in values.items():
            for item in value if isinstance(value, list) else [value]:
                bad = control_character(item) if isinstance(item, str) else None
                if bad is not None:
                    self.error(row, columns.get(name, name), f"holds the control character U+{ord(bad):04X}; remove it")
                    clean = False
                    break
        state = values.get("state")
        if clean and isinstance(state, str) and state:
            code = state_code(state)
            if code is None:
                self.error(
                    row,
                    columns.get("state", "state"),
                    f"{state!r} is not a US state or territory; use its two-letter USPS code (e.g. VA, PR)",
                )
                return False
            values["state"] = code
        return clean

    def check_storage(self, problems: Callable[[Facility], list[tuple[str, str]]]) -> None:
        """Record, under each facility's first row, what the database could not store (``repo.problems``)."""
        for frid, facility in self._by_frid.items():
            page, row, columns = self._origin[frid]
            for name, problem in problems(facility):
                if len(self.errors) < MAX_REPORTED_ERRORS:
                    self.errors.append(RowError(row, columns.get(name, name), problem, page))


def control_character(value: str) -> str | None:
    """The first control character or lone surrogate in ``value`` (no facility field holds one), else None."""
    found = _CONTROL.search(value)
    return found.group() if found else None


def text(value: Any) -> str:
    """A cleaned string: None, NaN-like and "NA" become empty; runs of whitespace collapse."""
    if value is None:
        return ""
    result = " ".join(str(value).split())
    return "" if result in ("NA", "nan", "None", "null") else result


def coordinate(batch: Batch, row: int, column: str, value: Any) -> float | None:
    """A latitude or longitude as float (None when empty); records an error when it is not a number."""
    raw = text(value)
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError:
        batch.error(row, column, f"{raw!r} is not a number")
        return None


def zip_code(batch: Batch, row: int, column: str, value: Any) -> str:
    """A 5-digit ZIP; restores leading zeros that spreadsheets drop ("2139" -> "02139")."""
    raw = text(value)
    if raw.endswith(".0"):
        raw = raw[:-2]
    if raw.isdigit() and 3 <= len(raw) < 5:
        raw = raw.zfill(5)
    if raw and not _ZIP.match(raw):
        batch.error(row, column, f"{raw!r} is not a US ZIP code (5 digits)")
    return raw[:5]


def stable_frid(*parts: str) -> str:
    """A stable id for sources without SAMHSA's ``frid``: a hash of the normalized name and address."""
    key = "|".join(" ".join(p.casefold().split()) for p in parts)
    return "rn-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def missing_location(batch: Batch, row: int, values: dict[str, Any]) -> None:
    """Facilities without coordinates are kept (found by name or code) but cannot appear in a nearby search."""
    if values.get("latitude") is None or values.get("longitude") is None:
        batch.warnings.append(RowError(row, "latitude/longitude", "no coordinates: not findable by distance"))


def samhsa_address(batch: Batch, row: int, raw: dict[str, Any]) -> dict[str, Any]:
    """Name, address and coordinates from SAMHSA's column names (name1, street1, ..., latitude, longitude)."""
    return {
        "name": text(raw.get("name1")),
        "name2": text(raw.get("name2")),
        "street": text(raw.get("street1")),
        "street2": text(raw.get("street2")),
        "city": text(raw.get("city")),
        "state": text(raw.get("state")).upper(),
        "zip": zip_code(batch, row, "zip", raw.get("zip")),
        "latitude": coordinate(batch, row, "latitude", raw.get("latitude")),
        "longitude": coordinate(batch, row, "longitude", raw.get("longitude")),
    }


def add_facility(batch: Batch, row: int, values: dict[str, Any], columns: dict[str, str], frid: str = "") -> None:
    """Give the row its ``frid`` (SAMHSA's, else a hash of name and address), note a missing location, add it."""
    values["frid"] = frid or stable_frid(
        *(values.get(key, "") for key in ("name", "name2", "street", "street2", "city", "state", "zip"))
    )
    missing_location(batch, row, values)
    batch.add(row, values, columns)


def csv_rows(content: str, batch: Batch, required: Sequence[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    """Each data row of a CSV (numbered from 1, keys stripped, counted in ``batch``); none if a column is missing.

    A missing required column is one file-level error (row 0) naming every absent column.
    """
    reader = csv.DictReader(io.StringIO(content))
    header = [(h or "").strip() for h in reader.fieldnames or []]
    missing = [c for c in required if c not in header]
    if missing:
        batch.error(0, ", ".join(missing), f"missing column(s); expected {', '.join(required)}")
        return
    for number, raw in enumerate(reader, start=1):
        batch.count_row()
        yield number, {(k or "").strip(): v for k, v in raw.items()}
