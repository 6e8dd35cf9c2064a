"""The X12 005010X279A1 code lists (``x12_codes.yaml``): service types, EB and AAA codes, in words.

Usage::

    codes = load_code_lists()
    codes.service_types["CJ"]          # "Substance Abuse Facility - Outpatient"
    codes.reject_reasons["75"]         # "Subscriber/Insured Not Found"
"""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict, Field, model_validator

from recoverynav.datafiles import read_yaml
from recoverynav.references import check_ids

__all__ = ["X12CodeLists", "load_code_lists"]


class X12CodeLists(BaseModel):
    """Every code list the 270 builder and the 271 reader use, each code with its X12 name."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sources: list[str] = Field(min_length=1)
    service_types: dict[str, str] = Field(min_length=1)
    substance_use: list[str] = Field(min_length=1)
    eligibility_codes: dict[str, str] = Field(min_length=1)
    active_codes: list[str] = Field(min_length=1)
    inactive_codes: list[str] = Field(min_length=1)
    coverage_levels: dict[str, str] = Field(min_length=1)
    insurance_types: dict[str, str] = Field(min_length=1)
    time_periods: dict[str, str] = Field(min_length=1)
    quantity_qualifiers: dict[str, str] = Field(min_length=1)
    reject_reasons: dict[str, str] = Field(min_length=1)
    follow_up_actions: dict[str, str] = Field(min_length=1)
    date_qualifiers: dict[str, str] = Field(min_length=1)

    @model_validator(mode="after")
    def _lists_agree(self) -> X12CodeLists:
        unknown = [c for c in self.substance_use if c not in self.service_types]
        unknown += [c for c in (*self.active_codes, *self.inactive_codes) if c not in self.eligibility_codes]
        if unknown:
            raise ValueError(f"x12_codes.yaml: codes missing from their list: {unknown}")
        return self


@cache
def load_code_lists() -> X12CodeLists:
    """The bundled code lists, validated once; their sources must be in the bibliography."""
    lists = X12CodeLists.model_validate(read_yaml("recoverynav.coverage", "x12_codes.yaml"))
    check_ids(lists.sources, where="coverage/x12_codes.yaml")
    return lists
