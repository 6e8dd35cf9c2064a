"""Scores, bands and cut-offs as published: worked examples and every boundary, as tables."""

from __future__ import annotations

import pytest

from recoverynav.screening import AnswerError, get_instrument, score_instrument
from tests.screening.factories import answers_for_score

# Worked examples (answers are 0-based option indexes; AUDIT items 9-10 index 1 = 2 points, index 2 = 4 points).
WORKED = [
    ("audit", [0] * 10, None, 0, "zone-1"),
    ("audit", [1] * 8 + [0, 0], None, 8, "zone-2"),
    ("audit", [2, 1, 1, 1, 0, 0, 1, 0, 1, 0], None, 8, "zone-2"),
    ("audit", [3, 2, 2, 2, 2, 2, 2, 1, 0, 0], None, 16, "zone-3"),
    ("audit", [3, 3, 3, 2, 2, 2, 2, 1, 1, 0], None, 20, "zone-4"),
    ("audit", [4] * 8 + [2, 2], None, 40, "zone-4"),
    ("audit-c", [1, 1, 1], "male", 3, "negative"),
    ("audit-c", [2, 1, 1], "male", 4, "positive"),
    ("audit-c", [1, 1, 1], "female", 3, "positive"),
    ("audit-c", [2, 0, 0], "female", 2, "negative"),
    ("audit-c", [4, 4, 4], "male", 12, "positive"),
    # DAST-10: all "no" scores 1 (item 3 reversed); "no" to all but item 3 scores 0.
    ("dast-10", [0, 0, 1, 0, 0, 0, 0, 0, 0, 0], None, 0, "none"),
    ("dast-10", [0] * 10, None, 1, "low"),
    ("dast-10", [1, 0, 0, 1, 0, 0, 1, 0, 0, 0], None, 4, "moderate"),
    ("dast-10", [1, 1, 0, 1, 1, 1, 1, 1, 1, 1], None, 10, "severe"),
    ("cage-aid", [0, 0, 0, 0], None, 0, "negative"),
    ("cage-aid", [0, 0, 1, 0], None, 1, "positive"),
    ("cage-aid", [1, 1, 0, 0], None, 2, "clinically-significant"),
    ("cage-aid", [1, 1, 1, 1], None, 4, "clinically-significant"),
    ("ciwa-ar", [0] * 10, None, 0, "mild"),
    ("ciwa-ar", [1, 1, 1, 1, 1, 1, 1, 0, 0, 0], None, 7, "mild"),
    ("ciwa-ar", [2, 2, 1, 1, 1, 0, 0, 0, 1, 0], None, 8, "moderate"),
    ("ciwa-ar", [2, 2, 2, 2, 2, 1, 1, 1, 1, 0], None, 14, "moderate"),
    ("ciwa-ar", [7] * 9 + [4], None, 67, "severe"),
    # COWS: indexes, not points (restlessness index 2 = 3 points, gooseflesh index 1 = 3 points).
    ("cows", [0] * 11, None, 0, "below-mild"),
    ("cows", [1, 1, 1, 1, 0, 0, 0, 0, 1, 0, 0], None, 5, "mild"),
    ("cows", [3, 4, 3, 3, 3, 3, 4, 3, 3, 3, 2], None, 48, "severe"),
]


@pytest.mark.parametrize(("instrument", "answers", "sex", "score", "band"), WORKED)
def test_worked_examples(instrument: str, answers: list[int], sex: str | None, score: int, band: str) -> None:
    result = score_instrument(instrument, answers, sex=sex)
    assert (result.score, result.band) == (score, band)


