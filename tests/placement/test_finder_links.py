"""Opioid dependence links to medication prescribers and programs in the facility finder."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from recoverynav.placement import Facts, recommend_level


def test_opioid_dependence_links_to_buprenorphine_and_methadone_near_the_place() -> None:
    rec = recommend_level(Facts(substances=["oxycodone"], daily_use=True, withdrawal_symptoms="moderate", near="94110"))
    links = rec.medication_finder_links
    queries = [parse_qs(urlsplit(link.url).query) for link in links]
    assert [q["medication"] for q in queries] == [["BU"], ["METH"]]
    assert all(q["near"] == ["94110"] for q in queries)
    assert all(urlsplit(link.url).path == "/find" for link in links)


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
