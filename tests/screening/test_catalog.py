"""Every instrument file loads, cites only known sources, and has the published shape."""

from __future__ import annotations

import pytest

from recoverynav.references import all_references
from recoverynav.screening import all_instruments, get_instrument, list_instruments
from recoverynav.screening.catalog import UnknownInstrumentError


@pytest.mark.parametrize(
    ("instrument_id", "items", "min_score", "max_score", "panel", "total"),
    [
        ("audit", 10, 0, 40, "72110-0", "75624-7"),
        ("audit-c", 3, 0, 12, "72109-2", "75626-2"),
        ("dast-10", 10, 0, 10, "82666-9", "82667-7"),
        ("cage-aid", 4, 0, 4, None, None),
        ("taps", 29, 0, 4, "96841-2", None),
        ("s2bi", 7, 0, 3, None, None),
        ("dsm5-sud", 12, 0, 11, None, None),
        ("ciwa-ar", 10, 0, 67, None, None),
        ("cows", 11, 0, 48, None, None),
    ],
)
def test_instrument_shape(
    instrument_id: str, items: int, min_score: int, max_score: int, panel: str | None, total: str | None
) -> None:
    instrument = get_instrument(instrument_id)
    assert len(instrument.items) == items
    assert (instrument.min_score, instrument.max_score) == (min_score, max_score)
    assert (instrument.loinc.panel, instrument.loinc.total) == (panel, total)


def test_nine_instruments_and_no_fagerstrom_or_crafft() -> None:
    assert sorted(all_instruments()) == [
        "audit", "audit-c", "cage-aid", "ciwa-ar", "cows", "dast-10", "dsm5-sud", "s2bi", "taps",
    ]  # fmt: skip


def test_every_cited_source_is_in_the_bibliography() -> None:
    known = all_references()
    for instrument in all_instruments().values():
        assert instrument.all_source_ids() <= set(known), instrument.id


@pytest.mark.parametrize("instrument", list_instruments(), ids=lambda i: i.id)
def test_permission_terms_and_sources_present(instrument: object) -> None:
    from recoverynav.screening import Instrument

    assert isinstance(instrument, Instrument)
    assert instrument.permission.terms and instrument.permission.sources
    assert all(step.text for band in instrument.bands for step in band.next_steps)


@pytest.mark.parametrize(
    ("item", "points"),
    [("q1", (0, 1, 2, 3, 4)), ("q8", (0, 1, 2, 3, 4)), ("q9", (0, 2, 4)), ("q10", (0, 2, 4))],
)
def test_audit_points_as_published(item: str, points: tuple[int, ...]) -> None:
    # Items 9 and 10 score 0, 2 or 4 only (WHO manual).
    assert tuple(o.points for o in get_instrument("audit").item(item).options) == points


@pytest.mark.parametrize(
    ("item", "points"),
    [
        ("resting-pulse", (0, 1, 2, 4)),
        ("sweating", (0, 1, 2, 3, 4)),
        ("restlessness", (0, 1, 3, 5)),
        ("pupil-size", (0, 1, 2, 5)),
        ("bone-joint-aches", (0, 1, 2, 4)),
        ("runny-nose-tearing", (0, 1, 2, 4)),
        ("gi-upset", (0, 1, 2, 3, 5)),
        ("tremor", (0, 1, 2, 4)),
        ("yawning", (0, 1, 2, 4)),
        ("anxiety-irritability", (0, 1, 2, 4)),
        ("gooseflesh", (0, 3, 5)),
    ],
)
def test_cows_points_as_published(item: str, points: tuple[int, ...]) -> None:
    assert tuple(o.points for o in get_instrument("cows").item(item).options) == points


def test_ciwa_items_1_to_9_are_0_to_7_and_orientation_0_to_4() -> None:
    items = get_instrument("ciwa-ar").items
    assert all(tuple(o.points for o in i.options) == tuple(range(8)) for i in items[:9])
    assert tuple(o.points for o in items[9].options) == tuple(range(5))


def test_dast_item_3_is_the_only_reverse_scored_item() -> None:
    dast = get_instrument("dast-10")
    assert [i.id for i in dast.items if i.reverse_scored] == ["q3"]
    assert [o.text for o in dast.item("q3").options] == ["No", "Yes"]


@pytest.mark.parametrize(("query", "expected"), [("AUDIT-C", "audit-c"), ("dast10", "dast-10"), ("CIWA Ar", "ciwa-ar")])
def test_lookup_is_forgiving(query: str, expected: str) -> None:
    assert get_instrument(query).id == expected


def test_unknown_instrument_suggests() -> None:
    with pytest.raises(UnknownInstrumentError) as caught:
        get_instrument("audti")
    assert "audit" in caught.value.suggestions
