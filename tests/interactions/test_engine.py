"""check_combination: the seed's groups, whole-combination findings, duplicates, unknown names, none_known."""

from __future__ import annotations

from itertools import combinations

import pytest

from recoverynav.interactions import Severity, UnknownNamesError, check, check_combination, load_engine

# The seed: baclofen with alcohol, tranquilizers, sleeping pills or other muscle relaxants.
SEED = [
    "baclofen",
    "alcohol",
    "benzodiazepines",
    "tranquilizers",
    "xanax",
    "z-drugs",
    "sleeping pills",
    "zolpidem",
    "barbiturates",
    "phenobarbital",
    "carisoprodol",
    "cyclobenzaprine",
    "tizanidine",
    "methocarbamol",
    "metaxalone",
]


@pytest.mark.parametrize(("a", "b"), list(combinations(SEED, 2)))
def test_every_pair_of_the_seed_groups_is_at_least_major(a: str, b: str) -> None:
    report = check([a, b])
    assert report.highest_severity.rank >= Severity.MAJOR.rank, (a, b, report.findings)


def test_baclofen_alcohol_names_the_cns_mechanism_and_a_source() -> None:
    report = check(["baclofen", "alcohol"])
    assert report.highest_severity == Severity.MAJOR
    finding = report.findings[0]
    assert finding.substances == ("alcohol", "baclofen")
    assert "CNS" in finding.mechanism
    assert finding.sources[0].id == "globalrph-kemstro-baclofen-label"


@pytest.mark.parametrize(
    "names",
    [
        ["baclofen", "alcohol", "xanax"],
        ["oxycodone", "gabapentin", "beer"],
        ["Ambien", "Soma", "Valium", "wine"],
        ["ketamine", "alcohol", "xanax"],  # ketamine counts although it is not tagged a CNS depressant
    ],
)
def test_three_depressants_give_the_cumulative_finding(names: list[str]) -> None:
    report = check(names)
    whole = [f for f in report.findings if f.kind == "combination"]
    assert len(whole) == 1
    assert whole[0].severity == Severity.MAJOR
    assert len(whole[0].substances) == len(names)
    assert report.findings[0] == whole[0]  # the whole-combination finding leads


def test_two_depressants_give_no_cumulative_finding() -> None:
    assert not [f for f in check(["baclofen", "alcohol"]).findings if f.kind == "combination"]


def test_a_class_and_its_member_count_once_for_the_cumulative_finding() -> None:
    report = check(["benzos", "xanax", "alcohol"])
    assert not [f for f in report.findings if f.kind == "combination"]
    assert any("overlap" in note for note in report.notes)


def test_the_same_substance_under_two_names_is_flagged() -> None:
    report = check(["Xanax", "alprazolam"])
    assert [s.id for s in report.substances] == ["alprazolam"]
    assert report.substances[0].entered_as == ("alprazolam", "xanax")
    duplicate = [f for f in report.findings if f.kind == "duplicate"]
    assert len(duplicate) == 1 and duplicate[0].substances == ("alprazolam",)
    assert duplicate[0].severity == Severity.MODERATE and duplicate[0].sources


def test_none_known_says_absence_of_data_is_not_proof_of_safety() -> None:
    report = check(["nicotine", "sertraline"])
    assert report.findings == ()
    assert report.highest_severity == Severity.NONE_KNOWN
    assert any("not proof of safety" in note for note in report.notes)


def test_unknown_names_are_all_reported_with_suggestions() -> None:
    with pytest.raises(UnknownNamesError) as caught:
        check_combination(["baclofen", "zzqqxx", "alcohoool", "notadrug"])
    queries = [e.query for e in caught.value.errors]
    assert "zzqqxx" in queries and "notadrug" in queries


def test_a_close_typo_is_corrected_and_marked() -> None:
    report = check(["baclophen", "alcohol"])
    baclofen = next(s for s in report.substances if s.id == "baclofen")
    assert baclofen.corrected


def test_empty_input_is_an_error() -> None:
    with pytest.raises(ValueError):
        check_combination([])


def test_tripsit_is_never_the_only_source_of_a_major_finding() -> None:
    for finding in load_engine().pairs.values():
        cited = {s.id for s in finding.sources} - {"tripsit-drugs-combos"}
        if finding.severity.urgent:
            assert finding.mechanisms and cited, finding
        if not finding.mechanisms:
            assert finding.severity.rank <= Severity.MODERATE.rank
            assert finding.tripsit is not None


def test_where_tripsit_is_stricter_it_wins_and_both_are_cited() -> None:
    finding = check(["cocaine", "heroin"]).findings[0]
    assert finding.tripsit is not None and finding.tripsit.status == "Dangerous"
    assert max(m.severity.rank for m in finding.mechanisms) < Severity.MAJOR.rank
    assert finding.severity == Severity.MAJOR
    ids = {s.id for s in finding.sources}
    assert {"tripsit-drugs-combos", "georgia-dph-polysubstance-mixing-drugs"} <= ids


def test_tripsit_attribution_is_given_when_its_rating_is_shown() -> None:
    report = check(["oxycodone", "xanax"])
    assert report.attribution == "TripSit (tripsit.me), TripSit/drugs"
    assert check(["baclofen", "tizanidine"]).attribution is None


def test_findings_are_ordered_strictest_first() -> None:
    report = check(["phenelzine", "sertraline", "alcohol", "tramadol"])
    ranks = [f.severity.rank for f in report.findings]
    assert ranks == sorted(ranks, reverse=True)
    assert report.highest_severity == Severity.CONTRAINDICATED
