"""The SAMHSA locator's code catalogue (``codes.yaml``): categories, service codes, and label -> code tables.

Usage::

    from recoverynav.directory import catalogue, code_for_label
    catalogue()["MD"].label                       # "Medicaid"
    code_for_label("Sliding fee scale (fee is based on income and other factors)")   # "SS"
    code_for_label("Young adults", category="AGE")                                    # "YAD"
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache, lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from recoverynav.datafiles import read_yaml
from recoverynav.references import check_ids

CODE_PATTERN = r"^(X_)?[A-Z][A-Z0-9]{0,7}$"

# Newest first: without a category, a label both vintages use for different codes resolves to today's meaning.
VINTAGES: tuple[str, ...] = ("2023", "2019")


class Category(BaseModel):
    """A locator service category (the ``f2`` key of its API), e.g. ``PAY`` "Payment Accepted"."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(pattern=r"^[A-Z]{2,6}$")
    label: str = Field(min_length=2)
    # The heading on a Spanish page (#19).
    label_es: str = Field(min_length=2)
    # Where the key comes from: SAMHSA's own front end, third-party API wrappers, or recoverynav (key not found).
    origin: Literal["locator", "third_party", "recoverynav"]


class ServiceCode(BaseModel):
    """One service code with its official label, its category and the wording shown to people.

    Usage::

        code = catalogue()["NP"]
        code.label, code.plain    # "No payment accepted", "Free services, no payment needed"
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(pattern=CODE_PATTERN)
    label: str = Field(min_length=2)
    category: str
    category_label: str
    plain: str
    # True for recoverynav's own codes (retired labels whose locator code was not found).
    local: bool = False
    # The name on a Spanish page; None for a proper name with no Spanish of its own (shown in English, marked so).
    plain_es: str | None = None

    def plain_in(self, lang: str) -> str:
        """The name shown in ``lang``: Spanish where the code has a Spanish name, else ``plain``."""
        return self.plain_es if lang == "es" and self.plain_es else self.plain


class _CodeEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    label: str = Field(min_length=2)
    plain: str | None = None
    local: bool = False


class CodesFile(BaseModel):
    """The shape of ``codes.yaml``; validation cross-checks every code and label."""

    model_config = ConfigDict(extra="forbid")

    sources: list[str] = Field(min_length=1)
    categories: list[Category]
    codes: dict[str, dict[str, str | _CodeEntry]]
    # Each code's Spanish name (#19), unless it is a proper name listed in english_names.
    names_es: dict[str, str]
    english_names: list[str] = Field(default_factory=list)
    labels: dict[str, dict[str, dict[str, str]]]

    @model_validator(mode="after")
    def _cross_check(self) -> CodesFile:
        known_categories = [c.code for c in self.categories]
        if len(set(known_categories)) != len(known_categories):
            raise ValueError("a category code is listed twice")
        seen: dict[str, str] = {}
        for category, entries in self.codes.items():
            if category not in known_categories:
                raise ValueError(f"codes: unknown category {category!r}")
            for code, entry in entries.items():
                if code in seen:
                    raise ValueError(f"code {code!r} is in both {seen[code]} and {category}")
                seen[code] = category
                local = isinstance(entry, _CodeEntry) and entry.local
                if local != code.startswith("X_"):
                    raise ValueError(f"code {code!r}: only local codes start with X_, and they must")
        spanish, english = set(self.names_es), set(self.english_names)
        if unknown := sorted((spanish | english) - set(seen)):
            raise ValueError(f"names_es / english_names: unknown codes {unknown}")
        if both := sorted(spanish & english):
            raise ValueError(f"codes {both} are in both names_es and english_names")
        if missing := sorted(set(seen) - spanish - english):
            raise ValueError(
                f"names_es: no Spanish name for {missing}; add one, or list a proper name in english_names"
            )
        if blank := sorted(code for code, name in self.names_es.items() if len(name.strip()) < 2):
            raise ValueError(f"names_es: empty Spanish name for {blank}")
        for vintage, by_category in self.labels.items():
            if vintage not in VINTAGES:
                raise ValueError(f"labels: unknown vintage {vintage!r} (known: {', '.join(VINTAGES)})")
            for category, table in by_category.items():
                if category not in known_categories:
                    raise ValueError(f"labels.{vintage}: unknown category {category!r}")
                for label, code in table.items():
                    if code not in seen:
                        raise ValueError(f"labels.{vintage}.{category}: {label!r} maps to unknown code {code!r}")
        return self


class LabelEntry(BaseModel):
    """One row of the label table: a locator label of one survey vintage and the code it means."""

    model_config = ConfigDict(frozen=True)

    label: str
    code: str
    category: str
    vintage: str


def normalize_label(label: str) -> str:
    """Collapse runs of whitespace (the locator's labels carry double spaces and no-break spaces)."""
    return " ".join(label.split())


@cache
def load_codes() -> CodesFile:
    """Read and validate ``codes.yaml``; every source id must be in the bibliography."""
    data = CodesFile.model_validate(read_yaml("recoverynav.directory", "codes.yaml"))
    check_ids(data.sources, where="directory/codes.yaml")
    return data


@cache
def categories() -> dict[str, Category]:
    """Every category by code, in the order the locator shows them on a facility page."""
    return {c.code: c for c in load_codes().categories}


@cache
def catalogue() -> dict[str, ServiceCode]:
    """Every service code by code, grouped in category order."""
    data = load_codes()
    cats = categories()
    found: dict[str, ServiceCode] = {}
    for category, entries in data.codes.items():
        for code, raw in entries.items():
            entry = raw if isinstance(raw, _CodeEntry) else _CodeEntry(label=raw)
            found[code] = ServiceCode(
                code=code,
                label=entry.label,
                category=category,
                category_label=cats[category].label,
                plain=entry.plain or entry.label,
                local=entry.local,
                plain_es=data.names_es.get(code),
            )
    return dict(sorted(found.items(), key=lambda item: list(cats).index(item[1].category)))


@cache
def label_table() -> tuple[LabelEntry, ...]:
    """The explicit label -> code table, newest vintage first, in file order within a vintage."""
    labels = load_codes().labels
    return tuple(
        LabelEntry(label=normalize_label(label), code=code, category=category, vintage=vintage)
        for vintage in VINTAGES
        for category, table in labels.get(vintage, {}).items()
        for label, code in table.items()
    )


# Exports repeat a few hundred labels tens of thousands of times (first start maps ~45,000).
@lru_cache(maxsize=4096)
def code_for_label(label: str, category: str | None = None, vintage: str | None = None) -> str | None:
    """The service code a locator label means, or None when no vintage's table has it.

    Give ``category`` (the API's ``f2``) when known: a few labels mean different codes in different
    categories ("Young adults" is an age group in 2019 and a special program since 2021). The exact
    spelling wins over a case-insensitive match; an unknown category falls back to every category.
    """
    wanted = normalize_label(label)
    rows = [r for r in label_table() if vintage is None or r.vintage == vintage]
    scoped = [r for r in rows if r.category == category] if category else rows
    for pool in (scoped, rows) if category else (rows,):
        for row in pool:
            if row.label == wanted:
                return row.code
        folded = wanted.casefold()
        for row in pool:
            if row.label.casefold() == folded:
                return row.code
    return None


def codes_for_labels(labels: Iterable[str], category: str | None = None) -> tuple[list[str], list[str]]:
    """Map many labels: (codes found, in order without repeats; labels no table knows)."""
    codes: dict[str, None] = {}
    unknown: list[str] = []
    for label in labels:
        code = code_for_label(label, category=category)
        if code is None:
            unknown.append(label)
        else:
            codes[code] = None
    return list(codes), unknown


def group_by_category(codes: Iterable[str]) -> list[tuple[Category, list[ServiceCode]]]:
    """A facility's codes as (category, its services) in the locator's display order; unknown codes skipped."""
    position, entries = _positions(), _entries()
    wanted = sorted({position[c] for c in map(str.upper, codes) if c in position})
    groups: dict[str, list[ServiceCode]] = {}
    for index in wanted:
        entry = entries[index]
        groups.setdefault(entry.category, []).append(entry)
    cats = categories()
    return [(cats[c], groups[c]) for c in cats if c in groups]


@cache
def _positions() -> dict[str, int]:
    """Each code's place in :func:`catalogue` order, so a facility's few codes are sorted, not the catalogue scanned."""
    return {code: index for index, code in enumerate(catalogue())}


@cache
def _entries() -> tuple[ServiceCode, ...]:
    return tuple(catalogue().values())


# The services a one-line summary names (care, opioid medication, payment, language); details list everything.
HEADLINE_CODES = frozenset(
    {"SA", "MH", "DT", "HH", "HI", "RES", "OP", "OIT", "ODT", "MU", "BU", "NU", "OTP"}
    | {"MD", "MC", "PI", "MI", "SF", "NP", "SS", "PA", "SP", "AH"}
)


def headline_services(codes: Iterable[str], limit: int = 10) -> list[str]:
    """The few services a result summary shows, in plain words and catalogue order."""
    position, entries = _positions(), _entries()
    wanted = sorted({position[c] for c in map(str.upper, codes) if c in HEADLINE_CODES and c in position})
    return [entries[index].plain for index in wanted[:limit]]


@cache
def spanish_names() -> dict[str, str]:
    """Every English service name and category heading a page shows (``plain``, ``category_label``) -> its Spanish.

    The faces draw service names as the directory hands them (a facility's groups, a card's summary, compare's cells,
    openings, the signs of quality); this turns each into its Spanish. A name whose codes disagree on the Spanish
    raises, so the table cannot pick one silently. Proper names with no Spanish are left out.
    """
    table: dict[str, str] = {c.label: c.label_es for c in categories().values()}
    for code in catalogue().values():
        if code.plain_es is None:
            continue
        if table.setdefault(code.plain, code.plain_es) != code.plain_es:
            names = f"{table[code.plain]!r}, {code.plain_es!r}"
            raise ValueError(f"codes.yaml: {code.plain!r} has two Spanish names ({names})")
    return table
