"""The payment guide (#17): every payment type in every state answers with cited text and a finder search."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from recoverynav.coverage import (
    PAYMENT_TYPES,
    GuideAnswer,
    UnknownPaymentError,
    UnknownStateError,
    guide_for,
    guide_states,
    load_guide,
)
from recoverynav.coverage.guide import PLANS, GuideFile
from recoverynav.datafiles import read_yaml
from recoverynav.directory import catalogue, load_choices
from recoverynav.directory.gazetteer import states as directory_states
from recoverynav.references import get_reference

STATES = sorted(guide_states())
FIFTY_AND_DC = {code for code in directory_states() if code not in {"AS", "GU", "MP", "PR", "VI", "FM", "MH", "PW"}}


def _statements(answer: GuideAnswer) -> list[Any]:
    return [*answer.covers, *answer.route, *answer.questions, *answer.apply]


def _assert_cited(answer: GuideAnswer) -> None:
    cited = {c.id: c.n for c in answer.citations}
    assert [c.n for c in answer.citations] == list(range(1, len(answer.citations) + 1))
    for statement in _statements(answer):
        assert statement.text.strip() and statement.sources
        assert set(statement.sources) <= set(cited), statement.text
    assert answer.medicaid.sources and set(answer.medicaid.sources) <= set(cited)
    assert set(cited) == {i for s in _statements(answer) for i in s.sources} | set(answer.medicaid.sources)
    for citation in answer.citations:
        assert citation.link.startswith("https://") and get_reference(citation.id).verified


@pytest.mark.parametrize("payment", PAYMENT_TYPES)
def test_every_state_answers_with_cited_text_and_a_search(payment: str) -> None:
    for state in STATES:
        answer = guide_for(payment, state)
        assert (answer.payment, answer.state) == (payment, state)
        assert answer.covers and answer.route and answer.apply
        assert bool(answer.questions) == (payment in PLANS)
        _assert_cited(answer)
        assert answer.state_name in answer.medicaid.text
        assert answer.medicaid.as_of == dt.date(2026, 1, 14)
        first = answer.searches[0]
        assert answer.codes == first.codes and first.query.payment and first.query.near == state
        assert answer.all_programs.near == state and answer.all_programs.payment is None


@given(st.sampled_from(PAYMENT_TYPES), st.sampled_from(STATES), st.sampled_from(["", " ", "  "]))
def test_case_and_blanks_do_not_change_the_answer(payment: str, state: str, pad: str) -> None:
    assert guide_for(f"{pad}{payment.upper()}{pad}", f"{pad}{state.lower()}{pad}") == guide_for(payment, state)


@given(st.text(min_size=0, max_size=6))
def test_an_unknown_state_names_the_field(state: str) -> None:
    if state.strip().upper() in guide_states():
        return
    with pytest.raises(UnknownStateError) as caught:
        guide_for("medicaid", state)
    assert caught.value.field == "state" and str(caught.value).startswith("state: ")


@given(st.text(max_size=12))
def test_an_unknown_payment_names_the_field(payment: str) -> None:
    if payment.strip().casefold() in PAYMENT_TYPES:
        return
    with pytest.raises(UnknownPaymentError) as caught:
        guide_for(payment, "VA")
    assert caught.value.field == "payment" and caught.value.allowed == list(PAYMENT_TYPES)


def test_the_table_covers_the_fifty_states_and_dc_and_marks_the_territories() -> None:
    table = load_guide().expansion.states
    assert {code for code, row in table.items() if row.status != "not_in_table"} == FIFTY_AND_DC
    assert {code for code, row in table.items() if row.status == "not_in_table"} == {"AS", "GU", "MP", "PR", "VI"}
    assert set(table) <= set(directory_states())  # the finder can search near every one of them


# Rows as KFF and the states' own announcements date them (see references/sources/coverage.yaml).
@pytest.mark.parametrize(
    ("state", "status", "implemented"),
    [
        ("CA", "adopted", dt.date(2014, 1, 1)),
        ("MI", "adopted", dt.date(2014, 4, 1)),
        ("NH", "adopted", dt.date(2014, 8, 15)),
        ("LA", "adopted", dt.date(2016, 7, 1)),
        ("VA", "adopted", dt.date(2019, 1, 1)),
        ("ME", "adopted", dt.date(2019, 1, 10)),
        ("NE", "adopted", dt.date(2020, 10, 1)),
        ("OK", "adopted", dt.date(2021, 7, 1)),
        ("MO", "adopted", dt.date(2021, 10, 1)),
        ("SD", "adopted", dt.date(2023, 7, 1)),
        ("NC", "adopted", dt.date(2023, 12, 1)),
        ("DC", "adopted", dt.date(2014, 1, 1)),
        ("TX", "not_adopted", None),
        ("FL", "not_adopted", None),
        ("WI", "not_adopted", None),
        ("WY", "not_adopted", None),
        ("PR", "not_in_table", None),
    ],
)
def test_expansion_rows(state: str, status: str, implemented: dt.date | None) -> None:
    medicaid = guide_for("none", state).medicaid
    assert (medicaid.status, medicaid.implemented) == (status, implemented)


def test_late_adopters_cite_their_own_announcement() -> None:
    assert "ncdhhs-medicaid-expansion-2023" in guide_for("medicaid", "NC").medicaid.sources
    assert "cms-south-dakota-expansion-2023" in guide_for("medicaid", "SD").medicaid.sources
    assert "lsmo-missouri-medicaid-expansion" in guide_for("medicaid", "MO").medicaid.sources
    assert guide_for("medicaid", "WI").medicaid.note  # covers adults to 100% FPL without the ACA expansion


def test_each_answer_searches_the_finder_payment_answer_with_its_locator_codes() -> None:
    answers = {c.id: c for c in load_choices().answers("payment")}
    known = catalogue()
    for payment in PAYMENT_TYPES:
        for search in guide_for(payment, "VA").searches:
            assert search.codes == answers[str(search.query.payment)].any_of
            assert {known[c].category for c in search.codes} <= {"PAY", "PYAS"}
    assert guide_for("va", "VA").codes == ("VAF",)
    assert guide_for("ihs", "AK").codes == ("ITU",)
    assert guide_for("none", "TX").codes == ("NP", "SS", "PA", "SF")
    assert [s.query.payment for s in guide_for("none", "TX").searches] == ["none", "state"]


def _raw() -> dict[str, Any]:
    raw: dict[str, Any] = read_yaml("recoverynav.coverage", "guide.yaml")
    return raw


def test_the_file_is_valid_and_its_checks_catch_mistakes() -> None:
    GuideFile.model_validate(_raw())
    missing = _raw()
    missing["payments"] = missing["payments"][1:]
    with pytest.raises(ValidationError, match="exactly once"):
        GuideFile.model_validate(missing)
    undated = _raw()
    undated["expansion"]["states"]["VA"] = {"name": "Virginia", "status": "adopted"}
    with pytest.raises(ValidationError, match="needs its date"):
        GuideFile.model_validate(undated)
    flipped = _raw()
    flipped["expansion"]["states"]["TX"] = {"name": "Texas", "status": "adopted", "implemented": "2026-01-01"}
    with pytest.raises(ValidationError, match="41 adopting and 10 other"):
        GuideFile.model_validate(flipped)
    unsourced = _raw()
    unsourced["questions"][0]["sources"] = []
    with pytest.raises(ValidationError):
        GuideFile.model_validate(unsourced)


def test_no_phone_number_but_the_national_helpline_is_written_in_the_guide() -> None:
    import re

    text = " ".join(s.text for p in load_guide().payments for s in (*p.covers, *p.route))
    assert set(re.findall(r"\d-\d{3}-\d{3}-\d{4}", text)) == {"1-800-662-4357"}
    assert "1-800-662-HELP (4357)" in str(get_reference("samhsa-national-helpline").supports)
