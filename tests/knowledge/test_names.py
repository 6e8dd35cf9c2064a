"""Name resolution: only a name a monograph lists resolves; a similar name is a suggestion, never a substitute.

A misspelling of one drug and the name of another look alike to a string matcher ("fluvoxamine" is close to
"fluoxetine"), so the rule is: the monograph's own names (generic, synonyms, brands, street names and the
misspellings its authors list) resolve, forgiving only case, accents, punctuation and spacing; everything
else is unknown, with similar names offered for the person to confirm. These tests hold whatever monographs
exist: they derive names from the catalogue instead of naming drugs.
"""

from __future__ import annotations

import contextlib
import string

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from recoverynav.knowledge import UnknownNameError, load_catalog, lookup
from recoverynav.knowledge.bundle import find_entry
from recoverynav.knowledge.names import MAX_NAME_LENGTH, compact, heading_case, normalize, suggest_names

CATALOG = load_catalog()
# Every listed name with the entry that lists it, as written in the monographs.
LISTED = sorted({(name, s.id) for s in CATALOG.substances.values() for name in (s.id, *s.names.all())})
SQUEEZED: dict[str, set[str]] = {}
for _name, _sid in LISTED:
    SQUEEZED.setdefault(compact(normalize(_name)), set()).add(_sid)


def listed_as(text: str) -> set[str]:
    """The entries that list ``text`` as one of their names (after normalising case, punctuation, spacing)."""
    key = normalize(text)
    if key in CATALOG.index:
        return {CATALOG.index[key]}
    return SQUEEZED.get(compact(key), set())


def edits(name: str, position: int, letter: str) -> list[str]:
    """One-letter typos of ``name``: a letter dropped, doubled, swapped with the next, replaced or inserted."""
    i = position % max(len(name), 1)
    return [
        name[:i] + name[i + 1 :],
        name[:i] + name[i] + name[i:],
        name[:i] + name[i + 1 : i + 2] + name[i : i + 1] + name[i + 2 :],
        name[:i] + letter + name[i + 1 :],
        name[:i] + letter + name[i:],
    ]


def _resolves_to(text: str) -> str | None:
    try:
        return lookup(text).substance.id
    except UnknownNameError:
        return None


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(LISTED))
def test_every_listed_name_resolves_to_the_entry_that_lists_it(listed: tuple[str, str]) -> None:
    name, sid = listed
    assert lookup(name).substance.id == sid
    match, entry = find_entry(name)
    assert match.id == sid and entry["id"] == sid


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(LISTED), st.integers(min_value=0, max_value=60), st.sampled_from(string.ascii_lowercase))
@example(("fluoxetine", "fluoxetine"), 0, "a")
def test_a_typo_of_a_name_never_resolves_to_an_entry_that_does_not_list_it(
    listed: tuple[str, str], position: int, letter: str
) -> None:
    """Typing a name of A slightly wrong never silently gives B, nor even A: it is a suggestion at most."""
    name, _ = listed
    for typed in edits(name, position, letter):
        found = _resolves_to(typed)
        assert found is None or found in listed_as(typed), f"{typed!r} was silently read as {found!r}"


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=30) | st.text(alphabet=string.ascii_lowercase + " -", min_size=1, max_size=20))
def test_random_text_resolves_only_when_it_is_a_listed_name(text: str) -> None:
    found = _resolves_to(text)
    assert found is None or found in listed_as(text)
    bundle_found = None
    with contextlib.suppress(UnknownNameError):
        bundle_found = find_entry(text)[0].id
    assert bundle_found == found


# Real drug names people type. Whether or not a monograph for each exists, a name resolves only to the entry that
# lists it: before #11 "fluvoxamine" and "duloxetine" were read as fluoxetine and "tylenol" as codeine.
EVERYDAY_DRUGS = [
    "fluvoxamine",
    "duloxetine",
    "tylenol",
    "paroxetine",
    "citalopram",
    "escitalopram",
    "venlafaxine",
    "desvenlafaxine",
    "hydromorphone",
    "oxymorphone",
    "tapentadol",
    "meperidine",
    "clonidine",
    "lamotrigine",
    "temazepam",
    "triazolam",
    "oxazepam",
    "chlordiazepoxide",
    "midazolam",
    "dexmethylphenidate",
    "methylphenidate",
    "nortriptyline",
    "imipramine",
    "tranylcypromine",
    "selegiline",
]


@pytest.mark.parametrize("typed", EVERYDAY_DRUGS)
def test_a_drug_name_is_never_read_as_another_drug(typed: str) -> None:
    owners = listed_as(typed)
    if owners:
        assert lookup(typed).substance.id in owners
    else:
        with pytest.raises(UnknownNameError):
            lookup(typed)


