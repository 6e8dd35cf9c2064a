"""Issue #11: names people type that were unknown resolve to their own cited monograph, and the safety rules hold."""

from __future__ import annotations

import pytest

from recoverynav.interactions import Severity, check
from recoverynav.knowledge import load_catalog, lookup

# (typed name, monograph id) - generic names, brands, street names and synonyms people actually type
TYPED = [
    ("Tylenol", "acetaminophen"),
    ("paracetamol", "acetaminophen"),
    ("APAP", "acetaminophen"),
    ("ibuprofen", "ibuprofen"),
    ("Advil", "ibuprofen"),
    ("lithium", "lithium"),
    ("Lithobid", "lithium"),
    ("ciprofloxacin", "ciprofloxacin"),
    ("Cipro", "ciprofloxacin"),
    ("kratom", "kratom"),
    ("xylazine", "xylazine"),
    ("tranq", "xylazine"),
    ("duloxetine", "duloxetine"),
    ("Cymbalta", "duloxetine"),
    ("fluvoxamine", "fluvoxamine"),
    ("Luvox", "fluvoxamine"),
    ("promethazine", "promethazine"),
    ("Phenergan", "promethazine"),
    ("Seroquel", "quetiapine"),
    ("trazodone", "trazodone"),
    ("Vistaril", "hydroxyzine"),
    ("hydroxyzine", "hydroxyzine"),
    ("Soma", "carisoprodol"),
    ("Benadryl", "diphenhydramine"),
    ("Lyrica", "pregabalin"),
    ("citalopram", "citalopram"),
    ("Celexa", "citalopram"),
    ("escitalopram", "escitalopram"),
    ("Lexapro", "escitalopram"),
    ("Cipralex", "escitalopram"),
    ("paroxetine", "paroxetine"),
    ("Paxil", "paroxetine"),
    ("Paxil CR", "paroxetine"),
    ("Pexeva", "paroxetine"),
    ("Brisdelle", "paroxetine"),
]


@pytest.mark.parametrize(("typed", "expected"), TYPED)
def test_typed_name_resolves_to_its_own_monograph_without_correction(typed: str, expected: str) -> None:
    found = lookup(typed)
    assert found.substance.id == expected
    assert not found.corrected


def _every_name(substance_id: str) -> tuple[str, ...]:
    return load_catalog().substances[substance_id].names.all()


@pytest.mark.parametrize("inhibitor", ["fluvoxamine", "ciprofloxacin"])
def test_every_name_of_a_zanaflex_contraindicated_drug_with_every_tizanidine_name_is_contraindicated(
    inhibitor: str,
) -> None:
    for name in _every_name(inhibitor):
        for tizanidine in _every_name("tizanidine"):
            report = check([name, tizanidine])
            assert report.highest_severity is Severity.CONTRAINDICATED, (name, tizanidine)


def test_xylazine_with_any_opioid_says_give_naloxone_and_cites_cdc() -> None:
    catalog = load_catalog()
    opioids = [s.id for s in catalog.substances.values() if s.kind == "substance" and "opioid" in s.classes]
    assert opioids
    for opioid in opioids:
        report = check(["xylazine", opioid])
        assert report.highest_severity.urgent, opioid
        advice = " ".join(a for f in report.findings for a in f.advice)
        assert "naloxone" in advice.casefold(), opioid
        assert "cdc-what-you-should-know-xylazine" in {r.id for r in report.references}


@pytest.mark.parametrize(
    "serotonergic", ["duloxetine", "fluvoxamine", "lithium", "citalopram", "escitalopram", "paroxetine"]
)
def test_new_serotonergic_monographs_join_the_serotonin_syndrome_rules(serotonergic: str) -> None:
    report = check([serotonergic, "tramadol"])
    assert any("serotonin" in f.mechanism for f in report.findings)
    assert report.highest_severity.rank >= Severity.MAJOR.rank


def test_acetaminophen_hidden_in_opioid_combinations_is_flagged_for_every_combination_brand() -> None:
    for combined in ("Norco", "Vicodin", "Percocet", "Fioricet"):
        report = check(["Tylenol", combined])
        assert any("liver" in f.mechanism for f in report.findings), combined


def test_every_statement_of_the_new_monographs_cites_a_source_added_or_existing() -> None:
    catalog = load_catalog()
    for sid in (
        "acetaminophen",
        "ibuprofen",
        "lithium",
        "ciprofloxacin",
        "kratom",
        "xylazine",
        "duloxetine",
        "fluvoxamine",
        "citalopram",
        "escitalopram",
        "paroxetine",
    ):
        substance = catalog.substances[sid]
        assert substance.kind == "substance"
        assert all(statement.sources for statement in substance.statements())
        assert substance.sections.overdose.warning_signs or substance.sections.combined_use


SSRIS_ADDED = ["citalopram", "escitalopram", "paroxetine"]


@pytest.mark.parametrize("sid", SSRIS_ADDED)
def test_every_name_of_the_added_ssris_resolves_to_its_own_monograph(sid: str) -> None:
    for name in _every_name(sid):
        assert lookup(name).substance.id == sid, name


@pytest.mark.parametrize("sid", SSRIS_ADDED)
def test_every_name_of_the_added_ssris_with_tramadol_gives_the_serotonin_rule(sid: str) -> None:
    for name in _every_name(sid):
        report = check([name, "tramadol"])
        assert any("serotonin" in f.mechanism for f in report.findings), name
        assert report.highest_severity.rank >= Severity.MAJOR.rank, name


def _with_class(class_id: str) -> list[str]:
    catalog = load_catalog()
    return sorted(s.id for s in catalog.substances.values() if s.kind == "substance" and class_id in s.classes)


@pytest.mark.parametrize("sid", ["citalopram", "escitalopram"])
def test_citalopram_and_escitalopram_with_any_qt_prolonging_drug_is_a_major_qt_finding_citing_the_regulators(
    sid: str,
) -> None:
    # FDA (citalopram) and MHRA (both): not with other medicines that prolong the QT interval.
    others = [o for o in _with_class("qt_prolonging") if o != sid]
    assert "hydroxyzine" in others and "methadone" in others
    for other in others:
        report = check([sid, other])
        qt = [f for f in report.findings if "QT" in f.mechanism]
        assert qt and qt[0].severity.rank >= Severity.MAJOR.rank, other
        assert "mhra-dsu-2011-citalopram-escitalopram-qt" in {r.id for r in report.references}, other


def test_paroxetine_is_not_given_a_qt_class_no_source_here_says_it() -> None:
    report = check(["paroxetine", "hydroxyzine"])
    assert not any("QT" in f.mechanism for f in report.findings)


@pytest.mark.parametrize("inhibitor", ["paroxetine", "fluoxetine"])
def test_the_cyp2d6_blockers_the_tramadol_label_names_raise_tramadol_for_every_tramadol_product(inhibitor: str) -> None:
    tramadols = [s for s in _with_class("opioid") if "tramadol" in s]
    assert len(tramadols) >= 2
    for tramadol in tramadols:
        report = check([inhibitor, tramadol])
        assert any("clearing the other" in f.mechanism for f in report.findings), tramadol
        assert "tramadol-apap-label-120ty-cyp2d6" in {r.id for r in report.references}, tramadol


def test_lexapro_is_never_corrected_to_another_drug() -> None:
    for typed in ("Lexapro", "lexapro", "LEXAPRO", "Celexa", "Paxil"):
        found = lookup(typed)
        assert found.substance.id in SSRIS_ADDED and not found.corrected, typed
