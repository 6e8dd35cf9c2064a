"""The engine in Spanish (#19): every rule, severity reason, dimension and phrase has its Spanish, loading refuses a
missing or placeholder-changed one, and a Spanish answer is the English answer in other words."""

from __future__ import annotations

import string
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from recoverynav.datafiles import read_yaml
from recoverynav.placement import Facts, load_rulebook, recommend_level
from recoverynav.placement.rulebook import PlacementRules, placeholders
from recoverynav.placement.words import PHRASES, RATING_WORDS, SEVERITY_WORDS, WITHDRAWAL_WORDS


def _raw() -> dict[str, Any]:
    data = read_yaml("recoverynav.placement", "rules.yaml")
    copy: dict[str, Any] = yaml.safe_load(yaml.safe_dump(data, allow_unicode=True))  # a deep copy to edit
    return copy


def test_every_rule_severity_reason_and_dimension_has_spanish() -> None:
    book = load_rulebook()
    for rule in book.rules:
        assert rule.es.reason.strip() and rule.es.reason != rule.reason, rule.id
        assert placeholders(rule.es.reason) == placeholders(rule.reason), rule.id
        assert (rule.es.title is None) == (rule.headline is None), rule.id
    assert all(r.because_es and r.because_es != r.because for r in book.severity_rules)
    assert all(d.plain_es and d.plain_es != d.plain for d in book.dimensions)


def test_every_phrase_has_both_languages_with_the_same_placeholders() -> None:
    def fields(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    for key, words in PHRASES.items():
        assert set(words) == {"en", "es"}, key
        assert fields(words["en"]) == fields(words["es"]), key
    for table in (WITHDRAWAL_WORDS, SEVERITY_WORDS):
        assert set(table["en"]) == set(table["es"])
    assert len(RATING_WORDS["en"]) == len(RATING_WORDS["es"]) == 5


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda rule: rule.pop("es"), r"\.es\n\s+Field required"),
        (lambda rule: rule["es"].update(reason=rule["es"]["reason"] + " {care_names}"), "same placeholders"),
        (lambda rule: rule["es"].update(reason=rule["es"]["reason"].replace("{emergency_number}", "911")), "same"),
        (lambda rule: rule["es"].update(reason=rule["es"]["reason"] + " {unknown_word}"), "same placeholders"),
        (lambda rule: rule["es"].update(title="Un titular de más"), "es.title"),
    ],
    ids=["missing", "added-placeholder", "dropped-placeholder", "unknown-placeholder", "title-without-headline"],
)
def test_loading_refuses_missing_or_placeholder_changed_spanish(edit: Any, message: str) -> None:
    raw = _raw()
    rule = next(r for r in raw["rules"] if r["id"] == "suicidal-plan-urgent")  # reason has {emergency_number}
    edit(rule)
    with pytest.raises(ValidationError, match=message):
        PlacementRules.model_validate(raw)


def test_loading_refuses_a_headline_without_its_spanish_title() -> None:
    raw = _raw()
    rule = next(r for r in raw["rules"] if r.get("headline"))
    rule["es"].pop("title")
    with pytest.raises(ValidationError, match=r"es\.title"):
        PlacementRules.model_validate(raw)


@pytest.mark.parametrize("field", ["because_es", "plain_es"])
def test_loading_refuses_a_severity_reason_or_dimension_without_spanish(field: str) -> None:
    raw = _raw()
    table = raw["severity_rules"] if field == "because_es" else raw["dimensions"]
    table[0].pop(field)
    with pytest.raises(ValidationError, match=field):
        PlacementRules.model_validate(raw)