# Every cut-off: the last score of one band and the first of the next.
BOUNDARIES = [
    ("audit", 7, "zone-1"), ("audit", 8, "zone-2"), ("audit", 15, "zone-2"), ("audit", 16, "zone-3"),
    ("audit", 19, "zone-3"), ("audit", 20, "zone-4"), ("audit", 40, "zone-4"),
    ("dast-10", 0, "none"), ("dast-10", 1, "low"), ("dast-10", 2, "low"), ("dast-10", 3, "moderate"),
    ("dast-10", 5, "moderate"), ("dast-10", 6, "substantial"), ("dast-10", 8, "substantial"),
    ("dast-10", 9, "severe"),
    ("cage-aid", 0, "negative"), ("cage-aid", 1, "positive"), ("cage-aid", 2, "clinically-significant"),
    ("ciwa-ar", 7, "mild"), ("ciwa-ar", 8, "moderate"), ("ciwa-ar", 14, "moderate"), ("ciwa-ar", 15, "severe"),
    ("cows", 4, "below-mild"), ("cows", 5, "mild"), ("cows", 12, "mild"), ("cows", 13, "moderate"),
    ("cows", 24, "moderate"), ("cows", 25, "moderately-severe"), ("cows", 36, "moderately-severe"),
    ("cows", 37, "severe"), ("cows", 48, "severe"),
    ("dsm5-sud", 1, "none"), ("dsm5-sud", 2, "mild"), ("dsm5-sud", 3, "mild"), ("dsm5-sud", 4, "moderate"),
    ("dsm5-sud", 5, "moderate"), ("dsm5-sud", 6, "severe"), ("dsm5-sud", 11, "severe"),
]  # fmt: skip


@pytest.mark.parametrize(("instrument", "score", "band"), BOUNDARIES)
def test_band_boundaries(instrument: str, score: int, band: str) -> None:
    answers = answers_for_score(get_instrument(instrument), score)
    result = score_instrument(instrument, answers)
    assert (result.score, result.band) == (score, band)


@pytest.mark.parametrize(
    ("sex", "score", "band"),
    [
        ("male", 3, "negative"), ("male", 4, "positive"),
        ("female", 2, "negative"), ("female", 3, "positive"),
        (None, 2, "negative"), (None, 3, "positive"),
    ],
)  # fmt: skip
def test_audit_c_cut_off_by_sex(sex: str | None, score: int, band: str) -> None:
    answers = {2: [1, 1, 0], 3: [1, 1, 1], 4: [2, 1, 1]}[score]
    assert score_instrument("audit-c", answers, sex=sex).band == band


def test_audit_c_without_sex_uses_the_lower_cut_off_and_says_so() -> None:
    result = score_instrument("audit-c", [1, 1, 1])
    assert result.positive is True
    assert "sex-not-given" in [n.id for n in result.notes]


@pytest.mark.parametrize(
    ("answers", "sex", "flagged"),
    [([1, 1, 1], None, True), ([2, 1, 1], None, False), ([1, 1, 1], "female", False), ([1, 1, 0], None, False)],
)
def test_audit_c_score_3_without_sex_notes_the_mens_cut_off(answers: list[int], sex: str | None, flagged: bool) -> None:
    notes = [n.id for n in score_instrument("audit-c", answers, sex=sex).notes]
    assert ("sex-not-given-score-3" in notes) is flagged


def test_audit_zone_4_refers_to_specialist_assessment_not_brief_counselling() -> None:
    steps = score_instrument("audit", [4] * 8 + [2, 2]).next_steps
    assert "specialist" in steps[0].text and "brief counselling" not in " ".join(s.text for s in steps)


def test_ciwa_ar_says_which_published_bands_it_uses() -> None:
    choice = get_instrument("ciwa-ar").band_choice
    assert choice is not None and "under 8" in choice.text and "over 15" in choice.text
    assert "pmc6286444-aws-instruments-table" in choice.sources


def test_audit_c_points_from_question_1_only_is_flagged() -> None:
    result = score_instrument("audit-c", [4, 0, 0], sex="male")
    assert result.band == "positive"
    assert "points-from-question-1-only" in [n.id for n in result.notes]