def _unlisted_typo(name: str) -> str:
    """``name`` with a letter doubled, checked not to be a listed name of anything."""
    for i in range(len(name) - 1, 0, -1):
        typo = name[:i] + name[i] + name[i:]
        if not listed_as(typo):
            return typo
    raise AssertionError(f"every doubled-letter form of {name!r} is listed")


LONG_GENERICS = sorted(s.names.generic for s in CATALOG.substances.values() if len(s.names.generic) >= 7)


@pytest.mark.parametrize("generic", LONG_GENERICS)
def test_an_unlisted_typo_is_unknown_and_suggests_the_name(generic: str) -> None:
    typo = _unlisted_typo(generic)
    with pytest.raises(UnknownNameError) as caught:
        lookup(typo)
    assert generic in caught.value.suggestions
    assert generic in str(caught.value)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from([(m, s.id) for s in CATALOG.substances.values() for m in s.names.misspellings] or [("", "")]))
def test_a_listed_misspelling_resolves_and_is_marked(misspelling: tuple[str, str]) -> None:
    name, sid = misspelling
    assume(name)
    found = lookup(name)
    assert found.substance.id == sid and found.corrected


@settings(max_examples=100, deadline=None)
@given(st.sampled_from([(n, sid) for n, sid in LISTED if " " in normalize(n)]))
def test_spacing_is_forgiven_when_it_points_to_one_entry(listed: tuple[str, str]) -> None:
    name, sid = listed
    squeezed = compact(normalize(name))
    if SQUEEZED[squeezed] == {sid}:
        assert lookup(squeezed).substance.id == sid
    else:
        with pytest.raises(UnknownNameError):
            lookup(squeezed)


def test_suggestions_are_names_that_resolve() -> None:
    """A "did you mean" the person confirms must then resolve, or confirming would fail."""
    for generic in LONG_GENERICS:
        for suggestion in suggest_names(_unlisted_typo(generic), CATALOG.index, CATALOG.display_names()):
            assert _resolves_to(suggestion) is not None, suggestion


# The matcher's work is bounded (#12): text longer than any name gets no similarity search.
@pytest.mark.parametrize("filler", [" x", "a", " baclofen", "-"])
def test_text_longer_than_a_name_is_unknown_without_suggestions(filler: str) -> None:
    name = LISTED[0][0]
    text = name + filler * (MAX_NAME_LENGTH // len(filler) + 1)
    assert len(text) > MAX_NAME_LENGTH
    with pytest.raises(UnknownNameError) as caught:
        lookup(text)
    assert caught.value.suggestions == []
    assert len(str(caught.value)) < 400
    with pytest.raises(UnknownNameError) as from_bundle:
        find_entry(text)
    assert from_bundle.value.suggestions == []


def test_text_longer_than_a_name_never_reaches_the_similarity_matcher(monkeypatch: pytest.MonkeyPatch) -> None:
    """A 60 KB "name" cost seconds of CPU in rapidfuzz (#12); now no face can make it compare such text."""
    import rapidfuzz.process

    from recoverynav.interactions import UnknownNamesError, check_combination
    from recoverynav.knowledge import get_substance, search

    def refuse(*args: object, **kwargs: object) -> object:
        raise AssertionError("the similarity matcher ran on text longer than a name")

    monkeypatch.setattr(rapidfuzz.process, "extract", refuse)
    text = "baclofen " * 7000
    with pytest.raises(UnknownNameError) as caught:
        lookup(text)
    assert caught.value.suggestions == [] and "63000 characters" in str(caught.value)
    with pytest.raises(UnknownNameError):
        find_entry(text)
    with pytest.raises(UnknownNameError):
        get_substance(text)
    assert search(text) == []
    with pytest.raises(UnknownNamesError):
        check_combination([LISTED[0][0], text])


def test_no_listed_name_is_longer_than_a_name_may_be() -> None:
    assert all(len(name) <= MAX_NAME_LENGTH for name, _ in LISTED)


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("GHB", "GHB"),
        ("MAOIs", "MAOIs"),
        ("SSRIs", "SSRIs"),
        ("Z-drugs", "Z-drugs"),
        ("baclofen", "Baclofen"),
        ("", ""),
    ],
)
def test_heading_case_keeps_the_capitals_the_name_is_written_with(written: str, shown: str) -> None:
    assert heading_case(written) == shown


@pytest.mark.parametrize("generic", LONG_GENERICS[:8])
def test_overdose_steps_never_read_a_typo_as_another_drug(generic: str) -> None:
    """The overdose guide resolves names through the same bundle: an unlisted typo stays unknown."""
    from recoverynav.emergency import first_aid_steps

    result = first_aid_steps(["unresponsive"], [_unlisted_typo(generic)], "US")
    assert [m.known for m in result.substances] == [False]
