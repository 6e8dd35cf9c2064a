"""``rules.yaml`` in Spanish (#19): every item has its ``es:`` text, loading refuses an incomplete or reordered one,
and a Spanish report says what the rules' Spanish says, with the same findings, ratings and sources."""

from __future__ import annotations

import copy
import random
from itertools import pairwise
from typing import Any

import pytest
from pydantic import ValidationError

from recoverynav.datafiles import read_yaml
from recoverynav.interactions import check_combination, load_rulebook
from recoverynav.interactions.models import CombinationRule, Rule, RuleBook, numbers_in
from recoverynav.interactions.rulebook import book_words, load_words
from recoverynav.knowledge import load_catalog

BOOK = load_rulebook()
RULES: list[Rule | CombinationRule] = [*BOOK.rules, *BOOK.combination_rules]


def _raw() -> dict[str, Any]:
    return copy.deepcopy(read_yaml("recoverynav.interactions", "rules.yaml"))


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_every_rule_has_complete_spanish(rule: Rule | CombinationRule) -> None:
    for english, spanish in ((rule.effects, rule.es.effects), (rule.advice, rule.es.advice)):
        assert len(spanish) == len(english)
        for en, es in zip(english, spanish, strict=True):
            assert es.strip() and es != en, f"{rule.id}: {en!r} is not translated"
            assert numbers_in(es) == numbers_in(en)


def test_every_other_text_has_spanish() -> None:
    for mechanism in BOOK.mechanisms:
        assert mechanism.es.label and mechanism.es.label != mechanism.label
    assert BOOK.urgent.es.when != BOOK.urgent.when
    assert BOOK.es.none_known != BOOK.none_known and BOOK.es.overlap != BOOK.overlap
    assert len(BOOK.tripsit.es.advice) == len(BOOK.tripsit.advice)
    assert all(es != en for en, es in zip(BOOK.tripsit.advice, BOOK.tripsit.es.advice, strict=True))
    words = load_words("es")
    assert set(words.labels) == {m.id for m in BOOK.mechanisms}
    statements = {s for r in RULES for s in (*r.effects, *r.advice)} | set(BOOK.tripsit.advice)
    assert set(words.text) == statements


def test_english_words_are_the_rules_as_written() -> None:
    for lang in ("en", "fr", ""):
        words = load_words(lang)
        assert words.lang == "en" and words.text == {} and words.none_known == BOOK.none_known
        assert words.labels == {m.id: m.label for m in BOOK.mechanisms}


def _a_rule_with(raw: dict[str, Any], test: Any) -> tuple[str, int, str]:
    """(list, index, part) of the first rule in ``raw`` whose English ``part`` passes ``test``."""
    for key in ("rules", "combination_rules"):
        for n, rule in enumerate(raw[key]):
            for part in ("effects", "advice"):
                if test(rule[part]):
                    return key, n, part
    raise AssertionError("no rule to try this on")


def test_a_translation_missing_a_statement_is_refused() -> None:
    raw = _raw()
    key, n, part = _a_rule_with(raw, lambda statements: len(statements) >= 2)
    raw[key][n]["es"][part].pop()
    with pytest.raises(ValidationError, match=rf"es\.{part} has \d+ statements, the English has"):
        RuleBook.model_validate(raw)


def test_a_translation_with_an_added_statement_is_refused() -> None:
    raw = _raw()
    key, n, part = _a_rule_with(raw, lambda statements: True)
    raw[key][n]["es"][part].append("Una frase que el inglés no dice.")
    with pytest.raises(ValidationError, match="translate every one"):
        RuleBook.model_validate(raw)


def test_a_translation_with_a_statement_moved_is_refused() -> None:
    raw = _raw()
    key, n, part = _a_rule_with(
        raw, lambda statements: any(numbers_in(a) != numbers_in(b) for a, b in pairwise(statements))
    )
    spanish = raw[key][n]["es"][part]
    i = next(i for i, (a, b) in enumerate(pairwise(raw[key][n][part])) if numbers_in(a) != numbers_in(b))
    spanish[i], spanish[i + 1] = spanish[i + 1], spanish[i]
    with pytest.raises(ValidationError, match="missing or moved"):
        RuleBook.model_validate(raw)


