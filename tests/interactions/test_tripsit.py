"""The bundled TripSit chart: attributed, symmetric (stricter direction wins), and a faithful trim of the source."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from recoverynav.interactions.rulebook import STATUS_ORDER, TRIPSIT_FILE, load_rulebook, load_tripsit
from recoverynav.interactions.tripsit_build import build

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "interactions" / "tripsit"


def test_chart_carries_the_attribution_and_licence() -> None:
    chart = load_tripsit()
    assert chart.attribution == "TripSit (tripsit.me), TripSit/drugs"
    assert "ISC" in chart.licence


def test_every_mapped_group_is_in_the_chart() -> None:
    mapping = load_rulebook().tripsit
    groups = {g for pair in load_tripsit().combos for g in pair}
    assert {*mapping.by_id.values(), *mapping.by_class.values()} <= groups


@pytest.mark.parametrize(
    ("a", "b", "status"),
    [
        ("alcohol", "benzodiazepines", "Dangerous"),
        ("opioids", "cocaine", "Dangerous"),
        ("ssris", "tramadol", "Dangerous"),
        ("mdma", "ssris", "Low Risk & Decrease"),
        ("alcohol", "cannabis", "Low Risk & Synergy"),
    ],
)
def test_known_ratings(a: str, b: str, status: str) -> None:
    assert load_tripsit().combos[frozenset((a, b))].status == status


def test_disagreeing_directions_keep_the_stricter_status() -> None:
    raw = json.loads((Path(__file__).parents[2] / "src/recoverynav/interactions" / TRIPSIT_FILE).read_text())
    combos = raw["combos"]
    for a, partners in combos.items():
        for b, entry in partners.items():
            both = [entry["status"], combos.get(b, {}).get(a, entry)["status"]]
            strictest = min(both, key=STATUS_ORDER.index)
            assert load_tripsit().combos[frozenset((a, b))].status == strictest


@pytest.mark.skipif(not (SHARED / "combos.json").exists(), reason="TripSit source copy not present")
def test_bundled_chart_matches_a_fresh_trim_of_the_source() -> None:
    bundled = json.loads((Path(__file__).parents[2] / "src/recoverynav/interactions" / TRIPSIT_FILE).read_text())
    assert bundled == build(SHARED)
