"""Load and validate ``rules.yaml`` and the bundled TripSit combo chart (``tripsit_combos.json``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from recoverynav.datafiles import read_yaml
from recoverynav.interactions.models import CombinationRule, Rule, RuleBook
from recoverynav.references import check_ids

TRIPSIT_FILE = "tripsit_combos.json"


@dataclass(frozen=True)
class TripSitCombo:
    """TripSit's rating for two groups, the stricter of its two directed entries."""

    status: str
    note: str | None


@dataclass(frozen=True)
class TripSitChart:
    """The trimmed chart: ratings by unordered group pair, plus the attribution to show."""

    combos: dict[frozenset[str], TripSitCombo]
    definitions: dict[str, str]
    attribution: str
    licence: str


@dataclass(frozen=True)
class Words:
    """The rule book's words in one language: what a report in that language says.

    ``text`` maps each English effect or advice statement to its translation (empty for English: the statements
    are said as written); a statement it lacks (TripSit's own note) stays English.
    """

    lang: str
    labels: dict[str, str]
    text: dict[str, str]
    none_known: str
    urgent_when: str
    overlap: str


def book_words(book: RuleBook, lang: str) -> Words:
    """``book``'s words in ``lang`` ("es"; anything else is English). Raises ValueError when one English statement
    is translated two ways in different rules (a report could not say which)."""
    if lang != "es":
        return Words(
            lang="en",
            labels={m.id: m.label for m in book.mechanisms},
            text={},
            none_known=book.none_known,
            urgent_when=book.urgent.when,
            overlap=book.overlap,
        )
    text: dict[str, str] = {}
    everything: list[Rule | CombinationRule] = [*book.rules, *book.combination_rules]
    pairs: list[tuple[str, str, str]] = [
        (rule.id, en, es)
        for rule in everything
        for en, es in (*zip(rule.effects, rule.es.effects, strict=True), *zip(rule.advice, rule.es.advice, strict=True))
    ]
    pairs += [("tripsit", en, es) for en, es in zip(book.tripsit.advice, book.tripsit.es.advice, strict=True)]
    for where, en, es in pairs:
        if text.setdefault(en, es) != es:
            raise ValueError(
                f"interactions/rules.yaml ({where}): {en!r} is translated differently elsewhere; use one Spanish text"
            )
    return Words(
        lang="es",
        labels={m.id: m.es.label for m in book.mechanisms},
        text=text,
        none_known=book.es.none_known,
        urgent_when=book.urgent.es.when,
        overlap=book.es.overlap,
    )


@cache
def load_words(lang: str) -> Words:
    """The validated rule book's words in ``lang`` ("en" or "es")."""
    return book_words(load_rulebook(), lang)


@cache
def load_rulebook() -> RuleBook:
    """Validate ``rules.yaml``; raises on the first problem, including a source id not in the bibliography."""
    book = RuleBook.model_validate(read_yaml("recoverynav.interactions", "rules.yaml"))
    everything: list[Rule | CombinationRule] = [*book.rules, *book.combination_rules]
    for rule in everything:
        check_ids(rule.sources, where=f"interactions/rules.yaml ({rule.id})")
    check_ids(book.urgent.sources, where="interactions/rules.yaml (urgent)")
    check_ids([book.tripsit.source, *book.tripsit.advice_sources], where="interactions/rules.yaml (tripsit)")
    missing = sorted(set(book.tripsit.severity) ^ set(STATUS_ORDER))
    if missing:
        raise ValueError(f"interactions/rules.yaml (tripsit.severity): map exactly TripSit's statuses; check {missing}")
    book_words(book, "es")
    return book


# TripSit's categories from most to least harmful (combo_definitions.json order).
STATUS_ORDER: tuple[str, ...] = (
    "Dangerous",
    "Unsafe",
    "Caution",
    "Low Risk & Decrease",
    "Low Risk & No Synergy",
    "Low Risk & Synergy",
    "Unknown",
)


@cache
def load_tripsit() -> TripSitChart:
    """The bundled chart. Directed entries can disagree (a->b vs b->a); the stricter status is kept."""
    raw: dict[str, Any] = json.loads(
        (resources.files("recoverynav.interactions") / TRIPSIT_FILE).read_text(encoding="utf-8")
    )
    combos: dict[frozenset[str], TripSitCombo] = {}
    for group_a, partners in raw["combos"].items():
        for group_b, entry in partners.items():
            status = entry["status"]
            if status not in STATUS_ORDER:
                raise ValueError(f"{TRIPSIT_FILE}: unknown status {status!r} for {group_a} + {group_b}")
            key = frozenset((group_a, group_b))
            current = combos.get(key)
            note: str | None = entry.get("note")
            if current is None or STATUS_ORDER.index(status) < STATUS_ORDER.index(current.status):
                combos[key] = TripSitCombo(status=status, note=note or (current.note if current else None))
            elif current.note is None and note:
                combos[key] = TripSitCombo(status=current.status, note=note)
    return TripSitChart(
        combos=combos,
        definitions=dict(raw["definitions"]),
        attribution=raw["source"]["attribution"],
        licence=raw["source"]["licence"],
    )
