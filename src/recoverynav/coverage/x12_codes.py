"""The X12 005010X279A1 code lists (``x12_codes.yaml``): service types, EB and AAA codes, in words.

Usage::

    codes = load_code_lists()
    codes.service_types["CJ"]          # "Substance Abuse Facility - Outpatient"
    codes.reject_reasons["75"]         # "Subscriber/Insured Not Found"

Reading YAML and checking the sources against the whole bibliography cost ``recoverynav coverage parse`` more
than reading its file, so the lists are checked once, from ``x12_codes.yaml``, by :func:`code_lists_from_source`
and compiled by ``scripts/build_bundle.py`` (from :func:`render_code_lists_bundle`) into ``_x12_codes.json``, which
:func:`load_code_lists` validates again. A test fails when the committed file differs from a fresh build.
"""

from __future__ import annotations

import json
from functools import cache
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field, model_validator

from recoverynav.coverage.x12_plain import CODE_LISTS_BUNDLE, CODE_LISTS_PATH

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["X12CodeLists", "code_lists_bundle_dir", "code_lists_from_source", "load_code_lists"]


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
    """The bundled code lists (compiled from ``x12_codes.yaml``), validated once."""
    with open(CODE_LISTS_PATH, encoding="utf-8") as fh:
        return X12CodeLists.model_validate(json.load(fh))


def code_lists_from_source() -> X12CodeLists:
    """The code lists read from ``x12_codes.yaml`` and validated; their sources must be in the bibliography."""
    from recoverynav.datafiles import read_yaml
    from recoverynav.references import check_ids

    lists = X12CodeLists.model_validate(read_yaml("recoverynav.coverage", "x12_codes.yaml"))
    check_ids(lists.sources, where="coverage/x12_codes.yaml")
    return lists


def render_code_lists_bundle() -> dict[str, str]:
    """The committed file's text by file name (the lists in file order, compact, one trailing newline)."""
    data = code_lists_from_source().model_dump(mode="json")
    return {CODE_LISTS_BUNDLE: json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"}


def code_lists_bundle_dir() -> Path:
    """The folder that holds the compiled code lists (``scripts/build_bundle.py`` writes there)."""
    from pathlib import Path

    return Path(CODE_LISTS_PATH).parent
