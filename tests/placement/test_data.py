"""The guide and the rules load, validate and cite only known sources; service codes are real locator codes."""

from __future__ import annotations

import pytest

from recoverynav.placement import load_guide, load_rulebook
from recoverynav.placement.guide import Level, TreatmentOption, WithdrawalLevel
from recoverynav.placement.rulebook import PlacementRules
from recoverynav.references import all_references


def test_guide_and_rules_load() -> None:
    guide, book = load_guide(), load_rulebook()
    assert [o.id for o in guide.options] == [
        "detox",
        "inpatient",
        "residential",
        "outpatient",
        "support_groups",
        "aftercare",
    ]
    assert [lv.id for lv in guide.levels] == ["0.5", "1", "OTP", "2.1", "2.5", "3.1", "3.3", "3.5", "3.7", "4"]
    assert [wm.id for wm in guide.withdrawal_levels] == ["1-WM", "2-WM", "3.2-WM", "3.7-WM", "4-WM"]
    assert all(lv.name_4th for lv in guide.levels)
    assert len(book.rules) >= 30


def test_every_cited_source_exists() -> None:
    known = all_references()
    cited = set(load_guide().source_ids()) | {s for r in load_rulebook().rules for s in r.sources}
    assert cited <= set(known)


def test_support_groups_include_12_step_and_smart_recovery() -> None:
    groups = load_guide().support_groups
    assert any(g.approach == "12-step" for g in groups)
    assert any("SMART Recovery" in g.name and g.how_to_find for g in groups)


def test_service_codes_are_in_the_locator_code_catalogue() -> None:
    from recoverynav.directory import catalogue

    guide = load_guide()
    items: list[Level | WithdrawalLevel | TreatmentOption] = [*guide.levels, *guide.withdrawal_levels, *guide.options]
    codes = {c for item in items for c in item.facility_codes}
    assert codes and codes <= set(catalogue()), sorted(codes - set(catalogue()))


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ({"when": {"no_such_answer": {"is": True}}}, "unknown answer"),
        ({"when": {"home": {"at_least": "castle"}}}, "at_least must be one of"),
        ({"level": "9"}, "is not in options.yaml"),
        ({"withdrawal_management": "5-WM"}, "is not a withdrawal level"),
        ({"reason": "Uses {unknown_placeholder} here."}, "unknown placeholders"),
        ({"sources": [], "cite_withdrawal": None}, "needs sources"),
    ],
)
def test_bad_rules_are_rejected(patch: dict[str, object], message: str) -> None:
    raw = load_rulebook().model_dump(by_alias=True, exclude_none=True)
    raw["rules"] = [{**raw["rules"][0], **patch}, *raw["rules"][1:]]
    with pytest.raises(ValueError, match=message):
        PlacementRules.model_validate(raw)
