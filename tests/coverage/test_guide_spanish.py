"""The payment guide in Spanish (#19): the same answer as the English, said in Spanish; loading refuses a Spanish
list with a statement missing, added or moved, and an item without its Spanish."""

from __future__ import annotations

import copy
import re
from functools import cache
from typing import Any

import pytest
from pydantic import ValidationError

from recoverynav.coverage import PAYMENT_TYPES, GuideAnswer, guide_for, guide_states, payment_types
from recoverynav.coverage.guide import GuideFile
from recoverynav.datafiles import read_yaml
from recoverynav.i18n import STATE_NAMES_ES
from recoverynav.interactions.models import numbers_in

STATES = sorted(guide_states())
PHONE = re.compile(r"\d-\d{3}-\d{3}-\d{4}")
ENGLISH_MONTHS = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December)\b"
)


@cache
def _raw_text() -> dict[str, Any]:
    raw: dict[str, Any] = read_yaml("recoverynav.coverage", "guide.yaml")
    return raw


def _raw() -> dict[str, Any]:
    return copy.deepcopy(_raw_text())


def _statements(answer: GuideAnswer) -> list[Any]:
    return [*answer.covers, *answer.route, *answer.questions, *answer.apply]


@pytest.mark.parametrize("payment", PAYMENT_TYPES)
def test_every_spanish_answer_is_the_english_answer_in_spanish(payment: str) -> None:
    for state in STATES:
        en, es = guide_for(payment, state), guide_for(payment, state, lang="es")
        # Same decision, searches and citations: only the words differ.
        same = ("payment", "state", "codes", "all_programs", "citations")
        assert all(getattr(en, f) == getattr(es, f) for f in same)
        assert [s.query for s in es.searches] == [s.query for s in en.searches]
        assert [s.codes for s in es.searches] == [s.codes for s in en.searches]
        assert es.medicaid.model_dump(exclude={"text", "note"}) == en.medicaid.model_dump(exclude={"text", "note"})
        assert bool(es.medicaid.note) == bool(en.medicaid.note)
        pairs = list(zip(_statements(en), _statements(es), strict=True))
        for english, spanish in pairs:
            assert spanish.sources == english.sources
            assert spanish.text != english.text, english.text
            assert numbers_in(spanish.text) == numbers_in(english.text)
            assert PHONE.findall(spanish.text) == PHONE.findall(english.text)
        # The state is named in Spanish, and the date is written in Spanish.
        assert es.state_name == STATE_NAMES_ES.get(en.state_name, en.state_name)
        assert es.state_name in es.medicaid.text and not ENGLISH_MONTHS.search(es.medicaid.text)
        assert numbers_in(es.medicaid.text) == numbers_in(en.medicaid.text.replace(",", ""))
        assert [s.label for s in es.searches] != [s.label for s in en.searches]


def test_labels_come_in_each_language_and_program_names_stay() -> None:
    english, spanish = payment_types(), payment_types("es")
    assert list(english) == list(spanish) == list(PAYMENT_TYPES)
    for payment, label in english.items():
        for name in ("Medicaid", "Medicare", "TRICARE"):
            assert (name in label) == (name in spanish[payment]), payment
    assert spanish["none"] == "Sin seguro"


def test_the_spanish_dates_and_notes() -> None:
    assert "entró en vigor el 1 de septiembre de 2015" in guide_for("va", "AK", lang="es").medicaid.text
    maine = guide_for("medicaid", "ME", lang="es").medicaid
    assert maine.note == "La cobertura se hizo retroactiva al 2 de julio de 2018."
    assert guide_for("medicaid", "TX", lang="es").medicaid.note is None


def _refused(raw: dict[str, Any], match: str) -> None:
    with pytest.raises(ValidationError, match=match):
        GuideFile.model_validate(raw)


@pytest.mark.parametrize("index", range(len(PAYMENT_TYPES)))
@pytest.mark.parametrize("part", ["covers", "route"])
def test_a_payment_statement_missing_or_added_is_refused(index: int, part: str) -> None:
    GuideFile.model_validate(_raw())
    missing = _raw()
    missing["payments"][index]["es"][part].pop()
    _refused(missing, rf"es\.{part} has \d+ statements, the English has")
    added = _raw()
    added["payments"][index]["es"][part].append("Una frase que el inglés no dice.")
    _refused(added, rf"es\.{part} has \d+ statements, the English has")


@pytest.mark.parametrize("part", ["questions", "apply"])
def test_a_question_or_apply_statement_missing_or_added_is_refused(part: str) -> None:
    missing = _raw()
    missing["es"][part].pop(0)
    _refused(missing, rf"es\.{part} has")
    added = _raw()
    added["es"][part].append("¿Una pregunta más?")
    _refused(added, rf"es\.{part} has")


def _movable() -> list[tuple[int, str, int, int]]:
    """Every pair of statements in one payment's list that state different numbers: swapping them is a move."""
    found = []
    for index, payment in enumerate(_raw_text()["payments"]):
        for part in ("covers", "route"):
            texts = [s["text"] for s in payment[part]]
            for a in range(len(texts)):
                for b in range(a + 1, len(texts)):
                    if numbers_in(texts[a]) != numbers_in(texts[b]):
                        found.append((index, part, a, b))
    return found


@pytest.mark.parametrize(("index", "part", "a", "b"), _movable())
def test_a_moved_statement_is_refused(index: int, part: str, a: int, b: int) -> None:
    moved = _raw()
    statements = moved["payments"][index]["es"][part]
    statements[a], statements[b] = statements[b], statements[a]
    _refused(moved, r"states .*its English statement")


def test_there_are_moves_to_catch() -> None:
    assert len(_movable()) >= 5


def test_a_changed_number_or_phone_is_refused() -> None:
    changed = _raw()
    state = next(p for p in changed["payments"] if p["id"] == "state")
    state["es"]["covers"][1] = state["es"]["covers"][1].replace("1-800-662-4357", "1-800-662-4358")
    _refused(changed, "states")


def test_an_item_without_its_spanish_is_refused() -> None:
    no_block = _raw()
    del no_block["payments"][0]["es"]
    _refused(no_block, r"payments\.0\.es")
    no_label = _raw()
    del no_label["payments"][2]["es"]["label"]
    _refused(no_label, "label")
    no_top = _raw()
    del no_top["es"]
    _refused(no_top, "es")
    no_note = _raw()
    del no_note["expansion"]["states"]["WI"]["note_es"]
    _refused(no_note, "a note needs its Spanish")
    stray = _raw()
    stray["expansion"]["states"]["TX"]["note_es"] = "Una nota sin su inglés."
    _refused(stray, "a note needs its Spanish")
    renumbered = _raw()
    renumbered["expansion"]["states"]["ME"]["note_es"] = "La cobertura se hizo retroactiva al 2 de julio de 2019."
    _refused(renumbered, "states")
