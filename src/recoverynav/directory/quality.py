"""Signs of quality: which of the federal "signs of higher quality" a listing's own codes show (``quality.yaml``).

A sign is ``yes`` when a source lists one of its codes, ``no`` when a source reports on the sign's survey
categories but lists none of them, and ``not_reported`` when no source says anything about it. It is a rule
table over the codes, not a rating: the answer carries the source and year it was read from.

Usage::

    from recoverynav.directory.quality import quality_signs, signs_for_codes
    signs_for_codes(["BUM", "HIVT"], source="SAMHSA", year=2025)[0].status  # "yes"
    quality_signs(facility)                                                 # every sign, from its sources
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel, ConfigDict, Field, model_validator

from recoverynav.datafiles import read_yaml
from recoverynav.directory.codes import catalogue, categories
from recoverynav.directory.models import Facility, QualitySign, StateLicence, sources_of
from recoverynav.references import check_ids

# The state licensing records the directory imports (today California DHCS's, dataset "ca-dhcs").
LICENCE_DATASETS = frozenset({"ca-dhcs"})


class SignRule(BaseModel):
    """One row of the rule table: the codes that show a sign and the categories that report on it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z_]+$")
    label: str = Field(min_length=3)
    meaning: str = Field(min_length=20)
    codes: list[str] = Field(min_length=1)
    categories: list[str] = Field(min_length=1)
    detail: dict[str, list[str]] = Field(default_factory=dict)
    inconclusive: list[str] = Field(default_factory=list)
    licence: bool = False
    cites: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _known_codes(self) -> SignRule:
        known = catalogue()
        unknown = [code for code in self.codes if code not in known]
        if unknown:
            raise ValueError(f"sign {self.id!r}: {', '.join(unknown)} not in codes.yaml")
        missing = [c for c in self.categories if c not in categories()]
        if missing:
            raise ValueError(f"sign {self.id!r}: unknown categories {', '.join(missing)}")
        vague = [code for code in self.inconclusive if code not in known or code in self.codes]
        if vague:
            raise ValueError(f"sign {self.id!r}: inconclusive {', '.join(vague)} unknown or also a yes code")
        stray = [code for group in self.detail.values() for code in group if code not in self.codes]
        if stray:
            raise ValueError(f"sign {self.id!r}: detail names {', '.join(stray)}, which are not its codes")
        return self

    def reporting_codes(self) -> frozenset[str]:
        """Every code whose presence shows that a source reported on this sign: its categories' codes and its own,
        less the inconclusive ones (a code that settles nothing alone cannot turn silence into a "no")."""
        wanted = set(self.categories)
        in_categories = frozenset(code for code, entry in catalogue().items() if entry.category in wanted)
        return (in_categories - set(self.inconclusive)) | set(self.codes)


class SignText(BaseModel):
    """A sign's name and meaning in another language (the same statement, so the English sources stand)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str = Field(min_length=3)
    meaning: str = Field(min_length=20)


class QualityText(BaseModel):
    """``quality.yaml``'s ``es:`` block: every sign's words in Spanish, by sign id."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    signs: dict[str, SignText]


class QualityTable(BaseModel):
    """The shape of ``quality.yaml``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sources: list[str] = Field(min_length=1)
    signs: list[SignRule] = Field(min_length=1)
    es: QualityText = Field(exclude=True)

    @model_validator(mode="after")
    def _every_sign_translated(self) -> QualityTable:
        ids, translated = [rule.id for rule in self.signs], set(self.es.signs)
        if set(ids) != translated:
            missing, stray = sorted(set(ids) - translated), sorted(translated - set(ids))
            raise ValueError(f"es: signs must be exactly the sign ids (missing {missing}, unknown {stray})")
        return self

    def in_language(self, lang: str) -> QualityTable:
        """The table with each sign's label and meaning in ``lang`` ("en" or "es"); codes and sources unchanged."""
        if lang != "es":
            return self
        signs = [rule.model_copy(update=self.es.signs[rule.id].model_dump()) for rule in self.signs]
        return self.model_copy(update={"signs": signs})


