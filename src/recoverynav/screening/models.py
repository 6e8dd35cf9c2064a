"""The shape of a screening instrument, validated when its YAML file is loaded.

An instrument is data: items with their published wording, answer options with their points, bands with a
stable id, plain-language meaning and next steps, the owner's permission terms and the sources that back each
number. The scoring engine (``scoring.py``) only reads these models.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from recoverynav.screening.rules import slug as slug  # re-exported: ids are slugged the same way everywhere

Sex = Literal["female", "male"]
# How serious a band reads, on one scale for every instrument: placement reads it (never the band's name), and for
# CIWA-Ar and COWS it is the withdrawal's severity. Listed from least to most serious.
Severity = Literal["none", "mild", "moderate", "severe"]
SEVERITIES: tuple[Severity, ...] = ("none", "mild", "moderate", "severe")
LOINC_PATTERN = r"^\d{1,7}-\d$"
_ID = r"^[a-z0-9][a-z0-9-]*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Strict):
    """One answer choice as printed, and the points the authors give it."""

    text: str = Field(min_length=1)
    points: int = Field(ge=0)
    loinc: str | None = Field(default=None, pattern=r"^LA\d{3,6}-\d$")


class OptionRef(_Strict):
    """ "Item ``item`` answered with option index ``option``" (0-based, in published order)."""

    item: str
    option: int = Field(ge=0)


class Item(_Strict):
    """One question with its published wording and answer options (in published order)."""

    id: str = Field(pattern=_ID)
    text: str = Field(min_length=3)
    # Wording that differs by sex (TAPS alcohol items ask about 4+ drinks for women, 5+ for men).
    text_by_sex: dict[Sex, str] = {}
    help: str | None = None
    loinc: str | None = Field(default=None, pattern=LOINC_PATTERN)
    options: tuple[Option, ...] = Field(min_length=2)
    reverse_scored: bool = False
    # Per-substance section (TAPS-2), scored separately; None for items outside any section.
    group: str | None = None
    # Skip logic: asked only when any of these items was answered with an option other than the first.
    asked_if_any: tuple[str, ...] = ()
    # DSM-5: tolerance and withdrawal do not count when the drug is taken only as prescribed.
    not_counted_if: tuple[OptionRef, ...] = ()

    def wording(self, sex: Sex | None = None) -> str:
        """The item text, in the sex-specific wording when there is one."""
        if sex is not None and sex in self.text_by_sex:
            return self.text_by_sex[sex]
        return self.text

    @property
    def min_points(self) -> int:
        return min(o.points for o in self.options)

    @property
    def max_points(self) -> int:
        return max(o.points for o in self.options)


class NextStep(_Strict):
    """A plain-language next step, optionally a link to another part of the site (placement, finder)."""

    text: str = Field(min_length=3)
    href: str | None = Field(default=None, pattern=r"^(/|https://)")


class Band(_Strict):
    """A score range with a stable id, a label and what it means for the person."""

    id: str = Field(pattern=_ID)
    min: int = Field(ge=0)
    max: int = Field(ge=0)
    label: str
    meaning: str = Field(min_length=10)
    next_steps: tuple[NextStep, ...] = Field(min_length=1)
    sex: Sex | None = None
    positive: bool | None = None
    # The authors' own grade where they give one (CIWA-Ar, COWS, DSM-5), else the instrument's severity_mapping.
    severity: Severity


class GroupBand(_Strict):
    """How one section's score reads (TAPS-2: 0 no use, 1 problem use, 2+ higher risk)."""

    id: str = Field(pattern=_ID)
    min: int = Field(ge=0)
    max: int = Field(ge=0)
    label: str


class NoteCondition(_Strict):
    """When a note applies; every field given must hold."""

    sex: Sex | None = None
    sex_unknown: bool = False
    min_age: int | None = None
    max_age: int | None = None
    min_score: int | None = None
    max_score: int | None = None
    option: OptionRef | None = None
    items_zero: tuple[str, ...] = ()


class Note(_Strict):
    """An extra, cited remark shown with the result when its condition holds."""

    id: str = Field(pattern=_ID)
    text: str = Field(min_length=10)
    when: NoteCondition = NoteCondition()
    sources: tuple[str, ...] = Field(min_length=1)


class BandChoice(_Strict):
    """Which published cut-offs the bands follow when publications differ, shown on the form and result pages."""

    text: str = Field(min_length=10)
    sources: tuple[str, ...] = Field(min_length=1)


class SeverityMapping(_Strict):
    """How the bands' severities were read when the instrument's authors give risk levels or a cut-off, not grades."""

    text: str = Field(min_length=10)
    sources: tuple[str, ...] = Field(min_length=1)


class Permission(_Strict):
    """Who owns the instrument and on what terms this project reproduces it."""

    holder: str
    terms: str = Field(min_length=10)
    sources: tuple[str, ...] = Field(min_length=1)


class Loinc(_Strict):
    """LOINC codes for the whole form (panel) and its total score, where LOINC has them."""

    panel: str | None = Field(default=None, pattern=LOINC_PATTERN)
    total: str | None = Field(default=None, pattern=LOINC_PATTERN)
    sources: tuple[str, ...] = ()
    note: str | None = None