# Answers that between them fire every rule's branch kinds: crisis, pump, medication, withdrawal, home, notes.
CASES: list[dict[str, Any]] = [
    {
        "substances": ["baclofen", "alcohol"],
        "daily_use": True,
        "daily_dose_mg": 300,
        "withdrawal_symptoms": "severe",
        "history_withdrawal_seizures_or_dts": True,
        "support_people": False,
        "home": "unsafe",
        "pregnant": True,
        "responsibilities": ["children"],
        "unstable_medical_condition": True,
    },
    {
        "substances": ["heroin", "not-a-drug-xyz"],
        "daily_use": True,
        "suicidal_thoughts": "active_plan",
        "pregnant": True,
        "cows": 30,
        "ciwa_ar": 20,
    },
    {
        "substances": ["baclofen"],
        "intrathecal_pump": True,
        "withdrawal_symptoms": "mild",
        "kidney_disease": True,
        "screening": [{"instrument": "cows", "band": "x"}, {"instrument": "dast-10", "band": "nonsense"}],
    },
    {
        "substances": ["cannabis", "nicotine"],
        "withdrawal_symptoms": "moderate",
        "readiness": "not_ready",
        "cravings": "strong",
        "prior_treatment_relapses": 3,
        "home": "others_use",
        "support_people": False,
        "co_occurring_mental_health": True,
        "suicidal_thoughts": "passive",
        "responsibilities": ["work"],
    },
    {"substances": ["alcohol"], "in_remission_after_treatment": True, "cravings": "mild", "readiness": "ambivalent"},
]


@pytest.mark.parametrize("answers", CASES)
def test_a_spanish_answer_is_the_english_answer_in_other_words(answers: dict[str, Any]) -> None:
    facts = Facts.model_validate(answers)
    en, es = recommend_level(facts), recommend_level(facts, lang="es")
    # The same decision, the same reasons from the same rules, the same sources.
    for field in ("level", "withdrawal_management", "option", "facility_codes", "finder_query", "sources", "unknown"):
        assert getattr(es, field) == getattr(en, field), field
    assert [r.rule for r in es.reasons] == [r.rule for r in en.reasons]
    assert [r.sources for r in es.reasons] == [r.sources for r in en.reasons]
    assert [(d.dimension, d.rating, d.name) for d in es.dimension_ratings] == [
        (d.dimension, d.rating, d.name) for d in en.dimension_ratings
    ]
    assert es.headline.kind == en.headline.kind and es.headline.sources == en.headline.sources
    assert len(es.next_steps) == len(en.next_steps) and len(es.notes) == len(en.notes)
    # Every sentence the person reads is other words, fully filled in.
    book = {r.id: r for r in load_rulebook().rules}
    spanish = [
        es.headline.title,
        es.headline.text,
        es.disclaimer,
        *(r.text for r in es.reasons),
        *es.next_steps,
        *es.notes,
        *(d.plain for d in es.dimension_ratings),
        *(d.label for d in es.dimension_ratings),
    ]
    english = [
        en.headline.title,
        en.headline.text,
        en.disclaimer,
        *(r.text for r in en.reasons),
        *en.next_steps,
        *en.notes,
        *(d.plain for d in en.dimension_ratings),
        *(d.label for d in en.dimension_ratings),
    ]
    for es_text, en_text in zip(spanish, english, strict=True):
        assert "{" not in es_text and "}" not in es_text
        if en_text not in {"none"} and not en_text.startswith("Suggested level"):
            assert es_text != en_text, en_text
    for reason in es.reasons:
        if reason.rule in book:
            start = " ".join(book[reason.rule].es.reason.split("{")[0].split())
            assert reason.text.startswith(start), reason.rule
    if es.urgent:
        assert es.urgent.message != en.urgent.message  # type: ignore[union-attr]
        assert [c.number for c in es.urgent.contacts] == [c.number for c in en.urgent.contacts]  # type: ignore[union-attr]
    # English words the engine fills in never leak into the Spanish sentences.
    for reason in es.reasons:
        assert " and " not in reason.text and "stopping " not in reason.text, reason.rule


def test_any_language_but_spanish_is_english() -> None:
    facts = Facts(substances=["alcohol"], daily_use=True)
    assert recommend_level(facts, lang="fr") == recommend_level(facts) == recommend_level(facts, lang="en")


def test_a_translated_monograph_is_named_by_its_spanish_name() -> None:
    from recoverynav.knowledge import load_catalog

    catalog = load_catalog()
    translations = catalog.translations["es"]
    assert translations
    for sid, translation in translations.items():
        generic = catalog.substances[sid].names.generic
        facts = Facts(substances=[generic], daily_use=True, withdrawal_symptoms="moderate")
        es = recommend_level(facts, lang="es")
        named = " ".join([*(r.text for r in es.reasons), *es.next_steps])
        assert translation.name in named, sid
        if translation.name != generic:
            assert f"{generic}:" not in named and f"de {generic} " not in named, sid
