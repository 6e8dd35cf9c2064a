"""The shape of a substance monograph: names, classes, identifiers and cited sections."""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SECTION_IDS: tuple[str, ...] = (
    "overview",
    "medical_uses",
    "misuse",
    "effects_of_misuse",
    "combined_use",
    "overdose",
    "withdrawal",
    "treatment",
)

SECTION_TITLES: dict[str, str] = {
    "overview": "Overview",
    "medical_uses": "Medical uses",
    "misuse": "Why and how it is misused",
    "effects_of_misuse": "Effects of misuse",
    "combined_use": "Taken with other substances",
    "overdose": "Overdose",
    "withdrawal": "Withdrawal",
    "treatment": "Treatment",
}

DeaSchedule = Literal["I", "II", "IIN", "III", "IIIN", "IV", "V", "not controlled", "varies by product"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Statement(_Strict):
    """One sentence of clinical content and the reference ids that support it."""

    text: str = Field(min_length=3)
    sources: tuple[str, ...] = Field(min_length=1)


class Names(_Strict):
    """Every name a person may type: generic, synonyms, brands, street names, misspellings."""

    generic: str
    synonyms: tuple[str, ...] = ()
    brands: tuple[str, ...] = ()
    street: tuple[str, ...] = ()
    misspellings: tuple[str, ...] = ()

    def all(self) -> tuple[str, ...]:
        return (self.generic, *self.synonyms, *self.brands, *self.street, *self.misspellings)


class Identifiers(_Strict):
    """Codes other systems use: RxNorm ingredient CUI, WHO ATC, US DEA schedule."""

    rxnorm_cui: str | None = Field(default=None, pattern=r"^\d+$")
    atc: tuple[str, ...] = ()
    dea_schedule: DeaSchedule | None = None
    sources: tuple[str, ...] = Field(min_length=1)

    @field_validator("atc")
    @classmethod
    def _atc_shape(cls, codes: tuple[str, ...]) -> tuple[str, ...]:
        for code in codes:
            if not re.fullmatch(r"[A-Z]\d{2}[A-Z]{2}\d{2}|[A-Z]\d{2}[A-Z]{1,2}", code):
                raise ValueError(f"{code!r} is not a WHO ATC code (e.g. M03BX01)")
        return codes


class Quantity(_Strict):
    """A cited number, e.g. the label's maximum daily dose."""

    value: float
    unit: str
    sources: tuple[str, ...] = Field(min_length=1)


class Overdose(_Strict):
    effects: tuple[Statement, ...] = ()
    warning_signs: tuple[Statement, ...] = ()
    dose_notes: tuple[Statement, ...] = ()


class Sections(_Strict):
    overview: tuple[Statement, ...] = Field(min_length=1)
    medical_uses: tuple[Statement, ...] = ()
    misuse: tuple[Statement, ...] = ()
    effects_of_misuse: tuple[Statement, ...] = ()
    combined_use: tuple[Statement, ...] = ()
    overdose: Overdose = Overdose()
    withdrawal: tuple[Statement, ...] = ()
    treatment: tuple[Statement, ...] = ()


class Substance(_Strict):
    """A monograph: one substance, or a class ("benzodiazepines") that names its members.

    Usage::

        from recoverynav.knowledge import lookup
        lookup("Lioresal").substance.id   # "baclofen"
    """

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_]*$")
    kind: Literal["substance", "class"] = "substance"
    names: Names
    classes: tuple[str, ...] = Field(min_length=1)
    members: tuple[str, ...] = ()
    # A combination product (Tylenol with Codeine, Percocet) names the monographs of its active ingredients, so
    # every rule about an ingredient applies to the product: the acetaminophen in it is known, not guessed per brand.
    ingredients: tuple[str, ...] = ()
    identifiers: Identifiers | None = None
    label_max_daily_dose: Quantity | None = None
    summary: Statement
    sections: Sections
    reviewed: date

    @model_validator(mode="after")
    def _kind_rules(self) -> Substance:
        if self.kind == "substance" and self.identifiers is None:
            raise ValueError(f"substance {self.id!r} needs identifiers (rxnorm_cui, atc, dea_schedule)")
        if self.kind == "class" and not self.members:
            raise ValueError(f"class entry {self.id!r} needs members")
        if self.kind == "substance" and self.members:
            raise ValueError(f"substance {self.id!r} cannot have members; make it kind: class")
        if self.kind == "class" and self.ingredients:
            raise ValueError(f"class entry {self.id!r} cannot have ingredients; only a product has them")
        if self.ingredients and (self.id in self.ingredients or len(set(self.ingredients)) < 2):
            raise ValueError(f"{self.id!r}: ingredients name at least two other monographs (a combination product)")
        return self

    def statements(self) -> list[Statement]:
        """Every statement in reading order: summary, then each section."""
        found = [self.summary]
        for section in SECTION_IDS:
            value = getattr(self.sections, section)
            if isinstance(value, Overdose):
                found += [*value.effects, *value.warning_signs, *value.dose_notes]
            else:
                found += list(value)
        return found

    def source_ids(self) -> list[str]:
        """Every cited reference id, in order of first citation (text, then dose, then identifiers)."""
        seen: dict[str, None] = {}
        for statement in self.statements():
            seen.update(dict.fromkeys(statement.sources))
        if self.label_max_daily_dose:
            seen.update(dict.fromkeys(self.label_max_daily_dose.sources))
        if self.identifiers:
            seen.update(dict.fromkeys(self.identifiers.sources))
        return list(seen)


