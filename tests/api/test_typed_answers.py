"""The typed answers of ``/api/v1/substances`` and ``/api/v1/screening`` keep every field the capability gives.

Before #14 these routes answered the capabilities' own dumps as free-form objects; each now declares a model. The
answer must still be that dump, key for key and value for value, for every monograph and every instrument.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from recoverynav.knowledge import entry_json, load_catalog, search
from recoverynav.references import resolve
from recoverynav.screening import list_instruments, score_instrument

INSTRUMENTS = [i.id for i in list_instruments()]


def test_every_monograph_answers_its_whole_entry(client: TestClient) -> None:
    for substance in load_catalog().substances.values():
        body = client.get(f"/api/v1/substances/{substance.id}").json()
        assert body == entry_json(substance), substance.id


@pytest.mark.parametrize("q", ["", "lioresal", "xan", "benzo"])
def test_search_answers_each_hit_with_the_same_five_fields(client: TestClient, q: str) -> None:
    body = client.get("/api/v1/substances", params={"q": q, "limit": 100}).json()
    expected = [
        {"id": s.id, "name": s.names.generic, "kind": s.kind, "classes": list(s.classes), "summary": s.summary.text}
        for s in search(q, limit=100)
    ]
    assert body == {"query": q, "results": expected}


def test_the_list_names_every_instrument_with_its_range(client: TestClient) -> None:
    listed = client.get("/api/v1/screening").json()["instruments"]
    assert [i["id"] for i in listed] == INSTRUMENTS
    for entry, instrument in zip(listed, list_instruments(), strict=True):
        assert (entry["items"], entry["min_score"], entry["max_score"]) == (
            len(instrument.items),
            instrument.min_score,
            instrument.max_score,
        )
        assert set(entry) == {"id", "name", "title", "summary", "administered_by", "items", "min_score",
                              "max_score", "loinc_total"}  # fmt: skip


@pytest.mark.parametrize("instrument_id", INSTRUMENTS)
def test_a_definition_is_the_instrument_plus_its_range_and_references(client: TestClient, instrument_id: str) -> None:
    instrument = next(i for i in list_instruments() if i.id == instrument_id)
    body = client.get(f"/api/v1/screening/{instrument_id}").json()
    expected: dict[str, Any] = instrument.model_dump(mode="json")
    expected |= {"min_score": instrument.min_score, "max_score": instrument.max_score}
    expected["references"] = [
        {"id": r.id, "citation": r.citation(), "link": r.link} for r in resolve(sorted(instrument.all_source_ids()))
    ]
    assert body == expected


@pytest.mark.parametrize("instrument_id", INSTRUMENTS)
def test_a_score_answers_the_whole_result(client: TestClient, instrument_id: str) -> None:
    instrument = next(i for i in list_instruments() if i.id == instrument_id)
    answers = [len(item.options) - 1 for item in instrument.items]
    body = client.post(f"/api/v1/screening/{instrument_id}", json={"answers": answers, "sex": "female"}).json()
    assert body == score_instrument(instrument, answers, sex="female").model_dump(mode="json")
