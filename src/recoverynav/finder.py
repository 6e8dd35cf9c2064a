"""``FinderQuery``: a facility-finder search as typed parameters, which each face turns into its own link.

Capabilities (placement's suggestion, an empty search's medication searches) say *what* to search for; they never
know the web finder's address or the command line's options. The web face renders ``/find?...``
(``recoverynav.web.finder_links.finder_href``), the API answers the query and that same web address, and the
command line prints a ``recoverynav find ...`` command.

A plain value shared by capabilities, like ``errors``: it lives at the top so placement can name it without
importing the whole directory (``recoverynav.directory`` re-exports it).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["FinderQuery"]


class FinderQuery(BaseModel):
    """What to search the facility finder for.

    ``codes``: service codes every result must offer (DT, HI, CO...); ``medication``: one of the finder's medication
    answers (``BU`` buprenorphine, ``METH`` methadone; choices.yaml); ``payment``: one of its payment answers
    (``medicaid``, ``none``...; a facility matches any of the answer's codes); ``near``: a place as the person wrote
    it; ``radius_miles``: how far around it.

    Usage::

        FinderQuery(codes=("DT", "HI"), near="22902")
        FinderQuery(medication="BU", near="22902", radius_miles=15)
        FinderQuery(payment="medicaid", near="VA")
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    codes: tuple[str, ...] = Field(default=(), description="Service codes every result must offer")
    medication: str | None = Field(default=None, description="A medication answer of the finder: BU or METH")
    near: str | None = Field(default=None, description="A place: ZIP code, 'City, ST' or 'lat,lon'")
    payment: str | None = Field(default=None, description="A payment answer of the finder: medicaid, none...")
    radius_miles: int | None = Field(default=None, ge=1, description="Miles around near")
