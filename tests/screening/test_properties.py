"""Properties: any valid answers give a score inside the published range and exactly one band."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from recoverynav.screening import Instrument, list_instruments, score_instrument

INSTRUMENTS = list_instruments()


def valid_answers(instrument: Instrument) -> st.SearchStrategy[list[int]]:
    return st.tuples(*(st.integers(0, len(item.options) - 1) for item in instrument.items)).map(list)


@pytest.mark.parametrize("instrument", INSTRUMENTS, ids=lambda i: i.id)
def test_score_stays_in_range_for_any_valid_answers(instrument: Instrument) -> None:
    @settings(max_examples=150, deadline=None)
    @given(answers=valid_answers(instrument), sex=st.sampled_from([None, "female", "male"]))
    def check(answers: list[int], sex: str | None) -> None:
        result = score_instrument(instrument, answers, sex=sex)
        assert instrument.min_score <= result.score <= instrument.max_score
        matching = [b for b in instrument.bands if b.id == result.band and b.min <= result.score <= b.max]
        assert matching, (result.band, result.score)
        assert result.next_steps and result.meaning

    check()


@pytest.mark.parametrize("instrument", [i for i in INSTRUMENTS if i.scoring == "sum"], ids=lambda i: i.id)
def test_sum_equals_points_of_counted_answers(instrument: Instrument) -> None:
    @settings(max_examples=100, deadline=None)
    @given(answers=valid_answers(instrument))
    def check(answers: list[int]) -> None:
        result = score_instrument(instrument, answers)
        assert result.score == sum(a.points for a in result.answers if a.counted)

    check()


@settings(max_examples=200, deadline=None)
@given(answers=st.lists(st.integers(0, 1), min_size=10, max_size=10))
def test_dast_score_counts_yes_except_item_3(answers: list[int]) -> None:
    expected = sum(answers) - answers[2] + (1 - answers[2])
    assert score_instrument("dast-10", answers).score == expected


@settings(max_examples=200, deadline=None)
@given(answers=st.tuples(st.integers(0, 4), st.integers(0, 4), st.integers(0, 4)).map(list))
def test_audit_c_female_positive_whenever_male_positive(answers: list[int]) -> None:
    # The women's cut-off is lower, so a man's positive screen is always a woman's positive screen.
    if score_instrument("audit-c", answers, sex="male").positive:
        assert score_instrument("audit-c", answers, sex="female").positive