@pytest.mark.parametrize(
    "where",
    ["rule", "combination rule", "mechanism", "urgent", "tripsit", "notes"],
)
def test_an_item_without_spanish_is_refused(where: str) -> None:
    raw = _raw()
    item = {
        "rule": raw["rules"][0],
        "combination rule": raw["combination_rules"][0],
        "mechanism": raw["mechanisms"][0],
        "urgent": raw["urgent"],
        "tripsit": raw["tripsit"],
        "notes": raw,
    }[where]
    del item["es"]
    with pytest.raises(ValidationError, match="es"):
        RuleBook.model_validate(raw)


def test_the_overlap_note_keeps_its_placeholders() -> None:
    raw = _raw()
    raw["es"]["overlap"] = raw["es"]["overlap"].replace("{b}", "{c}")
    with pytest.raises(ValidationError, match="same placeholders"):
        RuleBook.model_validate(raw)


def test_one_english_sentence_translated_two_ways_is_refused() -> None:
    raw = _raw()
    seen: dict[str, tuple[int, str, int]] = {}
    for n, rule in enumerate(raw["rules"]):
        for part in ("effects", "advice"):
            for i, text in enumerate(rule[part]):
                if text in seen:
                    raw["rules"][n]["es"][part][i] += " (otra versión)"
                    with pytest.raises(ValueError, match="translated differently elsewhere"):
                        book_words(RuleBook.model_validate(raw), "es")
                    return
                seen[text] = (n, part, i)
    pytest.skip("no English sentence is shared by two rules")


def _samples() -> list[list[str]]:
    ids = sorted(load_catalog().substances)
    rng = random.Random(19)
    return [["benzos", "xanax"], ["xanax", "xanax"], ["baclofen", "alcohol", "oxycodone"]] + [
        rng.sample(ids, rng.randint(2, 4)) for _ in range(60)
    ]


@pytest.mark.parametrize("names", _samples(), ids="+".join)
def test_a_spanish_report_says_the_rules_spanish(names: list[str]) -> None:
    english, spanish = check_combination(names), check_combination(names, "es")
    words = load_words("es")
    # The same findings, ratings and sources; only the words differ.
    assert [(f.kind, f.substances, f.severity, f.sources, f.tripsit) for f in spanish.findings] == [
        (f.kind, f.substances, f.severity, f.sources, f.tripsit) for f in english.findings
    ]
    assert (spanish.highest_severity, spanish.references, spanish.substances) == (
        english.highest_severity,
        english.references,
        english.substances,
    )
    for en, es in zip(english.findings, spanish.findings, strict=True):
        assert [h.label for h in es.mechanisms] == [words.labels[h.id] for h in en.mechanisms]
        assert es.mechanism == ("; ".join(h.label for h in es.mechanisms) or words.labels["reported_harm"])
        assert list(es.advice) == [words.text[a] for a in en.advice]
        # Effects are the rules' Spanish; only TripSit's own note (a pair no cited rule covers) stays as written.
        for e_en, e_es in zip(en.effects, es.effects, strict=True):
            assert e_es == words.text[e_en] if en.mechanisms else e_es in (words.text.get(e_en), e_en)
    if english.urgent_advice:
        assert spanish.urgent_advice is not None and spanish.urgent_advice.when == BOOK.urgent.es.when
        assert spanish.urgent_advice.sources == english.urgent_advice.sources
    assert len(spanish.notes) == len(english.notes)
    if not english.findings:
        assert spanish.notes[-1] == BOOK.es.none_known


def test_overlap_notes_are_spanish_with_the_names_in() -> None:
    spanish = check_combination(["benzos", "xanax"], "es")
    head, tail = BOOK.es.overlap.split("{b}")
    assert spanish.notes and all(note.endswith(tail) for note in spanish.notes)
    assert all(" y " in note for note in spanish.notes)
    assert head.replace("{a}", "") in spanish.notes[0]
