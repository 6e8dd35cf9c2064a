"""The rule book as data: it loads, every source resolves, and each cited rule fires where it should."""

from __future__ import annotations

import pytest

from recoverynav.interactions import Severity, check, load_engine, load_rulebook
from recoverynav.interactions.engine import _rule_matches
from recoverynav.interactions.models import CombinationRule, Rule
from recoverynav.knowledge import load_catalog
from recoverynav.references import all_references


def test_rulebook_loads_and_every_source_is_in_the_bibliography() -> None:
    book = load_rulebook()
    known = all_references()
    everything: list[Rule | CombinationRule] = [*book.rules, *book.combination_rules]
    cited = {s for r in everything for s in r.sources}
    assert cited <= set(known)
    assert book.tripsit.source in known


def test_every_class_a_rule_names_is_in_the_vocabulary() -> None:
    load_engine()  # raises on an unknown class


@pytest.mark.parametrize(
    "substance_id",
    sorted({s for r in load_rulebook().rules for sel in (r.a, r.b) for s in sel.substances}),
)
def test_specific_rules_name_existing_monographs(substance_id: str) -> None:
    assert substance_id in load_catalog().substances


def test_severity_order_is_the_issue_scale() -> None:
    ranks = [s.rank for s in (Severity.NONE_KNOWN, Severity.MINOR, Severity.MODERATE, Severity.MAJOR)]
    assert ranks == sorted(ranks) and Severity.CONTRAINDICATED.rank > Severity.MAJOR.rank
    assert Severity.MAJOR.urgent and Severity.CONTRAINDICATED.urgent and not Severity.MODERATE.urgent


# (names, lowest acceptable severity, words in the mechanism, a source that must be cited)
CASES = [
    (("baclofen", "alcohol"), Severity.MAJOR, "CNS and respiratory depression", "globalrph-kemstro-baclofen-label"),
    (("Lioresal", "beer"), Severity.MAJOR, "CNS and respiratory depression", "globalrph-kemstro-baclofen-label"),
    (
        ("oxycodone", "xanax"),
        Severity.MAJOR,
        "CNS and respiratory depression",
        "fda-dsc-2016-08-31-opioid-benzodiazepine",
    ),
    (
        ("heroin", "benzos"),
        Severity.MAJOR,
        "CNS and respiratory depression",
        "fda-dsc-2016-08-31-opioid-benzodiazepine",
    ),
    (("gabapentin", "fentanyl"), Severity.MAJOR, "CNS and respiratory depression", "fda-dsc-2019-12-19-gabapentinoids"),
    (("pregabalin", "alcohol"), Severity.MAJOR, "CNS and respiratory depression", "fda-dsc-2019-12-19-gabapentinoids"),
    (("diazepam", "alcohol"), Severity.MAJOR, "CNS", "fda-dsc-2020-09-23-benzodiazepine-boxed-warning"),
    (("ghb", "alcohol"), Severity.MAJOR, "CNS", "openfda-label-xyrem-926eb076"),
    (("buprenorphine", "clonazepam"), Severity.MAJOR, "CNS", "fda-dsc-2017-09-20-mat-benzodiazepines"),
    (("tramadol", "sertraline"), Severity.MAJOR, "serotonin syndrome", "globalrph-ultram-er-tramadol-label"),
    (("tramadol", "fluoxetine"), Severity.MAJOR, "seizures", "globalrph-ultram-er-tramadol-label"),
    (("fentanyl", "sertraline"), Severity.MAJOR, "serotonin syndrome", "fda-dsc-2016-03-22-opioid-class-labeling"),
    (("phenelzine", "sertraline"), Severity.CONTRAINDICATED, "serotonin syndrome", "pfizer-nardil-phenelzine-label"),
    (("phenelzine", "cocaine"), Severity.CONTRAINDICATED, "hypertensive crisis", "pfizer-nardil-phenelzine-label"),
    (("Nardil", "amphetamine"), Severity.CONTRAINDICATED, "hypertensive crisis", "pfizer-nardil-phenelzine-label"),
    (("phenelzine", "alcohol"), Severity.MAJOR, "CNS", "pfizer-nardil-phenelzine-label"),
    # tramadol's own serotonin rule (major) must not lower the MAOI label's contraindication
    (("phenelzine", "tramadol"), Severity.CONTRAINDICATED, "serotonin syndrome", "pfizer-nardil-phenelzine-label"),
    (("Nardil", "ultram"), Severity.CONTRAINDICATED, "serotonin syndrome", "globalrph-ultram-er-tramadol-label"),
    (("phenelzine", "mdma"), Severity.CONTRAINDICATED, "serotonin syndrome", "pfizer-nardil-phenelzine-label"),
    (
        ("phenelzine", "methamphetamine"),
        Severity.CONTRAINDICATED,
        "hypertensive crisis",
        "pfizer-nardil-phenelzine-label",
    ),
    (("phenelzine", "dextromethorphan"), Severity.CONTRAINDICATED, "serotonin", "pfizer-nardil-phenelzine-label"),
    (("methadone", "amitriptyline"), Severity.MAJOR, "QT prolongation", "bccsu-qt-prolonging-medications"),
    (("cocaine", "alcohol"), Severity.MODERATE, "masking", "georgia-dph-polysubstance-mixing-drugs"),
    (("coke", "beer"), Severity.MAJOR, "cocaethylene", "van-amsterdam-2024-alcohol-cocaine-cardiovascular"),
    (("ketamine", "alcohol"), Severity.MAJOR, "CNS", "drugs-com-ketamine-cns-depressants"),
    (("K", "xanax"), Severity.MAJOR, "CNS", "drugs-com-ketamine-cns-depressants"),
    (("ketamine", "fentanyl"), Severity.MAJOR, "CNS", "palamar-2022-ketamine-poisonings"),
    (("ketamine", "G"), Severity.MAJOR, "CNS", "palamar-2022-ketamine-poisonings"),
    (("ketamine", "Ambien"), Severity.MAJOR, "CNS", "drugs-com-ketamine-cns-depressants"),
    (("cocaine", "heroin"), Severity.MAJOR, "masking", "tripsit-drugs-combos"),
    (("metaxalone", "sertraline"), Severity.MAJOR, "serotonin syndrome", "pfizer-skelaxin-warnings"),
    (("Skelaxin", "oxycodone"), Severity.MAJOR, "CNS", "cdc-polysubstance-use-facts"),
    (
        ("Flexeril", "Nardil"),
        Severity.CONTRAINDICATED,
        "serotonin syndrome",
        "dailymed-cyclobenzaprine-tablet-ec636fad",
    ),
    (("weed", "xanax"), Severity.MODERATE, "CNS", "globalrph-marinol-dronabinol-label"),
    (("baclofen", "amitriptyline"), Severity.MAJOR, "muscle relaxation", "mims-pms-baclofen"),
    # issue #11: monographs for names people type that were unknown
    (("fluvoxamine", "tizanidine"), Severity.CONTRAINDICATED, "blood levels", "openfda-label-zanaflex-60c27d35"),
    (("Cipro", "Zanaflex"), Severity.CONTRAINDICATED, "blood levels", "openfda-label-zanaflex-60c27d35"),
    (("lithium", "ibuprofen"), Severity.MAJOR, "blood levels", "jcp-1990-lithium-nsaid-interactions"),
    (("Tylenol", "alcohol"), Severity.MODERATE, "liver", "openfda-label-acetaminophen-otc-liver-warning"),
    (("paracetamol", "Percocet"), Severity.MODERATE, "liver", "openfda-label-oxycodone-acetaminophen"),
    (("tranq", "fentanyl"), Severity.MAJOR, "CNS", "cdc-what-you-should-know-xylazine"),
    (("kratom", "alcohol"), Severity.MAJOR, "CNS", "reuters-2017-11-14-fda-gottlieb-kratom-statement"),
    (("duloxetine", "tramadol"), Severity.MAJOR, "serotonin syndrome", "globalrph-ultram-er-tramadol-label"),
    (("Cymbalta", "Nardil"), Severity.CONTRAINDICATED, "serotonin syndrome", "pfizer-nardil-phenelzine-label"),
    (("lithium", "sertraline"), Severity.MAJOR, "serotonin syndrome", "fda-zoloft-safety-labeling-changes"),
    (("Luvox", "tramadol"), Severity.MAJOR, "serotonin syndrome", "fda-srlc-luvox-cr-2017"),
]