@pytest.mark.parametrize(("sex", "age", "flagged"), [("female", 40, True), ("male", 70, True), ("male", 40, False)])
def test_audit_lower_cut_off_note_for_women_and_over_65(sex: str, age: int, flagged: bool) -> None:
    result = score_instrument("audit", answers_for_score(get_instrument("audit"), 7), sex=sex, age=age)
    assert result.band == "zone-1"
    assert bool({"lower-cutoff-women", "lower-cutoff-over-65"} & {n.id for n in result.notes}) is flagged


@pytest.mark.parametrize(("item3", "points"), [(0, 1), (1, 0)])
def test_dast_item_3_reverse_scored(item3: int, points: int) -> None:
    answers = [0] * 10
    answers[2] = item3
    result = score_instrument("dast-10", answers)
    assert result.answers[2].answer == ("No" if item3 == 0 else "Yes")
    assert (result.answers[2].points, result.score) == (points, points)


@pytest.mark.parametrize(
    ("criteria", "prescribed", "count", "severity"),
    [
        ([], False, 0, "none"),
        (["tolerance", "withdrawal"], False, 2, "mild"),
        (["tolerance", "withdrawal"], True, 0, "none"),
        (["tolerance", "withdrawal", "craving", "cut-down"], True, 2, "mild"),
        (["tolerance", "withdrawal", "craving", "cut-down", "time-spent", "obligations"], False, 6, "severe"),
        (["tolerance", "withdrawal", "craving", "cut-down", "time-spent", "obligations"], True, 4, "moderate"),
    ],
)
def test_dsm5_tolerance_and_withdrawal_not_counted_when_only_prescribed(
    criteria: list[str], prescribed: bool, count: int, severity: str
) -> None:
    dsm = get_instrument("dsm5-sud")
    answers = {item.id: int(item.id in criteria) for item in dsm.items}
    answers["prescribed-only"] = int(prescribed)
    result = score_instrument(dsm, answers)
    assert (result.score, result.severity) == (count, severity)
    baclofen = [n for n in result.notes if n.id == "prescribed-dependence-baclofen"]
    assert bool(baclofen) is prescribed
    if baclofen:
        assert "dailymed-baclofen-tablet-b4f2f888" in baclofen[0].sources
        assert "Do not stop suddenly" in baclofen[0].text


def _taps(**yes: int) -> dict[str, int | None]:
    taps = get_instrument("taps")
    answers: dict[str, int | None] = {i.id: 0 for i in taps.items}
    answers.update(yes)
    return answers


@pytest.mark.parametrize(
    ("answers", "score", "band", "group", "group_band"),
    [
        (_taps(), 0, "no-use", "alcohol", "no-use"),
        # Alcohol: use + heavy day -> 2, higher risk.
        (_taps(**{"taps1-alcohol": 2, "taps2-alcohol-use": 1, "taps2-alcohol-heavy-day": 1}), 2, "higher-risk",
         "alcohol", "higher-risk"),
        # Heroin: use only -> 1, problem use.
        (_taps(**{"taps1-drugs": 1, "taps2-heroin-use": 1}), 1, "problem-use", "heroin", "problem-use"),
        # Tobacco: all three -> 3.
        (_taps(**{"taps1-tobacco": 4, "taps2-tobacco-use": 1, "taps2-tobacco-ten-a-day": 1,
                  "taps2-tobacco-on-waking": 1}), 3, "higher-risk", "tobacco", "higher-risk"),
        # Alcohol section at its maximum, 4.
        (_taps(**{"taps1-alcohol": 1, "taps2-alcohol-use": 1, "taps2-alcohol-heavy-day": 1,
                  "taps2-alcohol-control": 1, "taps2-alcohol-concern": 1}), 4, "higher-risk", "alcohol", "higher-risk"),
    ],
)  # fmt: skip
def test_taps_sections(answers: dict[str, int | None], score: int, band: str, group: str, group_band: str) -> None:
    result = score_instrument("taps", answers, sex="female")
    assert (result.score, result.band) == (score, band)
    assert next(g for g in result.groups if g.id == group).band == group_band