@dataclass(frozen=True)
class Evidence:
    """What one source says about a listing: its name, its year and the codes it lists."""

    source: str
    year: int
    codes: frozenset[str]


@cache
def quality_table() -> QualityTable:
    """Read and validate ``quality.yaml``; every cited source must be in the bibliography."""
    table = QualityTable.model_validate(read_yaml("recoverynav.directory", "quality.yaml"))
    check_ids(table.sources, where="directory/quality.yaml")
    for rule in table.signs:
        check_ids(rule.cites, where=f"directory/quality.yaml sign {rule.id}")
    return table


def sign_rules(lang: str = "en") -> dict[str, SignRule]:
    """The rule table by sign id, in the order the method page and facility pages show them (words in ``lang``)."""
    return {rule.id: rule for rule in quality_table().in_language(lang).signs}


@cache
def _rule_sets() -> tuple[tuple[SignRule, frozenset[str], frozenset[str]], ...]:
    """Each rule with its yes codes and reporting codes as sets, computed once (every listing shown reads them)."""
    return tuple((rule, frozenset(rule.codes), rule.reporting_codes()) for rule in quality_table().signs)


def _detail(rule: SignRule, codes: frozenset[str]) -> str:
    if rule.detail:
        names = [name for name, group in rule.detail.items() if codes.intersection(group)]
    else:
        known = catalogue()
        names = [known[code].plain for code in rule.codes if code in codes]
    return ", ".join(names)


def _licence_sign(rule: SignRule, licence: StateLicence, year: int | None) -> QualitySign:
    status = licence.status.lower()
    current = ("licensed" in status or "certified" in status) and "expired" not in status
    return QualitySign(
        id=rule.id,
        label=rule.label,
        status="yes" if current else "no",
        source=licence.credit or f"{licence.state} state licensing data",
        year=year,
        detail=f"{licence.state} licence {licence.number}, {licence.status}",
    )


def assess(
    evidence: Sequence[Evidence], licence: StateLicence | None = None, licence_year: int | None = None
) -> list[QualitySign]:
    """Every sign from what the sources say; for each, the newest source that answers it is cited."""
    signs: list[QualitySign] = []
    newest_first = sorted(evidence, key=lambda e: e.year, reverse=True)
    for rule, yes_codes, reporting in _rule_sets():
        showing = [e for e in newest_first if e.codes & yes_codes]
        answering = [e for e in newest_first if e.codes & reporting]
        if showing:
            shown: frozenset[str] = frozenset().union(*(e.codes & yes_codes for e in showing))
            first = showing[0]
            signs.append(
                QualitySign(
                    id=rule.id,
                    label=rule.label,
                    status="yes",
                    source=first.source,
                    year=first.year,
                    detail=_detail(rule, shown),
                )
            )
        elif rule.licence and licence is not None:
            signs.append(_licence_sign(rule, licence, licence_year))
        elif answering:
            signs.append(
                QualitySign(
                    id=rule.id, label=rule.label, status="no", source=answering[0].source, year=answering[0].year
                )
            )
        else:
            signs.append(QualitySign(id=rule.id, label=rule.label, status="not_reported"))
    return signs


def signs_for_codes(codes: Iterable[str], *, source: str = "", year: int = 2025) -> list[QualitySign]:
    """The signs that one source's codes show (the table applied to one code set)."""
    return assess([Evidence(source=source, year=year, codes=frozenset(c.upper() for c in codes))])


def quality_signs(facility: Facility) -> list[QualitySign]:
    """Every sign for a listing, read from each of its sources' codes and its state licence."""
    evidence = [Evidence(source=s.name, year=s.year, codes=frozenset(s.codes)) for s in sources_of(facility) if s.codes]
    covered: set[str] = set().union(*(e.codes for e in evidence)) if evidence else set()
    if not set(facility.codes) <= covered:
        # A site merged before sources kept their own codes: its codes are the record's own source's.
        evidence.append(Evidence(source=facility.source, year=facility.snapshot_year, codes=frozenset(facility.codes)))
    licence_years = [s.year for s in sources_of(facility) if s.dataset in LICENCE_DATASETS]
    licence_year = max(licence_years) if licence_years else None
    return assess(evidence, facility.state_licence, licence_year)
