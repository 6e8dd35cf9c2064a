"""A typed name that no monograph lists is never read as a similar drug: it stays unknown, with suggestions (#11).

Names come from whatever monographs exist, so the rules hold as the knowledge base grows.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from recoverynav.emergency import SIGN_IDS, first_aid_steps
from recoverynav.knowledge import load_catalog
from tests.names import listed_as, nonsense

CATALOG = load_catalog()
# Every name a monograph lists, as written (generic, synonyms, brands, street names, listed misspellings).
LISTED = sorted({(s.id, n) for s in CATALOG.substances.values() for n in (s.id, *s.names.all())})
DISPLAY = {s.names.generic for s in CATALOG.substances.values()}
LETTERS = "abcdefghijklmnopqrstuvwxyz"


@st.composite
def one_letter_typos(draw: st.DrawFn) -> tuple[str, str]:
    """(entry id, a listed name of it with one letter dropped, doubled, replaced or two letters swapped)."""
    sid, name = draw(st.sampled_from(LISTED))
    i = draw(st.integers(0, len(name) - 1))
    kind = draw(st.sampled_from(["drop", "double", "replace", "swap"]))
    if kind == "drop":
        typo = name[:i] + name[i + 1 :]
    elif kind == "double":
        typo = name[:i] + name[i] + name[i:]
    elif kind == "replace":
        typo = name[:i] + draw(st.sampled_from(LETTERS)) + name[i + 1 :]
    else:
        typo = name[:i] + name[i + 1 : i + 2] + name[i : i + 1] + name[i + 2 :]
    return sid, typo


@settings(max_examples=300, deadline=None)
@given(typo=one_letter_typos(), signs=st.sets(st.sampled_from(SIGN_IDS), max_size=4))
def test_a_typo_is_never_substituted(typo: tuple[str, str], signs: set[str]) -> None:
    """Only a listed name resolves; an unlisted typo is unknown, its steps are those of any unknown name, and its
    suggestions are known names to confirm (the original among them when it looks enough like it)."""
    _, text = typo
    result = first_aid_steps(sorted(signs), [text], "US")
    if not text.strip():
        assert result.substances == ()
        return
    (match,) = result.substances
    owners = listed_as(text)
    if owners:
        assert match.known and {match.id} == owners and match.suggestions == ()
        return
    assert not match.known and match.id is None and match.classes == ()
    assert set(match.suggestions) <= DISPLAY
    assert result.unknown == (match,)
    # The first aid never depends on the guess: exactly the steps given for a name nothing resembles.
    assert result.actions == first_aid_steps(sorted(signs), [nonsense()], "US").actions
    assert result.to_json()["unknown"] == [{"name": match.query, "suggestions": list(match.suggestions)}]


def test_suggestions_are_offered_for_typos_of_long_generic_names() -> None:
    """The rule above could hold with no suggestions at all; a doubled letter in a long generic name is offered."""
    from tests.names import unlisted_typo

    for substance in CATALOG.substances.values():
        generic = substance.names.generic
        if len(generic) < 7:
            continue
        (match,) = first_aid_steps([], [unlisted_typo(generic)], "US").substances
        assert not match.known and generic in match.suggestions, (generic, match)


def test_known_names_have_no_unknown_entry() -> None:
    result = first_aid_steps(["unresponsive"], [s.names.generic for s in CATALOG.substances.values()][:5], "US")
    assert all(m.known for m in result.substances) and result.to_json()["unknown"] == []
