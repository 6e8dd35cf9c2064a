"""#11: the one cited withdrawal table: every class the issue names has its row, sources exist, rows are ordered."""

from __future__ import annotations

import pytest

from recoverynav.knowledge import UnknownNameError, load_catalog, withdrawal_for, withdrawal_risk, withdrawal_table
from recoverynav.knowledge.withdrawal import STOPPING_RISKS, WithdrawalTable
from recoverynav.references import all_references

# (class id or monograph id, expected stopping risk): the classes issue #11 lists, and monographs that belong to them.
EXPECTED = [
    ("alcohol", "dangerous"),
    ("benzodiazepine", "dangerous"),
    ("sedative_hypnotic", "dangerous"),
    ("z_drug", None),  # covered through sedative_hypnotic, which every Z-drug monograph also names
    ("zolpidem", "dangerous"),
    ("barbiturate", "dangerous"),
    ("ghb", "dangerous"),
    ("baclofen", "dangerous"),
    ("gabapentinoid", "dangerous"),
    ("pregabalin", "dangerous"),
    ("opioid", "treat_with_medication"),
    ("buprenorphine", "treat_with_medication"),
    ("heroin", "treat_with_medication"),
    ("stimulant", "not_dangerous"),
    ("methamphetamine", "not_dangerous"),
    ("cocaine", "not_dangerous"),
    ("cannabinoid", "not_dangerous"),
    ("cannabis", "not_dangerous"),
    ("carisoprodol", "dangerous"),
    ("Soma", "dangerous"),
    ("kratom", "treat_with_medication"),
    ("opioid_like", "treat_with_medication"),
    # antidepressants have no row: stopping them is not dangerous in the withdrawal-table sense
    ("paroxetine", None),
    ("escitalopram", None),
]


@pytest.mark.parametrize(("key", "risk"), EXPECTED)
def test_each_class_and_monograph_reads_its_row(key: str, risk: str | None) -> None:
    from recoverynav.knowledge import lookup

    row = withdrawal_risk(key) if key in load_catalog().classes else withdrawal_risk(lookup(key).substance.id)
    assert (row.stopping_risk if row else None) == risk


def test_every_row_cites_known_sources_and_rows_go_from_most_to_least_dangerous() -> None:
    rows = withdrawal_table().rows
    assert all(set(r.sources) <= set(all_references()) for r in rows)
    ranks = [STOPPING_RISKS.index(r.stopping_risk) for r in rows]
    assert ranks == sorted(ranks)


def test_a_monograph_in_a_dangerous_class_is_never_left_without_a_row() -> None:
    for substance in load_catalog().substances.values():
        row = withdrawal_for(substance)
        if {"alcohol", "benzodiazepine", "barbiturate", "gabapentinoid", "gaba_b_agonist"} & set(substance.classes):
            assert row is not None and row.stopping_risk == "dangerous", substance.id
        assert row is None or set(row.match) <= set(substance.classes), substance.id


def test_unknown_id_raises_with_suggestions() -> None:
    with pytest.raises(UnknownNameError):
        withdrawal_risk("not-a-drug-or-class")


def test_rows_out_of_order_are_rejected() -> None:
    raw = withdrawal_table().model_dump()
    raw["rows"] = list(reversed(raw["rows"]))
    with pytest.raises(ValueError, match="most to the least dangerous"):
        WithdrawalTable.model_validate(raw)


def test_monograph_json_carries_its_row_and_the_row_sources_are_numbered() -> None:
    from recoverynav.knowledge import entry_json, get_substance

    entry = entry_json(get_substance("methamphetamine"))
    assert entry["withdrawal_risk"]["stopping_risk"] == "not_dangerous"
    numbered = {ref["id"] for ref in entry["references"]}
    assert set(entry["withdrawal_risk"]["sources"]) <= numbered


def test_every_row_covers_a_monograph_and_a_substance_specific_row_covers_only_its_substance() -> None:
    """A row that matches nothing is dead; the carisoprodol and kratom rows must not catch other drugs."""
    substances = [s for s in load_catalog().substances.values() if s.kind == "substance"]
    for row in withdrawal_table().rows:
        covered = {s.id for s in substances if withdrawal_for(s) == row}
        assert covered, row.id
        if row.id in {"carisoprodol", "kratom", "baclofen"}:
            assert covered <= {row.id, f"{row.id}_acetaminophen"}, (row.id, covered)