def test_taps_follow_ups_after_a_no_are_not_counted() -> None:
    # "No" to heroin use: the two follow-ups are not asked, so a stray "yes" there scores nothing.
    answers = _taps(**{"taps1-drugs": 1, "taps2-heroin-control": 1, "taps2-heroin-concern": 1})
    result = score_instrument("taps", answers)
    assert result.score == 0
    assert not next(a for a in result.answers if a.item == "taps2-heroin-control").asked


def test_taps_part_2_not_asked_when_part_1_is_all_never() -> None:
    answers: dict[str, int | None] = {f"taps1-{k}": 0 for k in ("tobacco", "alcohol", "drugs", "rx")}
    result = score_instrument("taps", answers)
    assert result.band == "no-use"
    assert not any(a.asked for a in result.answers if a.item.startswith("taps2"))


def test_taps_missing_asked_item_names_it() -> None:
    answers: dict[str, int | None] = {f"taps1-{k}": 0 for k in ("tobacco", "alcohol", "drugs", "rx")}
    answers["taps1-alcohol"] = 2
    with pytest.raises(AnswerError) as caught:
        score_instrument("taps", answers)
    assert caught.value.field == "taps2-tobacco-use"


@pytest.mark.parametrize(
    ("answers", "band"),
    [
        ([0, 0, 0, 0, 0, 0, 0], "no-use"),
        ([1, 0, 0, 0, 0, 0, 0], "lower-risk"),
        ([0, 2, 1, 0, 0, 0, 0], "moderate-risk"),
        ([0, 0, 3, 0, 0, 0, 0], "high-risk"),
        ([1, 0, 0, 3, 0, 0, 0], "high-risk"),
        # Follow-ups are not asked after "Never" to tobacco, alcohol and marijuana.
        ([0, 0, 0, 3, 3, 3, 3], "no-use"),
    ],
)
def test_s2bi_highest_frequency_sets_the_category(answers: list[int], band: str) -> None:
    assert score_instrument("s2bi", answers, age=15).band == band


def test_age_outside_validation_is_noted() -> None:
    assert "age-outside-validation" in [n.id for n in score_instrument("s2bi", [0] * 7, age=30).notes]
    assert "age-outside-validation" in [n.id for n in score_instrument("taps", _taps(), age=16).notes]


def test_next_steps_link_to_placement_and_finder() -> None:
    hrefs = {s.href for s in score_instrument("dast-10", [1] * 10).next_steps}
    assert {"/treatment/assess", "/find"} <= hrefs


@pytest.mark.parametrize(
    ("instrument", "answers", "field", "fragment"),
    [
        ("audit", [0, 0, 0], "q4", "give 10 answers"),
        ("audit", [0] * 11, "answers", "got 11"),
        ("audit", [0] * 8 + [3, 0], "q9", "options 0-2"),
        ("ciwa-ar", [0] * 9 + [5], "orientation", "options 0-4"),
        ("cows", [0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0], "restlessness", "options 0-3"),
        ("dast-10", [0] * 9 + [-1], "q10", "got -1"),
    ],
)
def test_bad_answers_name_the_item(instrument: str, answers: list[int], field: str, fragment: str) -> None:
    with pytest.raises(AnswerError) as caught:
        score_instrument(instrument, answers)
    assert caught.value.field == field
    assert fragment in str(caught.value)


@pytest.mark.parametrize(("sex", "age", "field"), [("other", None, "sex"), (None, 200, "age")])
def test_bad_sex_or_age(sex: str | None, age: int | None, field: str) -> None:
    with pytest.raises(AnswerError) as caught:
        score_instrument("audit-c", [0, 0, 0], sex=sex, age=age)
    assert caught.value.field == field


def test_unknown_item_id_in_mapping() -> None:
    with pytest.raises(AnswerError) as caught:
        score_instrument("audit-c", {"q1": 0, "q2": 0, "q3": 0, "q4": 1})
    assert caught.value.field == "q4"