class Instrument(_Strict):
    """A validated questionnaire, scored exactly as its authors published it.

    Usage::

        from recoverynav.screening import get_instrument
        get_instrument("audit-c").max_score  # 12
    """

    id: str = Field(pattern=_ID)
    name: str
    title: str
    summary: str = Field(min_length=10)
    administered_by: Literal["self", "clinician"]
    audience: str
    timeframe: str | None = None
    instructions: str | None = None
    age_min: int | None = None
    age_max: int | None = None
    needs_sex: bool = False
    scoring: Literal["sum", "max", "group-max"] = "sum"
    score_label: str = "Score"
    items: tuple[Item, ...] = Field(min_length=1)
    groups: dict[str, str] = {}
    group_bands: tuple[GroupBand, ...] = ()
    bands: tuple[Band, ...] = Field(min_length=1)
    notes: tuple[Note, ...] = ()
    band_choice: BandChoice | None = None
    # None: the band severities are the authors' own grades; else how they were read from the published bands.
    severity_mapping: SeverityMapping | None = None
    permission: Permission
    loinc: Loinc = Loinc()
    sources: tuple[str, ...] = Field(min_length=1)

    @property
    def item_ids(self) -> tuple[str, ...]:
        return tuple(i.id for i in self.items)

    def find_band(self, band_id: str) -> Band | None:
        """The band with this id, written any way ("Zone 2", "zone_2", "zone-2"), or None.

        Bands that share an id across sexes share their severity, so any of them answers for the id.
        """
        key = slug(band_id)
        return next((b for b in self.bands if b.id == key), None)

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    @property
    def min_score(self) -> int:
        return self._score_range()[0]

    @property
    def max_score(self) -> int:
        return self._score_range()[1]

    def _score_range(self) -> tuple[int, int]:
        # The lowest possible score is always reachable by choosing each item's lowest option.
        if self.scoring == "sum":
            return sum(i.min_points for i in self.items), sum(i.max_points for i in self.items)
        if self.scoring == "max":
            return min(i.min_points for i in self.items), max(i.max_points for i in self.items)
        sums = {g: 0 for g in self.groups}
        for item in self.items:
            if item.group is not None:
                sums[item.group] += item.max_points
        return 0, max(sums.values())

    def all_source_ids(self) -> set[str]:
        """Every reference id the instrument cites (checked against the bibliography at load)."""
        ids = set(self.sources) | set(self.permission.sources) | set(self.loinc.sources)
        for note in self.notes:
            ids |= set(note.sources)
        if self.band_choice is not None:
            ids |= set(self.band_choice.sources)
        if self.severity_mapping is not None:
            ids |= set(self.severity_mapping.sources)
        return ids

    @property
    def grades_severity(self) -> bool:
        """True when the bands' severities are the authors' own grades (shown with a result), not a reading."""
        return self.severity_mapping is None

    @model_validator(mode="after")
    def _consistent(self) -> Instrument:
        ids = self.item_ids
        if len(set(ids)) != len(ids):
            raise ValueError(f"{self.id}: duplicate item ids")
        for item in self.items:
            for ref in (*[OptionRef(item=i, option=0) for i in item.asked_if_any], *item.not_counted_if):
                if ref.item not in ids or ref.item == item.id:
                    raise ValueError(f"{self.id}/{item.id}: refers to unknown item {ref.item!r}")
            for ref in item.not_counted_if:
                if ref.option >= len(self.item(ref.item).options):
                    raise ValueError(f"{self.id}/{item.id}: option {ref.option} out of range for {ref.item}")
            if item.group is not None and item.group not in self.groups:
                raise ValueError(f"{self.id}/{item.id}: unknown group {item.group!r}")
            if item.reverse_scored and item.options[0].points <= item.options[-1].points:
                raise ValueError(f"{self.id}/{item.id}: reverse-scored item must give its first option more points")
        if self.scoring == "group-max" and not (self.groups and self.group_bands):
            raise ValueError(f"{self.id}: group-max scoring needs groups and group_bands")
        self._check_cover(self.group_bands, "group_bands")
        sexes: set[Sex | None] = {b.sex for b in self.bands}
        if None not in sexes:
            raise ValueError(f"{self.id}: bands need a set that applies when sex is not given")
        for sex in sexes:
            self._check_cover([b for b in self.bands if b.sex == sex], f"bands (sex={sex})")
            ordered = sorted((b for b in self.bands if b.sex == sex), key=lambda b: b.min)
            ranks = [SEVERITIES.index(b.severity) for b in ordered]
            if ranks != sorted(ranks):
                raise ValueError(f"{self.id}: band severities must not fall as the score rises (sex={sex})")
        band_ids = [b.id for b in self.bands]
        for band_id in band_ids:
            bands = [b for b in self.bands if b.id == band_id]
            if len({(b.sex) for b in bands}) != len(bands):
                raise ValueError(f"{self.id}: band id {band_id!r} repeated for the same sex")
            if len({b.severity for b in bands}) != 1:
                # placement reads a band by id alone, so one id must mean one severity whatever the sex.
                raise ValueError(f"{self.id}: band id {band_id!r} has different severities for different sexes")
        for note in self.notes:
            for ref_id in note.when.items_zero:
                if ref_id not in ids:
                    raise ValueError(f"{self.id}: note {note.id} refers to unknown item {ref_id!r}")
        return self

    def _check_cover(self, bands: Sequence[Band | GroupBand], what: str) -> None:
        if not bands:
            return
        ordered = sorted(bands, key=lambda b: b.min)
        low, high = (0, max(b.max for b in ordered)) if what == "group_bands" else (self.min_score, self.max_score)
        expected = low
        for band in ordered:
            if band.min != expected or band.max < band.min:
                raise ValueError(f"{self.id}: {what} leave a gap or overlap at {expected} ({band.id})")
            expected = band.max + 1
        if expected - 1 != high:
            raise ValueError(f"{self.id}: {what} end at {expected - 1}, the score goes to {high}")
