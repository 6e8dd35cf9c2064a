"""Issue #11 review: rules stated for every member of a class (kratom, NSAIDs, QT-prolonging drugs, antidepressants
that slow other drugs' clearance), so a new monograph in the class is covered the day it arrives."""

from __future__ import annotations

import pytest

from recoverynav.interactions import Severity, check, load_engine
from recoverynav.interactions.models import CombinationRule, Rule
from recoverynav.knowledge import load_catalog


def _with_class(cls: str) -> list[str]:
    return sorted(sid for sid, s in load_catalog().substances.items() if cls in s.classes)


def _pair(a: str, b: str) -> tuple[Severity, set[str]]:
    finding = load_engine().pair(*sorted((a, b)))
    assert finding is not None, (a, b)
    return finding.severity, {m.id for m in finding.mechanisms}


def test_every_opioid_like_substance_is_major_with_every_cns_depressant_and_opioid() -> None:
    """Kratom: FDA says opioid-like risks, death included; the equivalent opioid rules are major."""
    opioid_like = _with_class("opioid_like")
    assert opioid_like
    for a in opioid_like:
        for b in {*_with_class("cns_depressant"), *_with_class("opioid")}:
            severity, mechanisms = _pair(a, b)
            assert severity.rank >= Severity.MAJOR.rank and "cns_depression" in mechanisms, (a, b)


@pytest.mark.parametrize("depressants", [("alcohol", "xanax"), ("beer", "ambien"), ("gabapentin", "valium")])
def test_an_opioid_like_substance_counts_in_the_three_depressant_finding(depressants: tuple[str, str]) -> None:
    for substance in _with_class("opioid_like"):
        report = check([substance, *depressants])
        combined = [f for f in report.findings if f.kind == "combination"]
        assert len(combined) == 1 and substance in combined[0].substances, (substance, depressants)


def test_lithium_with_every_nsaid_is_major() -> None:
    nsaids = _with_class("nsaid")
    assert nsaids
    for nsaid in nsaids:
        severity, mechanisms = _pair("lithium", nsaid)
        assert severity.rank >= Severity.MAJOR.rank and "raised_level" in mechanisms, nsaid


def test_every_nsaid_with_every_alcohol_entry_warns_of_stomach_bleeding() -> None:
    for nsaid in _with_class("nsaid"):
        for drink in _with_class("alcohol"):
            severity, mechanisms = _pair(nsaid, drink)
            assert severity.rank >= Severity.MODERATE.rank and "stomach_bleeding" in mechanisms, (nsaid, drink)


def test_every_two_nsaids_warn_of_stomach_bleeding() -> None:
    nsaids = _with_class("nsaid")
    assert len(nsaids) >= 2
    for i, a in enumerate(nsaids):
        for b in nsaids[i + 1 :]:
            _, mechanisms = _pair(a, b)
            assert "stomach_bleeding" in mechanisms, (a, b)


def test_every_two_qt_prolonging_entries_warn_of_qt_prolongation() -> None:
    qt = _with_class("qt_prolonging")
    assert len(qt) >= 4
    for i, a in enumerate(qt):
        for b in qt[i + 1 :]:
            if load_catalog().substances[a].ingredients or load_catalog().substances[b].ingredients:
                continue
            severity, mechanisms = _pair(a, b)
            assert "qt_prolongation" in mechanisms and severity.rank >= Severity.MODERATE.rank, (a, b)


@pytest.mark.parametrize("regulated", ["hydroxyzine", "quetiapine"])
def test_hydroxyzine_and_quetiapine_with_any_other_qt_prolonging_entry_are_major(regulated: str) -> None:
    """MHRA: do not prescribe hydroxyzine with other QT-prolonging medicines; FDA: avoid quetiapine with them."""
    for other in _with_class("qt_prolonging"):
        if other == regulated:
            continue
        severity, mechanisms = _pair(regulated, other)
        assert severity.rank >= Severity.MAJOR.rank and "qt_prolongation" in mechanisms, other


def test_trazodone_adds_to_every_cns_depressant_and_to_alcohol() -> None:
    """The trazodone label: it may enhance the response to alcohol, barbiturates and other CNS depressants."""
    for other in _with_class("cns_depressant"):
        if other == "trazodone" or "trazodone" in load_catalog().substances[other].ingredients:
            continue
        _, mechanisms = _pair("trazodone", other)
        assert "cns_depression" in mechanisms, other
    assert check(["trazodone", "beer"]).highest_severity.rank >= Severity.MAJOR.rank


# (names, lowest severity, mechanism id, a source that must be cited)
LEVEL_CASES = [
    (("duloxetine", "fluvoxamine"), Severity.MAJOR, "raised_level", "mims-cymbalta-interactions-singapore"),
    (("Cymbalta", "Luvox"), Severity.MAJOR, "raised_level", "mims-cymbalta-interactions-singapore"),
    (("duloxetine", "alcohol"), Severity.MODERATE, "liver_injury", "news-medical-2005-cymbalta-liver-label"),
    (("fluvoxamine", "alprazolam"), Severity.MODERATE, "raised_level", "luvox-cr-label-120ty"),
    (("Luvox", "Valium"), Severity.MODERATE, "raised_level", "luvox-cr-label-120ty"),
    (("fluvoxamine", "methadone"), Severity.MAJOR, "raised_level", "luvox-cr-label-120ty"),
    (("tranq", "heroin"), Severity.MAJOR, "cns_depression", "drugpolicy-xylazine-overdose"),
]


@pytest.mark.parametrize(("names", "at_least", "mechanism", "source"), LEVEL_CASES)
def test_level_and_liver_rules(names: tuple[str, str], at_least: Severity, mechanism: str, source: str) -> None:
    pair = [f for f in check(list(names)).findings if f.kind == "pair"]
    assert len(pair) == 1
    assert pair[0].severity.rank >= at_least.rank
    assert mechanism in {m.id for m in pair[0].mechanisms}
    assert source in {s.id for s in pair[0].sources}


def test_no_rule_cites_a_names_table_as_clinical_evidence() -> None:
    """ClinPGx rows are identifiers (RxNorm, ATC), not evidence that two drugs interact."""
    from recoverynav.interactions import load_rulebook

    book = load_rulebook()
    everything: list[Rule | CombinationRule] = [*book.rules, *book.combination_rules]
    for rule in everything:
        assert not any(s.startswith("clinpgx") for s in rule.sources), rule.id
    for substance in load_catalog().substances.values():
        for statement in substance.statements():
            assert not any(s.startswith("clinpgx") for s in statement.sources), substance.id


def test_xylazine_first_aid_covers_rescue_breaths_and_the_recovery_position() -> None:
    signs = " ".join(s.text for s in load_catalog().substances["xylazine"].sections.overdose.warning_signs)
    assert "rescue breaths" in signs and "recovery position" in signs
    advice = " ".join(a for f in check(["xylazine", "fentanyl"]).findings for a in f.advice)
    assert "rescue breaths" in advice and "recovery position" in advice
