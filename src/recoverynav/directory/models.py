"""What the directory stores, what a search asks for and what it answers.

Usage::

    from recoverynav.directory import FacilityQuery
    FacilityQuery(near="22902", radius_miles=10, codes=["MD"])
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import date
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field, field_validator, model_validator

from recoverynav.directory.empty import EmptyResult
from recoverynav.directory.openings import ListedOpening
from recoverynav.directory.phones import Phone, listed_phones
from recoverynav.errors import NotFound
from recoverynav.i18n import N_, Text

# SAMHSA's own advice on every listing: the survey is yearly, so services and openings change between snapshots.
CONFIRM_NOTICE = "Call to confirm services and openings before you go."

Status = Literal["open", "closed"]
SignStatus = Literal["yes", "no", "not_reported"]


class Place(BaseModel):
    """A resolved origin: what the person typed, as a label, its coordinates and what kind of place it is.

    A state (``scope="state"``) carries ``radius_miles``, the circle around its centre that covers most of it;
    a search near a state uses at least that radius.
    """

    model_config = ConfigDict(frozen=True)

    label: str
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)
    scope: Literal["point", "zip", "city", "state"] = "point"
    radius_miles: float | None = Field(default=None, gt=0, le=500)


class SourceRecord(BaseModel):
    """One source that lists a site: its credited name and year, and the facts it gave (name, phone, codes).

    ``record`` is the listing's id in that source (SAMHSA's frid, our hash of name and address, or a licence
    number), so a later import of the same source replaces its entry instead of adding a second one.
    """

    model_config = ConfigDict(frozen=True)

    name: str = Field(min_length=1, max_length=200)
    year: int = Field(ge=1990, le=2100)
    dataset: str = ""
    record: str = ""
    listed_as: str = ""
    phone: str = ""
    codes: list[str] = Field(default_factory=list)


class StateLicence(BaseModel):
    """A state's own licensing record of a programme (today California DHCS). Capacity is beds, not openings."""

    model_config = ConfigDict(frozen=True)

    state: str
    number: str
    status: str
    expires: date | None = None
    capacity: int | None = None
    setting: str = ""
    detox: bool = False
    credit: str = ""


class Facility(BaseModel):
    """One treatment facility as stored: SAMHSA's fields, its service codes and where the row came from.

    Usage::

        Facility(frid="rn-...", name="Clinic", latitude=38.0, longitude=-78.5, codes=["BU"],
                 source="SAMHSA ...", dataset="moud", snapshot_year=2020)
    """

    model_config = ConfigDict(frozen=True)

    frid: str = Field(min_length=1, max_length=80)
    name: str = Field(min_length=1, max_length=300)
    name2: str = ""
    street: str = ""
    street2: str = ""
    city: str = ""
    state: str = ""
    zip: str = ""
    phone: str = ""
    intake_phone: str = ""
    hotline: str = ""
    website: str = ""
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    facility_type: str = ""
    codes: list[str] = Field(default_factory=list)
    # Labels from the source that no code in the catalogue matches; kept so no service is silently lost.
    other_services: list[str] = Field(default_factory=list)
    source: str
    dataset: str
    snapshot_year: int = Field(ge=1990, le=2100)
    synthetic: bool = False
    status: Status = "open"
    # Every source that lists this site (empty: the record itself is its only source; see sources_of).
    sources: list[SourceRecord] = Field(default_factory=list)
    state_licence: StateLicence | None = None
    # Whether SAMHSA's 2025 export still lists the site; None when no 2025 data can tell.
    still_listed_2025: bool | None = None

    @field_validator("codes")
    @classmethod
    def _sorted_unique(cls, value: list[str]) -> list[str]:
        return sorted({code.upper() for code in value})

    @model_validator(mode="after")
    def _both_coordinates(self) -> Facility:
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("latitude and longitude must be given together")
        if self.synthetic and (self.phone or self.intake_phone or self.hotline):
            # A made-up facility with a real-looking number could send someone in crisis to a stranger.
            raise ValueError("synthetic facilities carry no phone numbers")
        return self


