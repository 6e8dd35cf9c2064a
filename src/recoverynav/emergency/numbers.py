"""Emergency, poison-centre and crisis numbers by country, as cited data (``numbers.yaml``)."""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict, Field

from recoverynav.datafiles import read_yaml
from recoverynav.errors import NotFound
from recoverynav.references import check_ids


class PhoneLine(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    # The line's own Spanish name where its operator publishes one (HRSA: "Línea de ayuda por envenenamiento").
    name_es: str | None = None
    number: str
    sources: tuple[str, ...] = Field(min_length=1)

    def name_in(self, lang: str) -> str:
        """The line's name in ``lang``; its English name where no Spanish one is published."""
        return self.name_es if lang == "es" and self.name_es else self.name

    @property
    def tel(self) -> str:
        return "".join(ch for ch in self.number if ch.isdigit() or ch == "+")


class CountryContacts(BaseModel):
    """Numbers to call in one country; ``emergency_number`` always comes first on every page."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    country: str = Field(pattern=r"^[A-Z]{2}$")
    name: str
    emergency_number: str
    emergency_sources: tuple[str, ...] = Field(min_length=1)
    poison_centre: PhoneLine | None = None
    crisis_lines: tuple[PhoneLine, ...] = ()

    @property
    def emergency_tel(self) -> str:
        return "".join(ch for ch in self.emergency_number if ch.isdigit() or ch == "+")


class UnknownCountryError(NotFound):
    """No numbers are on file for this country code."""

    def __init__(self, code: str, known: list[str]) -> None:
        self.code = code
        self.known = known
        super().__init__(
            f"No emergency numbers are on file for country {code!r}. "
            f"Pick a two-letter ISO 3166 code, one of: {', '.join(known)}."
        )


@cache
def all_contacts() -> dict[str, CountryContacts]:
    """Every country's emergency, poison-centre and crisis numbers from ``numbers.yaml``, keyed by ISO code."""
    raw = read_yaml("recoverynav.emergency", "numbers.yaml")
    table = {c.country: c for c in (CountryContacts.model_validate(r) for r in raw["countries"])}
    for c in table.values():
        ids = [*c.emergency_sources]
        ids += [*c.poison_centre.sources] if c.poison_centre else []
        ids += [s for line in c.crisis_lines for s in line.sources]
        check_ids(ids, where=f"emergency/numbers.yaml ({c.country})")
    return table


def contacts_for(country: str) -> CountryContacts:
    """The numbers for an ISO 3166 alpha-2 code (case-insensitive), or :class:`UnknownCountryError`."""
    table = all_contacts()
    try:
        return table[country.strip().upper()]
    except KeyError:
        raise UnknownCountryError(country, sorted(table)) from None
