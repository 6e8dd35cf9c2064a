"""Opioid dependence suggests finder searches for medication prescribers and programs (typed queries, no URLs)."""

from __future__ import annotations

from recoverynav.directory import FinderQuery
from recoverynav.placement import Facts, recommend_level


def test_opioid_dependence_searches_for_buprenorphine_and_methadone_near_the_place() -> None:
    rec = recommend_level(Facts(substances=["oxycodone"], daily_use=True, withdrawal_symptoms="moderate", near="94110"))
    assert [link.query for link in rec.medication_finder_links] == [
        FinderQuery(medication="BU", near="94110"),
        FinderQuery(medication="METH", near="94110"),
    ]


def test_the_finder_query_asks_for_every_facility_code_near_the_place() -> None:
    rec = recommend_level(Facts(substances=["alcohol"], daily_use=True, pregnant=True, near="22902"))
    assert rec.finder_query == FinderQuery(codes=tuple(rec.facility_codes), near="22902")
    assert "PW" in rec.finder_query.codes


def test_no_medication_links_without_opioid_dependence() -> None:
    rec = recommend_level(Facts(substances=["alcohol"], daily_use=True, withdrawal_symptoms="mild"))
    assert rec.medication_finder_links == []


def test_unknown_place_is_an_input_error_naming_near() -> None:
    import pytest
    from pydantic import ValidationError

    with pytest.raises(ValidationError) as info:
        Facts(substances=["alcohol"], near="91,0")
    assert info.value.errors()[0]["loc"] == ("near",)
    assert Facts(substances=["alcohol"], near=" 22902 ").near == "22902"
