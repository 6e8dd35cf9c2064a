"""The shape of one bibliography entry."""

from __future__ import annotations

import datetime as _dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from recoverynav.references.lines import citation_line


class Reference(BaseModel):
    """A checked source: a label, a guideline, a paper or an official page.

    Usage::

        Reference(id="x", title="T", publisher="FDA", year=2016, url="https://www.fda.gov/...")
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9.-]*$")
    title: str = Field(min_length=3)
    authors: str | None = None
    publisher: str | None = None
    journal: str | None = None
    # An undated web page is cited "n.d." (no date), as citation styles do.
    year: int | Literal["n.d."]
    date: _dt.date | str | None = None
    volume_pages: str | None = None
    url: str | None = Field(default=None, pattern=r"^https?://")
    doi: str | None = Field(default=None, pattern=r"^10\.\d{4,9}/\S+$")
    pmid: int | str | None = None
    document_number: str | None = None
    publication_number: str | None = None
    supports: str | None = None
    verified: str | None = None

    @model_validator(mode="after")
    def _has_origin_and_locator(self) -> Reference:
        if not (self.publisher or self.journal):
            raise ValueError(f"reference {self.id!r} needs a publisher or a journal")
        if not (self.url or self.doi):
            raise ValueError(f"reference {self.id!r} needs a url or a doi")
        return self

    @property
    def link(self) -> str:
        """The address a reader follows: the URL, else the DOI resolver."""
        if self.url:
            return self.url
        return f"https://doi.org/{self.doi}"

    @property
    def source(self) -> str:
        """Publisher or journal, for a one-line citation."""
        return self.journal or self.publisher or ""

    def citation(self) -> str:
        """A one-line human citation: "Authors. Title. Source, year." """
        return citation_line(self.authors, self.title, self.source, self.year)
