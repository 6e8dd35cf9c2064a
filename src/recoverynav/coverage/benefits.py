"""What a 271 says about one person's coverage: the :class:`BenefitSummary` and its parts.

Amounts are decimals (JSON numbers), a percent is a fraction (40 % is 0.4), a network is "in", "out" or None
(not applicable or not said). These models hold personal data (names, member id, birth date): whoever stores or
logs them must seal and redact them; this module never puts them in an error message.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

__all__ = [
    "Benefit",
    "BenefitDate",
    "BenefitSummary",
    "Member",
    "Money",
    "Party",
    "PlanInfo",
    "Rejection",
]

# A decimal kept exact in Python and written as a JSON number (not a string) for people and other programs.
Money = Annotated[Decimal, PlainSerializer(float, return_type=float, when_used="json")]
Level = Literal["payer", "provider", "subscriber", "dependent", "benefit"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Party(_Model):
    """A payer (NM1*PR) or an information receiver / provider (NM1*1P): its name and id with the id's qualifier."""

    name: str | None = None
    first_name: str | None = None
    id: str | None = None
    id_qualifier: str | None = None  # PI payer id, XX NPI, SV service provider number...


class Member(_Model):
    """A subscriber (NM1*IL) or dependent (NM1*03): personal data, never logged."""

    last_name: str | None = None
    first_name: str | None = None
    middle_name: str | None = None
    member_id: str | None = None
    birth_date: dt.date | None = None
    gender: Literal["F", "M", "U"] | None = None


class BenefitDate(_Model):
    """A DTP date or range: its qualifier (e.g. 292 Benefit) in words."""

    qualifier: str
    meaning: str | None
    start: dt.date | None
    end: dt.date | None


class Rejection(_Model):
    """An AAA segment: why the payer could not answer, in words, and what to do next."""

    code: str
    meaning: str
    follow_up_code: str | None
    follow_up: str | None
    valid_request: bool | None  # AAA01: Y the request was valid but could not be answered, N it was not valid
    level: Level


class Benefit(_Model):
    """One EB segment (loop 2110C/D) with its MSG messages, dates and benefit-level rejections."""

    code: str
    meaning: str | None
    service_types: list[str] = Field(default_factory=list)
    coverage_level: str | None = None
    insurance_type: str | None = None
    description: str | None = None  # EB05 plan coverage description
    period: str | None = None  # EB06 code, e.g. 27 (visit)
    period_meaning: str | None = None
    amount: Money | None = None
    percent: Money | None = None
    quantity_qualifier: str | None = None
    quantity_meaning: str | None = None
    quantity: Money | None = None
    authorization_required: bool | None = None  # EB11 Y/N; U or absent is None
    network: Literal["in", "out"] | None = None  # EB12 Y/N; W (not applicable), U or absent is None
    procedure: str | None = None  # EB13, components joined with ':' (e.g. HC:H0020)
    messages: list[str] = Field(default_factory=list)
    dates: list[BenefitDate] = Field(default_factory=list)


class PlanInfo(_Model):
    """The plan as the 271 names it and the dates it gives for the plan or the eligibility."""

    name: str | None = None
    insurance_type: str | None = None
    begin: dt.date | None = None
    end: dt.date | None = None


class BenefitSummary(_Model):
    """Everything one 271 says about one person (the subscriber, or a dependent with their subscriber).

    Usage::

        summary = parse_271(text)[0]
        summary.active                                 # True, False, or None when the 271 does not say
        [b for b in summary.benefits if "CJ" in b.service_types and b.network == "in"]
    """

    transaction_set: Literal["271"] = "271"
    control_number: str
    payer: Party | None = None
    provider: Party | None = None
    subscriber: Member | None = None
    dependent: Member | None = None
    active: bool | None = None
    plan: PlanInfo = Field(default_factory=PlanInfo)
    benefits: list[Benefit] = Field(default_factory=list)
    rejections: list[Rejection] = Field(default_factory=list)
    trace_numbers: list[str] = Field(default_factory=list)
    dates: list[BenefitDate] = Field(default_factory=list)

    def for_service(self, code: str) -> list[Benefit]:
        """The benefits that name service type ``code`` (e.g. "CJ"), in file order."""
        return [b for b in self.benefits if code in b.service_types]