@pytest.mark.parametrize(("names", "at_least", "mechanism", "source"), CASES)
def test_rule_table(names: tuple[str, str], at_least: Severity, mechanism: str, source: str) -> None:
    report = check(list(names))
    pair = [f for f in report.findings if f.kind == "pair"]
    assert len(pair) == 1
    finding = pair[0]
    assert finding.severity.rank >= at_least.rank
    assert mechanism.casefold() in finding.mechanism.casefold()
    assert source in {s.id for s in finding.sources}
    assert finding.effects and finding.advice
    assert all(s.title and s.link.startswith("http") for s in finding.sources)


def test_no_rule_is_outranked_by_a_milder_specific_rule() -> None:
    """Stricter wins: every pair finding is at least as severe as each cited rule that matches it."""
    engine = load_engine()
    book = load_rulebook()
    for (a, b), finding in engine.pairs.items():
        for hit in finding.mechanisms:
            matching = [
                r for r in book.rules if r.mechanism == hit.id and _rule_matches(r, a, b, engine.classes, engine.ids)
            ]
            assert all(hit.severity.rank >= r.severity.rank for r in matching), (a, b, hit)


@pytest.mark.parametrize(
    "names",
    [("baclofen", "alcohol", "xanax"), ("oxycodone", "gabapentin", "zolpidem"), ("ketamine", "beer", "valium")],
)
def test_whole_combination_finding_cites_fda_and_cdc_not_a_commercial_checker_page(names: tuple[str, ...]) -> None:
    """#11: the 3+ depressant finding once cited a Drugs.com ketamine/midazolam page; it cites FDA and CDC."""
    report = check(list(names))
    combined = [f for f in report.findings if f.kind == "combination"]
    assert len(combined) == 1
    cited = {s.id for s in combined[0].sources}
    assert {"cdc-polysubstance-use-facts", "fda-dsc-2016-08-31-opioid-benzodiazepine"} <= cited
    assert not any(s.startswith("drugs-com") for s in cited)
