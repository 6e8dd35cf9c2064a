"""Load and look up the instruments (``instruments/*.yaml``), checking every cited source id."""

from __future__ import annotations

from functools import cache

from recoverynav.errors import NotFound
from recoverynav.screening.models import Instrument, slug


class UnknownInstrumentError(NotFound, KeyError):
    """An instrument id that is not in the catalogue, with the closest known ids."""

    def __init__(self, query: str, suggestions: list[str]) -> None:
        self.query = query
        self.suggestions = suggestions
        hint = f" Did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"no screening instrument {query!r}.{hint} Known: {', '.join(sorted(all_instruments()))}")

    def __str__(self) -> str:
        return str(self.args[0])


@cache
def all_instruments() -> dict[str, Instrument]:
    """Every instrument by id, in file order; a dangling source id is an error."""
    from recoverynav.datafiles import yaml_files
    from recoverynav.references import check_ids

    found: dict[str, Instrument] = {}
    for file_name, raw in yaml_files("recoverynav.screening", "instruments"):
        # Top-level keys starting with "_" only hold YAML anchors shared by several bands.
        instrument = Instrument.model_validate({k: v for k, v in raw.items() if not k.startswith("_")})
        if instrument.id != file_name.removesuffix(".yaml"):
            raise ValueError(f"{file_name}: id {instrument.id!r} must match the file name")
        check_ids(sorted(instrument.all_source_ids()), where=f"screening/{file_name}")
        found[instrument.id] = instrument
    return found


def list_instruments() -> list[Instrument]:
    """Instruments for self-screening first, then those for staff, each in name order."""
    return sorted(all_instruments().values(), key=lambda i: (i.administered_by != "self", i.name.lower()))


def get_instrument(instrument_id: str) -> Instrument:
    """One instrument by id ("audit", "AUDIT-C", "dast 10" all work), or :class:`UnknownInstrumentError`."""
    known = all_instruments()
    key = slug(instrument_id)
    if key in known:
        return known[key]
    compact = {k.replace("-", ""): k for k in known}
    if key.replace("-", "") in compact:
        return known[compact[key.replace("-", "")]]
    from rapidfuzz import process

    matches = process.extract(key, list(known), limit=3, score_cutoff=60)
    raise UnknownInstrumentError(instrument_id, [m[0] for m in matches])
