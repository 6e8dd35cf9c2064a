"""``recoverynav check``'s compiled pair findings: fresh against their sources, and the same answers as the engine."""

from __future__ import annotations

import json
import random
from itertools import combinations
from typing import Any

import pytest

from recoverynav.interactions import Severity, UnknownNamesError, check_combination
from recoverynav.interactions.bundle import RANKS, check_bundle_dir, check_json, load_check_bundle, render_check_bundle
from recoverynav.knowledge.bundle import load_names


def test_committed_check_bundle_is_fresh() -> None:
    for name, text in render_check_bundle().items():
        assert (check_bundle_dir() / name).read_text(encoding="utf-8") == text, (
            f"interactions/{name} is stale: run `python scripts/build_bundle.py`"
        )


def test_ranks_are_the_severity_order() -> None:
    assert {severity.value: severity.rank for severity in Severity} == RANKS


def _both(names: list[str], lang: str = "en") -> tuple[Any, Any]:
    """Each path's answer as text (``--json``'s), or the error it raised (type and message)."""
    answers: list[Any] = []
    for check in (_full, check_json):
        try:
            answers.append(json.dumps(check(names, lang), ensure_ascii=False))
        except (UnknownNamesError, ValueError) as exc:
            answers.append((type(exc).__name__, str(exc)))
    return answers[0], answers[1]


def _full(names: list[str], lang: str = "en") -> dict[str, Any]:
    return check_combination(names, lang).model_dump(mode="json")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_pair_of_entries_matches_the_engine(lang: str) -> None:
    ids = sorted(load_check_bundle()["substances"])
    differing = [(a, b) for a, b in combinations(ids, 2) if len(set(_both([a, b], lang))) != 1]
    assert not differing, differing[:5]


def _samples() -> list[list[str]]:
    """Seeded lists of 1 to 6 names: generic, brand, street and class names, listed misspellings, names entered
    twice (or as two classes sharing members), typos and text that is no name."""
    index, _, misspellings = load_names()
    names = sorted(index)
    odd = ["kratomm", "xanaxx", "", "   ", "aspirin", "ice cream", "Xanax®", "OXYCODONE", "z" * 150, "benzos,"]
    rng = random.Random(21)
    lists = [[], ["xanax"], ["xanax", "xanax"], ["benzos", "tranquilizers"], ["kratomm", "xanaxx"]]
    for _ in range(250):
        pool = rng.choice((names, names, sorted(misspellings), odd))
        picked = [*rng.sample(names, rng.randint(1, 5)), rng.choice(pool)]
        rng.shuffle(picked)
        lists.append(picked)
    return lists


@pytest.mark.parametrize("names", _samples(), ids=lambda names: "+".join(names)[:60] or "empty")
def test_combinations_match_the_engine(names: list[str]) -> None:
    full, fast = _both(names)
    assert fast == full


@pytest.mark.parametrize("names", _samples()[::5], ids=lambda names: "+".join(names)[:60] or "empty")
def test_combinations_match_the_engine_in_spanish(names: list[str]) -> None:
    full, fast = _both(names, "es")
    assert fast == full
