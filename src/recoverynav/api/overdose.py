"""``/api/v1/overdose`` and ``/api/v1/emergency-numbers``: the bystander protocol and numbers as JSON."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path
from pydantic import BaseModel, ConfigDict, Field, JsonValue

from recoverynav.api.errors import BAD_VALUE, NOT_FOUND
from recoverynav.emergency import (
    CountryContacts,
    Sign,
    UnknownCountryError,
    all_contacts,
    contacts_for,
    first_aid_steps,
)

router = APIRouter(tags=["emergency"])

COUNTRY_CODE = r"^[A-Za-z]{2}$"


class OverdoseRequest(BaseModel):
    """What a bystander sees, what may have been taken, and where they are."""

    model_config = ConfigDict(extra="forbid")

    signs: list[Sign] = Field(
        default_factory=list, max_length=50, description="Observed signs from the fixed vocabulary"
    )
    substances: list[Annotated[str, Field(max_length=100)]] = Field(
        default_factory=list, max_length=20, description="Any names; unknown names are reported, not rejected"
    )
    # The closed set is stated in OpenAPI; a code outside it still gets the 422 that lists the valid ones.
    country: str = Field(
        default="US",
        min_length=2,
        max_length=2,
        pattern=r"^[A-Z]{2}$",
        description="ISO 3166 alpha-2 code",
        json_schema_extra={"enum": list[JsonValue](sorted(all_contacts()))},
    )


class PhoneNumber(BaseModel):
    name: str
    number: str
    tel: str = Field(description="The number for a tel: link")


class SubstanceRead(BaseModel):
    """How one typed name was understood."""

    query: str
    known: bool
    id: str | None
    name: str | None
    classes: list[str]
    corrected: bool = Field(description="The name is a misspelling the monograph lists, read as `name`")
    suggestions: list[str] = Field(description="For an unknown name: similar known names to confirm, never used")


class FirstAidStep(BaseModel):
    action: str
    title: str
    text: str
    sources: list[str]
    substance: str | None = Field(default=None, description="Only on a substance's own hospital step")


class OverdoseUnknownName(BaseModel):
    """A name no monograph lists: the steps treat the substance as unknown (naloxone rules apply whatever was named)."""

    name: str
    suggestions: list[str] = Field(
        description='Similar known names for the person to confirm ("did you mean …?"); re-send the request with '
        "the confirmed name to use it. A similar name is never used in its place: it may be a different drug"
    )


class OverdoseResponse(BaseModel):
    """The number to call, then the ordered, cited steps; the same JSON as `recoverynav overdose --json`."""

    model_config = ConfigDict(extra="forbid")

    country: str
    emergency_number: str
    poison_centre: PhoneNumber | None
    is_emergency: bool
    hospital_needed: bool = Field(description="Emergency or hospital care is needed: Poison Help is for questions only")
    signs: list[Sign]
    substances: list[SubstanceRead]
    steps: list[FirstAidStep]
    unknown: list[OverdoseUnknownName] = Field(description="The names no monograph lists, each with suggestions")


def _unknown_country(exc: UnknownCountryError) -> HTTPException:
    return HTTPException(
        status_code=422,
        detail={"message": str(exc), "field": "country", "value": exc.code, "valid": exc.known},
    )


# exclude_unset: a step's ``substance`` key appears only on a substance's own step, as in the CLI's JSON.
@router.post("/overdose", responses=BAD_VALUE, response_model=OverdoseResponse, response_model_exclude_unset=True)
def overdose_steps(request: OverdoseRequest) -> OverdoseResponse:
    """Ordered, cited first-aid steps for the observed signs and suspected substances."""
    try:
        steps = first_aid_steps(request.signs, request.substances, request.country).to_json()
        # Validated from the JSON form, so only the keys it has count as set (see exclude_unset above).
        return OverdoseResponse.model_validate(steps)
    except UnknownCountryError as exc:
        raise _unknown_country(exc) from exc


@router.get("/emergency-numbers/{country}", response_model=CountryContacts, responses=NOT_FOUND)
def emergency_numbers(
    country: Annotated[str, Path(min_length=2, max_length=2, pattern=COUNTRY_CODE)],
) -> CountryContacts:
    """Emergency, poison-centre and crisis numbers for one country, with their source ids."""
    try:
        contacts = contacts_for(country)
    except UnknownCountryError as exc:
        raise HTTPException(
            status_code=404,
            detail={"message": str(exc), "field": "country", "value": exc.code, "valid": exc.known},
        ) from exc
    return contacts