def sources_of(facility: Facility) -> list[SourceRecord]:
    """The sources of a site: the merged list, or the record's own source when it was never merged."""
    if facility.sources:
        return list(facility.sources)
    return [
        SourceRecord(
            name=facility.source,
            year=facility.snapshot_year,
            dataset=facility.dataset,
            record=facility.frid,
            listed_as=facility.name,
            phone=facility.phone,
            codes=list(facility.codes),
        )
    ]


class QualitySign(BaseModel):
    """One sign for one listing: yes, no or not reported, with the source and year the answer came from.

    Usage::

        QualitySign(id="telehealth", label="Telehealth", status="yes", source="SAMHSA ...", year=2025)
    """

    model_config = ConfigDict(frozen=True)

    id: str
    label: str
    status: SignStatus
    source: str = ""
    year: int | None = None
    # Which services showed a "yes" (e.g. "methadone, buprenorphine").
    detail: str = ""


# The national floor (SAMHSA's 2020 list of substance-use facilities) gives names and addresses only.
FLOOR_DATASET = "samhsa-su-2020"
FLOOR_NOTICE = "Listed by SAMHSA in 2020; no details on file; call to confirm."


class FacilityHit(Facility):
    """A facility as a search or detail answer: adds its distance from the origin and the confirm notice.

    ``phones`` are the listed numbers parsed for every face: ``display``, a ``tel`` link (E.164 with
    ``;ext=``, or None when the text is no valid number), ``ext`` and ``kind`` (main, intake, hotline).
    """

    distance_miles: float | None = None
    notice: str = CONFIRM_NOTICE
    # Posted by the facility or confirmed by the helpline (#16); stale after 24 hours, gone after 7 days.
    openings: list[ListedOpening] = Field(default_factory=list)

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def phones(self) -> list[Phone]:
        # Parsed once per hit: a page reads them for the card, the map and the JSON answer.
        return listed_phones(self.phone, self.intake_phone, self.hotline)

    @computed_field  # type: ignore[prop-decorator]
    @cached_property
    def quality_signs(self) -> list[QualitySign]:
        """Signs of quality read from this listing's codes and state licence (see ``directory.quality``)."""
        from recoverynav.directory.quality import quality_signs

        return quality_signs(self)

    @model_validator(mode="before")
    @classmethod
    def _own_source_and_notice(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        data = dict(data)
        if not data.get("sources"):
            data["sources"] = [
                {
                    "name": data.get("source", ""),
                    "year": data.get("snapshot_year", 0),
                    "dataset": data.get("dataset", ""),
                    "record": data.get("frid", ""),
                    "listed_as": data.get("name", ""),
                    "phone": data.get("phone", ""),
                    "codes": list(data.get("codes") or []),
                }
            ]
        datasets = {s.dataset if isinstance(s, SourceRecord) else s.get("dataset") for s in data["sources"]}
        # Only the 2020 list knows this site: say so on the card instead of implying details are current.
        if datasets == {FLOOR_DATASET} and "notice" not in data:
            data["notice"] = FLOOR_NOTICE
        return data


# The locator's facility types (typeFacility): substance use and mental health.
FACILITY_TYPES = frozenset({"SA", "MH"})


def _known_code_schema(schema: dict[str, Any]) -> None:
    """OpenAPI states the closed set the validator checks: a service code in any case, blanks around it."""
    from recoverynav.directory.codes import catalogue
    from recoverynav.patterns import one_of

    schema["pattern"] = rf"^[ \t]*{one_of(catalogue())}[ \t]*$"


def _facility_type_schema(schema: dict[str, Any]) -> None:
    """SA or MH in any case, or blank (no filter)."""
    from recoverynav.patterns import one_of

    schema["pattern"] = rf"^[ \t]*(?:{one_of(FACILITY_TYPES)}[ \t]*)?$"


class FacilityQuery(BaseModel):
    """A directory search: a place with a radius (or the nearest N), filters, and a page.

    Usage::

        FacilityQuery(near="94110", radius_miles=10, codes=["BU"])
        FacilityQuery(near="38.03,-78.48", nearest=10)
    """

    model_config = ConfigDict(extra="forbid")

    near: str | None = Field(
        default=None, max_length=120, description='ZIP code, "lat,lon", "City, ST", a nickname (NYC) or a state'
    )
    radius_miles: float = Field(default=25, gt=0, le=500, allow_inf_nan=False)
    nearest: int | None = Field(default=None, ge=1, le=1000)
    codes: list[Annotated[str, Field(max_length=10, json_schema_extra=_known_code_schema)]] = Field(
        default_factory=list, max_length=30
    )
    facility_type: str | None = Field(default=None, max_length=20, json_schema_extra=_facility_type_schema)
    name: str | None = Field(default=None, max_length=120)
    page: int = Field(default=1, ge=1, le=10_000)
    page_size: int = Field(default=20, ge=1, le=100)
    include_demo: bool = False
    # Only listings that posted (or the helpline confirmed) an open place in the last 24 hours.
    has_openings: bool = False

    @field_validator("codes")
    @classmethod
    def _codes_upper(cls, value: list[str]) -> list[str]:
        from recoverynav.directory.codes import catalogue

        cleaned = sorted({code.strip().upper() for code in value if code.strip()})
        # An unknown code matches nothing: a helpline worker's typo ("DTX") must not read as "no facilities".
        unknown = [code for code in cleaned if code not in catalogue()]
        if unknown:
            raise ValueError(
                f"{', '.join(map(repr, unknown))} is not a SAMHSA service code; use codes such as DT (detox), "
                "MD (Medicaid), BU (buprenorphine), SP (Spanish)"
            )
        return cleaned

    @field_validator("near", "name")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None

    @field_validator("name")
    @classmethod
    def _printable_name(cls, value: str | None) -> str | None:
        # PostgreSQL text cannot hold NUL, and no facility name has a control character: say so, not a 500.
        if value is not None and any(unicodedata.category(char) == "Cc" for char in value):
            raise ValueError("the name has a control character (e.g. NUL); type letters, digits and punctuation")
        return value

    @field_validator("facility_type")
    @classmethod
    def _known_type(cls, value: str | None) -> str | None:
        cleaned = (value or "").strip().upper()
        if cleaned and cleaned not in FACILITY_TYPES:
            raise ValueError(f"{value!r} is not a facility type; use SA (substance use) or MH (mental health)")
        return cleaned or None

    @model_validator(mode="after")
    def _nearest_needs_a_place(self) -> FacilityQuery:
        if self.nearest is not None and self.near is None:
            raise ValueError("nearest needs near: give a ZIP code, 'lat,lon' or 'City, ST'")
        return self


class SearchResult(BaseModel):
    """One page of hits, the number of all matches, and the resolved origin (None without ``near``).

    ``radius_miles`` is the radius searched (a state searches at least its own; None for nearest-N or no
    place); ``empty`` explains a search with no match at all (None when something matched).
    """

    results: list[FacilityHit]
    total: int
    page: int
    page_size: int
    origin: Place | None = None
    radius_miles: float | None = None
    empty: EmptyResult | None = None


class UnknownFacilityError(NotFound):
    """No facility has this ``frid`` (or it is demo data and demo data was not asked for)."""

    def __init__(self, frid: str) -> None:
        self.frid = frid
        super().__init__(f"No facility with frid {frid!r} is in the directory.")


class UnknownPlaceError(NotFound):
    """The place could not be resolved offline; ``suggestions`` lists places that could be meant."""

    # The reason when none is given. A reason is a ``Text`` (its message id and values), so a face can say the
    # whole sentence in its reader's language (``sentence``); ``str(error)`` is always the English.
    DEFAULT_REASON = N_('Give a 5-digit US ZIP code, "lat,lon" (e.g. "38.03,-78.48") or "City, ST"')

    def __init__(self, place: str, suggestions: list[str], reason: str = "") -> None:
        self.place = place
        self.suggestions = suggestions
        self.reason = reason or Text(self.DEFAULT_REASON)
        super().__init__(self.sentence(lambda text: text))

    def sentence(self, say: Callable[[str], str]) -> str:
        """The error's sentence with each part passed through ``say`` (a ``Text`` to the words of a language)."""
        hint = ""
        if self.suggestions:
            hint = " " + say(Text(N_("Did you mean: %(names)s?"), names="; ".join(self.suggestions)))
        unknown = say(Text(N_("Unknown place %(place)s."), place=repr(self.place)))
        return f"{unknown} {say(self.reason)}.{hint}"
