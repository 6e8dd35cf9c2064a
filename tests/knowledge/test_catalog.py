"""The knowledge base loads, validates, cites every statement, and resolves any name."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from recoverynav.knowledge import UnknownNameError, get_substance, load_catalog, lookup, search
from recoverynav.knowledge.models import Statement, Substance
from recoverynav.references import all_references


def test_every_entry_validates_and_every_source_id_resolves() -> None:
    catalog = load_catalog()
    references = all_references()
    for substance in catalog.substances.values():
        for statement in substance.statements():
            assert statement.sources, f"{substance.id}: statement without a source: {statement.text!r}"
            for source in statement.sources:
                assert source in references, f"{substance.id}: dangling source {source!r}"


def test_statement_without_source_is_rejected() -> None:
    with pytest.raises(ValidationError, match="sources"):
        Statement.model_validate({"text": "Baclofen is a muscle relaxant.", "sources": []})


def test_substance_needs_identifiers_and_a_known_shape() -> None:
    raw = get_substance("baclofen").model_dump()
    raw["identifiers"] = None
    with pytest.raises(ValidationError, match="needs identifiers"):
        Substance.model_validate(raw)
    raw = get_substance("baclofen").model_dump()
    raw["identifiers"]["atc"] = ["M3BX1"]
    with pytest.raises(ValidationError, match="ATC"):
        Substance.model_validate(raw)


def test_dangling_source_id_fails_the_load() -> None:
    from recoverynav.references import UnknownReferenceError, check_ids

    with pytest.raises(UnknownReferenceError, match="no-such-paper"):
        check_ids(["leung-2006-baclofen-overdose", "no-such-paper"], where="test")


def test_every_reference_has_origin_year_and_locator() -> None:
    for ref in all_references().values():
        assert ref.title and ref.source and ref.year, ref.id
        assert ref.link.startswith(("https://", "http://")), ref.id


@pytest.mark.parametrize(
    ("typed", "expected", "corrected"),
    [
        ("baclofen", "baclofen", False),
        ("BACLOFEN", "baclofen", False),
        ("  Baclofen ", "baclofen", False),
        ("Lioresal", "baclofen", False),
        ("lioresal®", "baclofen", False),
        ("Gablofen", "baclofen", False),
        ("baclophen", "baclofen", True),
    ],
)
def test_lookup_by_any_name(typed: str, expected: str, corrected: bool) -> None:
    found = lookup(typed)
    assert found.substance.id == expected
    assert found.corrected is corrected


@pytest.mark.parametrize("typed", ["baclofem", "baklofen"])
def test_an_unlisted_typo_is_a_suggestion_not_a_match(typed: str) -> None:
    with pytest.raises(UnknownNameError) as info:
        lookup(typed)
    assert info.value.suggestions[:1] == ["baclofen"]


@pytest.mark.parametrize("typed", ["nosuchdrug", "", "zzzzzz", "aspirin tablets 500"])
def test_unknown_names_raise_with_a_clear_message(typed: str) -> None:
    with pytest.raises(UnknownNameError, match="No substance called"):
        lookup(typed)


def test_unknown_name_offers_suggestions_when_something_is_close() -> None:
    with pytest.raises(UnknownNameError) as info:
        lookup("baclo")
    assert "baclofen" in info.value.suggestions


@pytest.mark.parametrize(
    ("typed", "offered"),
    [
        ("baclofen high", "baclofen"),
        ("how to stop baclofen", "baclofen"),
        ("lioresal 10mg", "baclofen"),
    ],
)
def test_a_name_inside_a_longer_query_is_offered(typed: str, offered: str) -> None:
    with pytest.raises(UnknownNameError) as info:
        lookup(typed)
    assert info.value.suggestions[:1] == [offered]


def test_search_finds_by_prefix_and_brand() -> None:
    assert [s.id for s in search("bacl")][:1] == ["baclofen"]
    assert "baclofen" in [s.id for s in search("ozobax")]


def test_knowledge_base_is_large_enough() -> None:
    assert len(load_catalog().substances) >= 35


# What a relative or a helpline caller types -> the entry it must reach.
EVERYDAY_NAMES = [
    ("benzos", "benzodiazepines"),
    ("sleeping pills", "sleeping_pills"),
    ("muscle relaxers", "muscle_relaxants"),
    ("opiates", "opioids"),
    ("painkillers", "opioids"),
    ("tranquilizers", "benzodiazepines"),
    ("xanax bars", "alprazolam"),
    ("roxy", "oxycodone"),
    ("molly", "mdma"),
    ("K", "ketamine"),
    ("G", "ghb"),
    ("lean", "codeine"),
    ("purple drank", "codeine"),
    ("Tylenol #3", "acetaminophen_codeine"),
    ("codiene", "codeine"),
    ("blues", "fentanyl"),
]


@pytest.mark.parametrize(("typed", "expected"), EVERYDAY_NAMES)
def test_everyday_and_street_names_resolve(typed: str, expected: str) -> None:
    assert lookup(typed).substance.id == expected


# Unknown names whose closest strings belong to unrelated drugs: no guess beats a wrong guess.
@pytest.mark.parametrize(
    ("typed", "never"),
    [
        ("spice", "methamphetamine"),  # "ice" is a fragment, not a typo
        ("shrooms", "buprenorphine"),
        ("prochlorperazine", "amphetamine"),  # promethazine has its own monograph since #11
        ("h", "cannabis"),
        ("x", "cannabis"),
        ("ice cream", "methamphetamine"),  # a short street name as a word of everyday speech
    ],
)
def test_no_absurd_did_you_mean(typed: str, never: str) -> None:
    with pytest.raises(UnknownNameError) as info:
        lookup(typed)
    shown = load_catalog().substances[never].names.generic
    assert shown not in info.value.suggestions


@pytest.mark.parametrize(
    ("wrong_id", "suggestions"),
    [("baclofn", ["baclofen"]), ("xanax", ["alprazolam"]), ("nosuchdrug", []), ("spice", [])],
)
def test_unknown_id_suggests_like_name_lookup(wrong_id: str, suggestions: list[str]) -> None:
    with pytest.raises(UnknownNameError) as info:
        get_substance(wrong_id)
    assert info.value.suggestions == suggestions
