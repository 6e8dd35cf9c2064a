"""The web finder's address for a :class:`~recoverynav.directory.FinderQuery`: ``/find?code=DT&code=HI&near=22902``.

The one place a finder query becomes a web link. Templates use it as the ``finder_href`` filter; the API answers
the same address beside the query (``finder_url``), so a client can link to the page a person would see.
Parameter order (codes, medication, near, radius) is the order the links have always had; a payment answer comes
after the medication.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

if TYPE_CHECKING:
    from recoverynav.directory import FinderQuery

FINDER_PATH = "/find"


def finder_href(query: FinderQuery | Mapping[str, Any]) -> str:
    """``/find`` with the query's parameters: ``code`` repeated, ``medication``, ``payment``, ``near``, ``radius``.

    Takes the query or its JSON (``recoverynav place --facts`` answers from plain data).
    """
    q = query if isinstance(query, Mapping) else dict(query)
    params: list[tuple[str, str]] = [("code", c) for c in q["codes"]]
    if q["medication"]:
        params.append(("medication", q["medication"]))
    if q["payment"]:
        params.append(("payment", q["payment"]))
    if q["near"]:
        params.append(("near", q["near"]))
    if q["radius_miles"] is not None:
        params.append(("radius", str(q["radius_miles"])))
    return f"{FINDER_PATH}?{urlencode(params)}" if params else FINDER_PATH


def with_finder_urls(rec: Mapping[str, Any]) -> dict[str, Any]:
    """A recommendation's JSON with the web finder's address beside each finder search: ``finder_url`` after every
    field, ``url`` in each medication finder link (what the API answers and ``place --json`` prints)."""
    links = [{**link, "url": finder_href(link["query"])} for link in rec["medication_finder_links"]]
    return {**rec, "medication_finder_links": links, "finder_url": finder_href(rec["finder_query"])}
