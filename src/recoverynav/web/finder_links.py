"""The web finder's address for a :class:`~recoverynav.directory.FinderQuery`: ``/find?code=DT&code=HI&near=22902``.

The one place a finder query becomes a web link. Templates use it as the ``finder_href`` filter; the API answers
the same address beside the query (``finder_url``), so a client can link to the page a person would see.
Parameter order (codes, medication, near, radius) is the order the links have always had; a payment answer comes
after the medication.
"""

from __future__ import annotations

from urllib.parse import urlencode

from recoverynav.directory import FinderQuery

FINDER_PATH = "/find"


def finder_href(query: FinderQuery) -> str:
    """``/find`` with the query's parameters: ``code`` repeated, ``medication``, ``payment``, ``near``, ``radius``."""
    params: list[tuple[str, str]] = [("code", c) for c in query.codes]
    if query.medication:
        params.append(("medication", query.medication))
    if query.payment:
        params.append(("payment", query.payment))
    if query.near:
        params.append(("near", query.near))
    if query.radius_miles is not None:
        params.append(("radius", str(query.radius_miles)))
    return f"{FINDER_PATH}?{urlencode(params)}" if params else FINDER_PATH
