"""Unknown names never hide the known ones: the known are checked as if typed alone, the unknown listed beside.

Before #11 one unknown name raised for the whole check, hiding e.g. the boxed-warning opioid + benzodiazepine
pair when a third name was unknown.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recoverynav.interactions import UnknownName, UnknownNamesError, check
from recoverynav.knowledge import load_catalog
from recoverynav.knowledge.names import normalize
from tests.names import listed_as, nonsense, unlisted_typo, urgent_pair

CATALOG = load_catalog()
KNOWN = sorted(CATALOG.index)
GENERICS = sorted(s.names.generic for s in CATALOG.substances.values() if len(s.names.generic) >= 5)

unknown_text = st.one_of(
    st.sampled_from(GENERICS).map(unlisted_typo),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz -", min_size=1, max_size=25),
).filter(lambda text: bool(normalize(text)) and not listed_as(text))


@settings(max_examples=120, deadline=None)
@given(
    st.lists(st.sampled_from(KNOWN), min_size=2, max_size=5),
    st.lists(unknown_text, min_size=1, max_size=3),
    st.randoms(),
)
def test_unknown_names_change_nothing_about_the_known_ones(known: list[str], unknown: list[str], rnd: object) -> None:
    alone = check(known)
    mixed_names = [*known, *unknown]
    rnd.shuffle(mixed_names)  # type: ignore[attr-defined]
    mixed = check(mixed_names)
    assert mixed.findings == alone.findings
    assert mixed.highest_severity == alone.highest_severity
    assert mixed.substances == alone.substances
    assert {normalize(u.name) for u in mixed.unknown} == {normalize(u) for u in unknown}
    assert len(mixed.unknown) == len({normalize(u) for u in unknown})
    assert alone.unknown == ()


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(KNOWN), st.lists(unknown_text, min_size=1, max_size=3))
def test_fewer_than_two_known_names_is_an_error_naming_known_and_unknown(known: str, unknown: list[str]) -> None:
    with pytest.raises(UnknownNamesError) as caught:
        check([known, *unknown])
    assert caught.value.known == [CATALOG.substances[CATALOG.index[normalize(known)]].names.generic]
    assert {normalize(e.query) for e in caught.value.errors} == {normalize(u) for u in unknown}


def test_the_urgent_pair_survives_an_unknown_third_name_with_its_suggestion() -> None:
    first, second = urgent_pair()
    typo = unlisted_typo(GENERICS[0])
    report = check([first, second, typo, nonsense()])
    assert report.highest_severity.urgent
    assert [u.name for u in report.unknown] == [typo, nonsense()]
    assert GENERICS[0] in report.unknown[0].suggestions
    assert report.unknown[1] == UnknownName(name=nonsense(), suggestions=())


def test_an_unlisted_typo_is_never_checked_as_the_drug_it_resembles() -> None:
    first, second = urgent_pair()
    with pytest.raises(UnknownNamesError) as caught:
        check([first, unlisted_typo(second)])
    assert second in caught.value.errors[0].suggestions
