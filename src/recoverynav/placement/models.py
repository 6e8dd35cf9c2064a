"""What the person tells us (:class:`Facts`) and what the engine answers (:class:`Recommendation`)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from recoverynav.finder import FinderQuery
from recoverynav.references import Citation

WithdrawalSymptoms = Literal["none", "mild", "moderate", "severe"]
SuicidalThoughts = Literal["none", "passive", "active_plan"]
Readiness = Literal["not_ready", "ambivalent", "ready"]
Cravings = Literal["none", "mild", "strong"]
Home = Literal["stable", "others_use", "unsafe", "homeless"]
Responsibility = Literal["work", "school", "children", "caregiving"]
# How serious the substance use looks: the screening capability's scale (``recoverynav.screening.Severity``).
Severity = Literal["none", "mild", "moderate", "severe"]
OptionId = Literal["detox", "inpatient", "residential", "outpatient", "support_groups", "aftercare"]

DISCLAIMER = "ASAM-informed suggestion, not an ASAM Criteria assessment; a clinician confirms."


class ScreeningScore(BaseModel):
    """One result from the screening capability, e.g. ``{"instrument": "dast-10", "band": "substantial"}``.

    For an instrument the screening capability knows, the band's own ``severity`` is used (any ``severity`` given
    here is ignored); for another instrument, give ``severity`` or the result is noted and not used.
    Extra keys (score, items, date...) are accepted and ignored, so the screening capability can grow.
    """

    model_config = ConfigDict(extra="ignore", frozen=True)

    instrument: str = Field(min_length=1, max_length=60)
    band: str = Field(min_length=1, max_length=60)
    score: float | None = Field(default=None, allow_inf_nan=False)
    severity: Severity | None = Field(
        default=None, description="For an instrument recoverynav does not know: how serious its band reads"
    )


class Facts(BaseModel):
    """The answers placement works from; everything but ``substances`` is optional.

    Usage::

        Facts(substances=["baclofen", "alcohol"], daily_use=True, history_withdrawal_seizures_or_dts=True)
        Facts.model_validate_json(path.read_text())   # unknown keys and bad values raise, naming the field
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    substances: list[Annotated[str, Field(min_length=1, max_length=100, pattern=r"^\s*[^\s\x00-\x1f\x7f-\x9f]")]] = (
        Field(min_length=1, max_length=20, description="Drug names: generic, brand or street")
    )
    daily_use: bool | None = None
    daily_dose_mg: float | None = Field(
        default=None, ge=0, le=100_000, allow_inf_nan=False, description="For a named medicine"
    )
    withdrawal_symptoms: WithdrawalSymptoms | None = None
    history_withdrawal_seizures_or_dts: bool | None = None
    ciwa_ar: int | None = Field(default=None, ge=0, le=67, description="CIWA-Ar total, 0-67 (clinician-rated)")
    cows: int | None = Field(default=None, ge=0, le=48, description="COWS total, 0-48 (clinician-rated)")
    unstable_medical_condition: bool | None = None
    pregnant: bool | None = None
    kidney_disease: bool | None = None
    intrathecal_pump: bool | None = Field(
        default=None, description="Has an implanted baclofen pump (intrathecal baclofen)"
    )
    suicidal_thoughts: SuicidalThoughts | None = None
    co_occurring_mental_health: bool | None = None
    readiness: Readiness | None = None
    prior_treatment_relapses: int | None = Field(default=None, ge=0, le=1000)
    cravings: Cravings | None = None
    home: Home | None = None
    support_people: bool | None = None
    responsibilities: list[Responsibility] = Field(default_factory=list, max_length=4)
    in_remission_after_treatment: bool | None = None
    screening: list[ScreeningScore] = Field(default_factory=list, max_length=20)
    near: str | None = Field(default=None, max_length=120, description="Place or ZIP code for the facility finder")

    @field_validator("substances")
    @classmethod
    def _clean_names(cls, names: list[str]) -> list[str]:
        cleaned = [n.strip() for n in names if n.strip()]
        if not cleaned:
            raise ValueError("name at least one substance, e.g. ['alcohol']")
        for name in cleaned:
            if len(name) > 100:
                raise ValueError(f"substance name too long (100 characters at most): {name[:20]!r}...")
        return list(dict.fromkeys(cleaned))

    @field_validator("screening", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        # The screening capability returns one result; a helpline may pass several.
        return [value] if isinstance(value, dict) else value

    @field_validator("near")
    @classmethod
    def _known_place(cls, value: str | None) -> str | None:
        place = value.strip() if value is not None else ""
        if not place:
            return None
        # The finder link must lead somewhere: a place the directory cannot resolve is an input error here.
        from recoverynav.directory import UnknownPlaceError, geocode

        try:
            geocode(place)
        except UnknownPlaceError as exc:
            raise ValueError(str(exc)) from None
        return place


class DimensionRating(BaseModel):
    """One of the six ASAM dimensions, rated 0 (no risk) to 4 (severe, imminent risk)."""

    model_config = ConfigDict(frozen=True)

    dimension: int = Field(ge=1, le=6)
    name: str
    plain: str
    rating: int = Field(ge=0, le=4)
    label: str


class Reason(BaseModel):
    """Which answers raised which dimension or level, in words, with the sources behind the rule."""

    model_config = ConfigDict(frozen=True)

    rule: str
    dimension: int | None
    rating: int | None
    text: str
    facts: list[str]
    sources: list[str]


class Contact(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    number: str
    tel: str


class Urgent(BaseModel):
    """Emergency help comes before any treatment suggestion."""

    model_config = ConfigDict(frozen=True)

    message: str
    contacts: list[Contact]


HeadlineKind = Literal["crisis", "pump", "medication", "treatment"]


class Headline(BaseModel):
    """What every face shows first: a crisis, pump emergency advice, medication, or the treatment option.

    ``sources`` are the reference ids behind ``text`` (all of them are also in the recommendation's ``sources``).
    """

    model_config = ConfigDict(frozen=True)

    kind: HeadlineKind
    title: str
    text: str
    sources: list[str] = []


class FinderLink(BaseModel):
    """A labelled facility-finder search; each face turns ``query`` into its own link."""

    model_config = ConfigDict(frozen=True)

    label: str
    query: FinderQuery


class UnknownSubstance(BaseModel):
    """A substance name no monograph lists: judged from the other answers only, with similar names to confirm."""

    model_config = ConfigDict(frozen=True)

    name: str
    suggestions: list[str] = Field(
        default=[], description="Similar known names to confirm; never used in its place (it may be a different drug)"
    )


class Recommendation(BaseModel):
    """The engine's answer: a level of care, withdrawal management, the option, and why.

    Usage::

        rec = recommend_level(Facts(substances=["alcohol"], home="stable", readiness="ready"))
        rec.option, rec.level, [r.text for r in rec.reasons]
    """

    model_config = ConfigDict(frozen=True)

    disclaimer: str = DISCLAIMER
    headline: Headline
    urgent: Urgent | None
    level: str
    level_name: str
    level_name_4th: str
    withdrawal_management: str | None
    withdrawal_management_name: str | None
    after_withdrawal_level: str | None
    option: OptionId
    option_title: str
    dimension_ratings: list[DimensionRating]
    reasons: list[Reason]
    next_steps: list[str]
    facility_codes: list[str]
    # What to search the facility finder for; each face makes its own link (web /find?..., a CLI command).
    finder_query: FinderQuery
    # For opioid dependence: links to prescribers and programs of medication for opioid use disorder.
    medication_finder_links: list[FinderLink] = []
    notes: list[str]
    unknown: list[UnknownSubstance] = Field(default=[], description="Names no monograph lists, with suggestions")
    sources: list[Citation] = Field(description="Numbered in order of first citation: reasons cite them as [n]")
