"""The form's answers as any-of code groups, and search_any_of against a brute-force filter."""

from __future__ import annotations

from pathlib import Path

import pytest

from recoverynav.directory import FacilityQuery, any_of_groups, catalogue, search_any_of, search_facilities
from recoverynav.directory.choices import Choices, UnknownChoiceError, load_choices, matches_groups
from recoverynav.directory.repository import FacilityRepository
from recoverynav.storage import prepare_database
from tests.seeded import seed_sqlite


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> FacilityRepository:
    path: Path = tmp_path_factory.mktemp("choices") / "choices.sqlite3"
    return prepare_database(f"sqlite:///{seed_sqlite(path)}")


@pytest.mark.parametrize(
    ("answers", "groups"),
    [
        ({"payment": "medicaid"}, [["MD"]]),
        ({"payment": "medicare"}, [["MC"]]),
        ({"payment": "private"}, [["PI"]]),
        ({"payment": "military"}, [["MI"]]),
        # No insurance: free care, sliding fee, payment assistance or paying yourself - any one will do.
        ({"payment": "none"}, [["NP", "SS", "PA", "SF"]]),
        ({"payment": "NONE", "language": "sp"}, [["NP", "SS", "PA", "SF"], ["SP"]]),
        ({"care": "DT"}, [["DT", "HID", "RD", "OD", "DB", "DM"]]),
        ({"medication": "METH"}, [["METH", "MU", "MM", "OTP"]]),
        ({"age": "SNR"}, [["SNR", "SE"]]),
        ({"payment": "", "care": None}, []),
    ],
)
def test_answers_become_any_of_groups(answers: dict[str, str | None], groups: list[list[str]]) -> None:
    assert any_of_groups(**answers) == groups


def test_payment_codes_mean_what_the_catalogue_says() -> None:
    known = catalogue()
    assert [known[c].category for c in ("MD", "MC", "PI", "MI", "SF", "NP")] == ["PAY"] * 6
    assert [known[c].category for c in ("SS", "PA")] == ["PYAS"] * 2
    assert known["NP"].plain == "Free services, no payment needed"


def test_an_unknown_answer_names_the_question_and_the_options() -> None:
    with pytest.raises(UnknownChoiceError) as info:
        any_of_groups(payment="gold")
    assert info.value.field == "payment" and "none" in info.value.allowed


def test_every_choice_uses_catalogue_codes_and_a_bad_code_is_rejected() -> None:
    choices = load_choices()
    assert all(c in catalogue() for q in ("care", "payment", "age") for a in choices.answers(q) for c in a.any_of)
    raw = choices.model_dump()
    raw["payment"][0]["any_of"] = ["NOPE"]
    with pytest.raises(ValueError, match="NOPE"):
        Choices.model_validate(raw)


@pytest.mark.parametrize(
    ("codes", "groups", "expected"),
    [
        (["MD", "OP"], [["MD"], ["OP", "ORT"]], True),
        (["SS"], [["NP", "SS", "PA", "SF"]], True),
        (["MD"], [["NP", "SS", "PA", "SF"]], False),
        ([], [], True),
    ],
)
def test_matches_groups(codes: list[str], groups: list[list[str]], expected: bool) -> None:
    assert matches_groups(codes, groups) is expected


@pytest.mark.parametrize(
    ("query", "groups"),
    [
        (FacilityQuery(near="22902", radius_miles=100), [["NP", "SS", "PA", "SF"]]),
        (FacilityQuery(near="22902", radius_miles=100, page=2, page_size=5), [["NP", "SS", "PA", "SF"], ["SA"]]),
        (FacilityQuery(near="94110", radius_miles=10, codes=["RES"]), [["MD", "MC"]]),
        (FacilityQuery(near="22902", nearest=7), [["BU", "UB"]]),
        (FacilityQuery(near="22902", radius_miles=30), [["MD"]]),
    ],
)
def test_search_any_of_equals_a_brute_force_filter(
    repo: FacilityRepository, query: FacilityQuery, groups: list[list[str]]
) -> None:
    everything = query.model_copy(update={"page": 1, "page_size": 100, "nearest": 1000 if query.nearest else None})
    pool: list[str] = []
    page = 1
    while True:
        result = search_facilities(everything.model_copy(update={"page": page}), repo)
        pool += [h.frid for h in result.results if all(set(h.codes) & set(g) for g in groups)]
        if page * 100 >= result.total:
            break
        page += 1
    if query.nearest:
        pool = pool[: query.nearest]
    got = search_any_of(query, groups, repo)
    start = (query.page - 1) * query.page_size
    assert got.total == len(pool)
    assert [h.frid for h in got.results] == pool[start : start + query.page_size]
    assert got.origin is not None
