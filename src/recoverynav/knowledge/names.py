"""Name matching shared by the catalogue and the fast command-line bundle (no pydantic here)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from typing import NamedTuple

from recoverynav.errors import NotFound

# Only a name the monographs list resolves: the generic name, a synonym, brand, street name or a misspelling
# the monograph itself records (its authors vouch that it means that drug). Normalisation forgives case,
# accents, punctuation and spacing, nothing else. Anything found by similarity is never applied: a close
# string is as likely a different drug as a typo ("fluvoxamine" is one letter-run from "fluoxetine", and
# the two interact differently), so similar names are only offered as suggestions the person confirms.
SUGGEST_SCORE = 66.0
# Suggestions only for queries longer than this, and for names of a similar length (see _worth_suggesting).
MIN_GUESS_LENGTH = 2
SIMILAR_LENGTH = 0.75
# A name typed as a whole word inside a longer query ("baclofen high", "how to stop baclofen") is offered, if it
# is at least this long: short street names ("ice", "K") are everyday words too ("ice cream").
WHOLE_WORD_LENGTH = 4
# No drug name is longer; longer text is answered "unknown" without fuzzy work, whose cost grows with length
# (a 60 KB "name" cost seconds of CPU, issue #12).
MAX_NAME_LENGTH = 100


def normalize(name: str) -> str:
    """Case-folded, accent-free, symbol-free form used as the index key ("Xanax®" -> "xanax")."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.casefold().replace("®", "").replace("™", "")
    text = re.sub(r"[^a-z0-9+]+", " ", text)
    return text.strip()


def heading_case(name: str) -> str:
    """``name`` to start a heading or sentence: the first letter raised, the rest as the monograph writes it.

    Monographs write names as they are spelled ("GHB", "MAOIs", "Z-drugs", "baclofen"); ``str.capitalize``,
    ``str.title`` and Jinja's ``capitalize`` lower the rest ("Ghb", "Maois"), so faces use this instead.
    """
    return name[:1].upper() + name[1:]


def compact(key: str) -> str:
    """A normalized name without its spaces: "xanax bars", "xanaxbars" and "Xanax-Bars" are one name."""
    return key.replace(" ", "")


class NameMatch(NamedTuple):
    """How a typed name was resolved: the entry id, the listed name it equals, and whether that name is a
    misspelling the monograph records (faces then say which drug they read it as).

    A named tuple (immutable, compared by value) rather than a dataclass: importing ``dataclasses`` and building
    a frozen class cost ``recoverynav drug`` about as much as the rest of its look-up.
    """

    query: str
    id: str
    matched_name: str
    corrected: bool


class UnknownNameError(NotFound):
    """No entry has this name; ``suggestions`` holds similar known names for the person to confirm."""

    def __init__(self, query: str, suggestions: list[str]) -> None:
        self.query = query
        self.suggestions = suggestions
        hint = (
            f" Did you mean: {', '.join(suggestions)}?"
            if suggestions
            else " Check the spelling, or try a brand, street or group name (e.g. Lioresal, benzos)."
        )
        shown = query if len(query) <= MAX_NAME_LENGTH else f"{query[:40]}… ({len(query)} characters)"
        super().__init__(f"No substance called {shown!r} is known.{hint}")


def best_matches(query: str, index: Mapping[str, str], limit: int = 5) -> list[tuple[str, str, float]]:
    """The closest indexed names as (name key, entry id, score), best first, one per entry.

    Empty for text longer than a name (:data:`MAX_NAME_LENGTH`): similarity is never computed on it.
    """
    if len(query) > MAX_NAME_LENGTH:
        return []
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


def exact_match(query: str, index: Mapping[str, str], misspellings: Collection[str] = ()) -> NameMatch | None:
    """The entry whose listed name ``query`` is, forgiving only case, accents, punctuation and spacing; else None.

    Spacing alone ("xanaxbars") resolves only when it points to a single entry.
    """
    if len(query) > MAX_NAME_LENGTH:
        return None
    key = normalize(query)
    if not key:
        return None
    if key in index:
        return NameMatch(query=query, id=index[key], matched_name=key, corrected=key in misspellings)
    squeezed = compact(key)
    same = {name: entry_id for name, entry_id in index.items() if compact(name) == squeezed}
    if len(set(same.values())) != 1:
        return None
    name = min(same)
    return NameMatch(query=query, id=same[name], matched_name=name, corrected=name in misspellings)


def suggest_names(query: str, index: Mapping[str, str], display: Mapping[str, str], limit: int = 5) -> list[str]:
    """Display names of entries whose names resemble ``query``, best first, for the person to confirm."""
    key = normalize(query) if len(query) <= MAX_NAME_LENGTH else ""
    if not key:
        return []
    if len(key) * SIMILAR_LENGTH > max(map(len, index), default=0):
        # Too long to be a typo of any name, so only a name typed whole inside it can be offered (see
        # _worth_suggesting): score just those, not the whole index (similarity work grows with length).
        index = {name: sid for name, sid in index.items() if _whole_word(name, key)}
        if not index:
            return []
    candidates = best_matches(query, index, limit=limit)
    return [display[entry_id] for name, entry_id, score in candidates if _worth_suggesting(key, name, score)]


def resolve_name(
    query: str,
    index: Mapping[str, str],
    display: Mapping[str, str],
    misspellings: Collection[str] = (),
) -> NameMatch:
    """Resolve ``query`` against ``index`` (normalized name -> id); ``display`` maps id -> shown name.

    Only a listed name resolves (see :func:`exact_match`); a listed misspelling has ``corrected`` True so faces
    can say which drug they read it as. Anything else raises :class:`UnknownNameError` whose suggestions are
    similar names: a guess is never applied, because a similar name may be a different drug.
    """
    match = exact_match(query, index, misspellings)
    if match is not None:
        return match
    raise UnknownNameError(query, suggest_names(query, index, display))


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
    if _whole_word(name, key):
        return True
    shorter, longer = sorted((len(key), len(name)))
    return shorter / longer >= SIMILAR_LENGTH


def _whole_word(name: str, key: str) -> bool:
    return len(name) >= WHOLE_WORD_LENGTH and f" {name} " in f" {key} "


def index_names(entries: Iterable[tuple[str, Iterable[str]]]) -> dict[str, str]:
    """Build normalized name -> id; a name claimed by two entries, or longer than a name can be, is an error."""
    index: dict[str, str] = {}
    for entry_id, names in entries:
        for name in (entry_id, *names):
            key = normalize(name)
            if not key:
                continue
            if len(name) > MAX_NAME_LENGTH:
                raise ValueError(f"{entry_id}: the name {name[:40]!r}… is longer than {MAX_NAME_LENGTH} characters")
            owner = index.setdefault(key, entry_id)
            if owner != entry_id:
                raise ValueError(f"the name {name!r} belongs to both {owner!r} and {entry_id!r}")
    return index
