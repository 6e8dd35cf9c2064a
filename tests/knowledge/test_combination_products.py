"""Issue #11 review: a combination product is checked as everything it contains (the acetaminophen in Tylenol #3 is
known, not guessed per brand), and the reviewer's safety rules hold for every entry of a class, not one example."""

from __future__ import annotations

from itertools import combinations

import pytest

from recoverynav.interactions import check, load_engine
from recoverynav.knowledge import load_catalog, lookup
from recoverynav.knowledge.names import normalize


def _entries_containing(ingredient: str) -> list[str]:
    return sorted(sid for sid, s in load_catalog().substances.items() if ingredient in (sid, *s.ingredients))


def _names(sid: str) -> tuple[str, ...]:
    return load_catalog().substances[sid].names.all()


# Names people type for pills that contain acetaminophen without saying so.
HIDDEN_ACETAMINOPHEN = [
    "Tylenol #3",
    "Tylenol 3",
    "Tylenol #4",
    "Tylenol with Codeine",
    "Ultracet",
    "Percocet",
    "Endocet",
    "Vicodin",
    "Norco",
    "Lortab",
    "Fioricet",
    "Esgic",
    "Tylenol PM",
    "NyQuil",
]


@pytest.mark.parametrize("typed", HIDDEN_ACETAMINOPHEN)
def test_a_product_name_resolves_to_an_entry_that_knows_it_contains_acetaminophen(typed: str) -> None:
    entry = lookup(typed).substance
    assert "acetaminophen" in entry.ingredients, typed


def test_every_name_of_every_acetaminophen_product_warns_with_every_name_of_acetaminophen_and_with_alcohol() -> None:
    """Tylenol + Tylenol #3 (or Ultracet, Percocet...) and any of them + a drink: the liver finding, always."""
    products = [sid for sid in _entries_containing("acetaminophen") if sid != "acetaminophen"]
    assert len(products) >= 6
    plain = _names("acetaminophen")
    for product in products:
        for name in _names(product):
            for other in (*plain[:3], "beer", "alcohol"):
                report = check([name, other])
                liver = [f for f in report.findings if any(m.id == "liver_injury" for m in f.mechanisms)]
                assert liver, (name, other)


def test_two_different_acetaminophen_products_together_warn_that_the_doses_add_up() -> None:
    for a, b in combinations(_entries_containing("acetaminophen"), 2):
        finding = load_engine().pair(a, b)
        assert finding is not None and any(m.id == "liver_injury" for m in finding.mechanisms), (a, b)


def test_a_product_is_at_least_as_risky_as_each_ingredient_with_anything() -> None:
    """Ultracet + sertraline is no safer than tramadol + sertraline; Tylenol PM + beer no safer than Benadryl + beer."""
    engine = load_engine()
    catalog = load_catalog()
    products = {sid: s.ingredients for sid, s in catalog.substances.items() if s.ingredients}
    assert products
    for product, ingredients in products.items():
        for other in catalog.substances:
            if other == product or other in ingredients:
                continue
            mine = engine.pair(product, other)
            for ingredient in ingredients:
                theirs = engine.pair(ingredient, other)
                if theirs is None:
                    continue
                assert mine is not None and mine.severity.rank >= theirs.severity.rank, (product, ingredient, other)
                assert {m.id for m in theirs.mechanisms} <= {m.id for m in mine.mechanisms}, (product, other)


def test_every_acetaminophen_entry_says_to_call_poison_help_even_if_the_person_feels_fine() -> None:
    """An acetaminophen overdose may cause no symptoms at first."""
    for sid in _entries_containing("acetaminophen"):
        signs = load_catalog().substances[sid].sections.overdose.warning_signs
        text = " ".join(s.text for s in signs)
        assert "1-800-222-1222" in text and "feel" in text and "fine" in text, sid


def test_acetaminophen_never_presents_4000_mg_as_the_label_maximum() -> None:
    """4,000 mg is where the liver warning starts; many products stop lower, so the product's own directions rule."""
    acetaminophen = load_catalog().substances["acetaminophen"]
    assert acetaminophen.label_max_daily_dose is None
    for statement in acetaminophen.statements():
        text = statement.text.casefold()
        assert "maximum at 4,000" not in text and "set the maximum" not in text
    notes = " ".join(s.text for s in acetaminophen.sections.overdose.dose_notes)
    assert "directions" in notes and "3,000 mg" in notes


def test_a_listed_misspelling_is_never_the_start_of_another_drugs_name() -> None:
    """ "prometh" was a promethazine misspelling, but "Prometh with codeine" is the codeine syrup: a misspelling that
    begins another entry's name would send that name's typist to the wrong drug without a word."""
    catalog = load_catalog()
    names = {sid: [normalize(n) for n in s.names.all()] for sid, s in catalog.substances.items()}
    for sid, substance in catalog.substances.items():
        for misspelling in substance.names.misspellings:
            key = normalize(misspelling)
            for other, other_names in names.items():
                if other == sid or sid in catalog.substances[other].ingredients:
                    continue
                clash = [n for n in other_names if n.startswith(key + " ")]
                assert not clash, (sid, misspelling, other, clash)
