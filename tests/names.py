"""Names for tests, derived from whatever monographs exist: a pair known to be urgent, and unknown names.

Other work adds monographs at any time, so tests never assume a particular drug is unknown: they build typos
of listed names and check that the typo itself is not listed.
"""

from __future__ import annotations

from recoverynav.interactions import check
from recoverynav.knowledge import load_catalog
from recoverynav.knowledge.names import compact, normalize


def listed_as(text: str) -> set[str]:
    """The entries that list ``text`` as a name (case, punctuation and spacing forgiven)."""
    catalog = load_catalog()
    key = normalize(text)
    if key in catalog.index:
        return {catalog.index[key]}
    return {sid for name, sid in catalog.index.items() if compact(name) == compact(key)}


def unlisted_typo(name: str) -> str:
    """``name`` with one letter doubled, checked not to be a listed name of anything."""
    for i in range(len(name) - 1, 0, -1):
        typo = name[:i] + name[i] + name[i:]
        if not listed_as(typo):
            return typo
    raise AssertionError(f"every doubled-letter form of {name!r} is listed")


def nonsense(n: int = 0) -> str:
    """A name no monograph lists and nothing resembles."""
    text = f"qqzx{'vq' * n}wj"
    assert not listed_as(text)
    return text


def urgent_pair() -> tuple[str, str]:
    """Two generic names whose combination is major or worse (an opioid and a benzodiazepine, if present)."""
    catalog = load_catalog()
    substances = sorted((s for s in catalog.substances.values() if s.kind == "substance"), key=lambda s: s.id)
    opioid = next(s for s in substances if "opioid" in s.classes)
    benzo = next(s for s in substances if "benzodiazepine" in s.classes)
    pair = (opioid.names.generic, benzo.names.generic)
    assert check(list(pair)).highest_severity.urgent
    return pair
