"""Monographs in Spanish (#19): each a whole monograph, statement for statement, citing what the English cites."""

from __future__ import annotations

import pytest

from recoverynav.knowledge import load_catalog
from recoverynav.knowledge.models import SECTION_TITLES, Statement, Translation, check_translation
from recoverynav.web.substances import SECTION_HEADINGS

# Baclofen, then the ten chosen by the proxy docs/i18n.md states: the substances most used or misused in the US in
# SAMHSA's 2023 National Survey on Drug Use and Health, each mapped to the monograph for that NSDUH category.
FIRST = [
    "baclofen",
    "alcohol", "nicotine", "cannabis", "opioids", "cocaine",
    "benzodiazepines", "stimulants", "methamphetamine", "heroin", "fentanyl",
]  # fmt: skip


def _baclofen() -> Translation:
    return load_catalog().translations["es"]["baclofen"]


def test_the_first_monographs_are_translated_and_marked_for_review() -> None:
    found = load_catalog().translations["es"]
    assert set(FIRST) <= set(found)
    # Nobody has reviewed the Spanish clinically yet: the pages say so until a reviewer changes the field.
    assert {t.review for t in found.values()} == {"FOR REVIEW"}


def test_every_spanish_statement_is_written_in_spanish() -> None:
    catalog = load_catalog()
    for sid, translated in catalog.translations["es"].items():
        english = catalog.substances[sid]
        pairs = list(zip(english.statements(), _statements(translated), strict=True))
        copied = [en.text for en, es in pairs if en.text == es.text]
        assert copied == [], f"{sid}: statements left in English"


def _statements(translated: Translation) -> list[Statement]:
    # Translation has the monograph's shape, so Substance.statements' reading order applies.
    sections = translated.sections
    found = [translated.summary]
    for name in SECTION_TITLES:
        value = getattr(sections, name)
        found += [*value.effects, *value.warning_signs, *value.dose_notes] if name == "overdose" else list(value)
    return found


def _with_statements(translated: Translation, section: str, statements: tuple[Statement, ...]) -> Translation:
    return translated.model_copy(update={"sections": translated.sections.model_copy(update={section: statements})})


def test_a_statement_that_lost_a_citation_is_refused() -> None:
    translated = _baclofen()
    english = load_catalog().substances["baclofen"]
    first, *rest = translated.sections.medical_uses
    cut = first.model_copy(update={"sources": first.sources[:1]})
    with pytest.raises(ValueError, match=r"sections\.medical_uses\[0\] must cite .*missing dailymed-gablofen"):
        check_translation(english, _with_statements(translated, "medical_uses", (cut, *rest)))


def test_a_statement_citing_something_else_is_refused() -> None:
    translated = _baclofen()
    english = load_catalog().substances["baclofen"]
    summary = translated.summary.model_copy(
        update={"sources": (*translated.summary.sources, "samhsa-tip-45-detoxification")}
    )
    with pytest.raises(ValueError, match=r"summary\[0\] must cite .*not in the English samhsa-tip-45"):
        check_translation(english, translated.model_copy(update={"summary": summary}))


def test_a_missing_or_moved_statement_is_refused() -> None:
    translated = _baclofen()
    english = load_catalog().substances["baclofen"]
    misuse = translated.sections.misuse
    with pytest.raises(ValueError, match=r"sections\.misuse has 2 statements, the English has 3"):
        check_translation(english, _with_statements(translated, "misuse", misuse[1:]))
    # Swapped statements cite different sources at their places: a moved statement cannot pass.
    with pytest.raises(ValueError, match=r"sections\.misuse\[0\] must cite"):
        check_translation(english, _with_statements(translated, "misuse", (misuse[1], misuse[0], misuse[2])))
    with pytest.raises(ValueError, match="is not the English monograph"):
        check_translation(load_catalog().substances["alcohol"], translated)


def test_section_headings_are_the_monograph_titles() -> None:
    assert SECTION_HEADINGS == SECTION_TITLES


def test_every_class_and_withdrawal_row_has_spanish_words() -> None:
    from recoverynav.knowledge import withdrawal_table

    assert [c.id for c in load_catalog().classes.values() if not c.label_es] == []
    rows = withdrawal_table().rows
    assert all(row.es.summary != row.summary and row.es.advice != row.advice for row in rows)
