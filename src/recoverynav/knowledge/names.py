"""Name matching shared by the catalogue and the fast command-line bundle (no pydantic here)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

# A typo is accepted as the one meant when it is this close (rapidfuzz 0-100) and clearly ahead of
# the next candidate; otherwise the person is shown suggestions and chooses.
ACCEPT_SCORE = 84.0
SUGGEST_SCORE = 66.0
CLEAR_LEAD = 4.0
# Suggestions only for queries longer than this, and for names of a similar length (see _worth_suggesting).
MIN_GUESS_LENGTH = 2
SIMILAR_LENGTH = 0.75
# A name typed as a whole word inside a longer query ("baclofen high", "how to stop baclofen") is offered, if it
# is at least this long: short street names ("ice", "K") are everyday words too ("ice cream").
WHOLE_WORD_LENGTH = 4


def normalize(name: str) -> str:
    """Case-folded, accent-free, symbol-free form used as the index key ("Xanax®" -> "xanax")."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().replace("®", "").replace("™", "")
    text = re.sub(r"[^a-z0-9+]+", " ", text)
    return text.strip()


@dataclass(frozen=True)
class NameMatch:
    """How a typed name was resolved: the entry id, the name it matched, and whether it was a guess."""

    query: str
    id: str
    matched_name: str
    corrected: bool


class UnknownNameError(LookupError):
    """No entry has this name; ``suggestions`` holds the closest known names."""

    def __init__(self, query: str, suggestions: list[str]) -> None:
        self.query = query
        self.suggestions = suggestions
        hint = (
            f" Did you mean: {', '.join(suggestions)}?"
            if suggestions
            else " Check the spelling, or try a brand, street or group name (e.g. Lioresal, benzos)."
        )
        super().__init__(f"No substance called {query!r} is known.{hint}")


def best_matches(query: str, index: Mapping[str, str], limit: int = 5) -> list[tuple[str, str, float]]:
    """The closest indexed names as (name key, entry id, score), best first, one per entry."""
    from rapidfuzz import fuzz, process

    key = normalize(query)
    if not key:
        return []
    found: list[tuple[str, str, float]] = []
    seen: set[str] = set()
    for name, score, _ in process.extract(key, list(index), scorer=fuzz.WRatio, limit=limit * 4):
        entry_id = index[name]
        if entry_id in seen:
            continue
        # WRatio rewards short substrings generously; blend with plain ratio so "ab" ≠ "baclofen".
        blended = (score + fuzz.ratio(key, name)) / 2
        found.append((name, entry_id, blended))
        seen.add(entry_id)
    found.sort(key=lambda item: -item[2])
    return found[:limit]


def resolve_name(
    query: str,
    index: Mapping[str, str],
    display: Mapping[str, str],
    misspellings: Collection[str] = (),
) -> NameMatch:
    """Resolve ``query`` against ``index`` (normalized name -> id); ``display`` maps id -> shown name.

    A known misspelling resolves like a typo: ``corrected`` is True so faces can say "did you mean".
    """
    key = normalize(query)
    if key in index:
        return NameMatch(query=query, id=index[key], matched_name=key, corrected=key in misspellings)
    candidates = best_matches(query, index)
    if candidates:
        name, entry_id, score = candidates[0]
        runner_up = candidates[1][2] if len(candidates) > 1 else 0.0
        if score >= ACCEPT_SCORE and score - runner_up >= CLEAR_LEAD:
            return NameMatch(query=query, id=entry_id, matched_name=name, corrected=True)
    suggestions = [display[entry_id] for name, entry_id, score in candidates if _worth_suggesting(key, name, score)]
    raise UnknownNameError(query, suggestions[:5])


def _worth_suggesting(key: str, name: str, score: float) -> bool:
    """A suggestion must look like a typo of the name, not a fragment of it.

    Fuzzy scores reward shared fragments: "spice" contains "ice" (methamphetamine), "lean" shares letters with
    "zaleplon", "K" with "kush". Offering those to a frightened relative is worse than offering nothing, so a
    one- or two-letter query gets no guesses, and a name much shorter or longer than the query is offered only
    when the query is part of it ("gaba" -> gabapentin) or it is a whole word of the query ("baclofen high").
    """
    if score < SUGGEST_SCORE or len(key) <= MIN_GUESS_LENGTH:
        return False
    if key in name:
        return True
    if len(name) >= WHOLE_WORD_LENGTH and f" {name} " in f" {key} ":
        return True
    shorter, longer = sorted((len(key), len(name)))
    return shorter / longer >= SIMILAR_LENGTH


def index_names(entries: Iterable[tuple[str, Iterable[str]]]) -> dict[str, str]:
    """Build normalized name -> id; a name claimed by two entries is an error."""
    index: dict[str, str] = {}
    for entry_id, names in entries:
        for name in (entry_id, *names):
            key = normalize(name)
            if not key:
                continue
            owner = index.setdefault(key, entry_id)
            if owner != entry_id:
                raise ValueError(f"the name {name!r} belongs to both {owner!r} and {entry_id!r}")
    return index