class SubstanceClass(_Strict):
    """A class in the shared vocabulary (``classes.yaml``)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str
    description: str
    # The label in Spanish (FOR REVIEW, our own wording), shown on Spanish pages.
    label_es: str | None = None

    def label_in(self, lang: str) -> str:
        """The label in ``lang`` ("en" or "es"); English when there is no translation."""
        return self.label_es if lang == "es" and self.label_es else self.label


class Translation(_Strict):
    """A monograph in another language (``substances_es/<id>.yaml``): every statement of the English monograph, in
    the same sections and order, each citing exactly the sources its English statement cites.

    ``review`` stays ``FOR REVIEW`` until a clinician who reads both languages has checked every statement.
    :func:`check_translation` holds it to its English monograph when the catalogue is loaded.
    """

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_]*$")
    lang: Literal["es"]
    review: Literal["FOR REVIEW", "reviewed"]
    # The substance's name as written in the language ("baclofeno", "heroína"): the page's heading.
    name: str = Field(min_length=2)
    summary: Statement
    sections: Sections


def _statement_lists(substance: Substance | Translation) -> list[tuple[str, tuple[Statement, ...]]]:
    lists: list[tuple[str, tuple[Statement, ...]]] = [("summary", (substance.summary,))]
    for section in SECTION_IDS:
        value = getattr(substance.sections, section)
        if isinstance(value, Overdose):
            lists += [(f"sections.overdose.{part}", getattr(value, part)) for part in Overdose.model_fields]
        else:
            lists.append((f"sections.{section}", value))
    return lists


def check_translation(english: Substance, translated: Translation) -> None:
    """Raise ValueError unless ``translated`` has every statement of ``english``, in order, citing the same sources.

    A translation is the same statement in other words, so it cites what the English cites: a missing, extra or
    moved statement shows up as a count or a citation that differs at its place.
    """
    where = f"substances_{translated.lang}/{translated.id}.yaml"
    if translated.id != english.id:
        raise ValueError(f"{where}: id {translated.id!r} is not the English monograph's {english.id!r}")
    for (path, ours), (_, theirs) in zip(_statement_lists(english), _statement_lists(translated), strict=True):
        if len(theirs) != len(ours):
            raise ValueError(
                f"{where}: {path} has {len(theirs)} statements, the English has {len(ours)}: translate every one"
            )
        for n, (en, tr) in enumerate(zip(ours, theirs, strict=True)):
            missing = [s for s in en.sources if s not in tr.sources]
            extra = [s for s in tr.sources if s not in en.sources]
            if missing or extra:
                raise ValueError(
                    f"{where}: {path}[{n}] must cite what the English statement cites"
                    f"{'; missing ' + ', '.join(missing) if missing else ''}"
                    f"{'; not in the English ' + ', '.join(extra) if extra else ''}"
                )
