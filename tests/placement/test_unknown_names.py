"""Placement with a name no monograph lists: never read as a similar drug; the answer lists it in ``unknown`` with
suggestions to confirm, on the API, the CLI and /treatment/assess (#11)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from recoverynav.cli.main import cli
from recoverynav.knowledge import load_catalog
from recoverynav.placement import Facts, recommend_level
from tests.names import listed_as, nonsense, unlisted_typo

CATALOG = load_catalog()
LONG_GENERICS = sorted(s.names.generic for s in CATALOG.substances.values() if len(s.names.generic) >= 7)
NAMES = sorted({n for s in CATALOG.substances.values() for n in (s.id, *s.names.all())})


@settings(max_examples=80, deadline=None)
@given(name=st.sampled_from(NAMES), cut=st.integers(0, 40), daily=st.booleans())
def test_an_unlisted_name_is_unknown_and_never_changes_the_answer(name: str, cut: int, daily: bool) -> None:
    """A listed name with one letter dropped: if no monograph lists the result, the suggestion is the one for a
    name nothing resembles, apart from the ``unknown`` list itself."""
    i = cut % len(name)
    typo = (name[:i] + name[i + 1 :]).strip()
    if not typo or listed_as(typo):
        return
    rec = recommend_level(Facts(substances=[typo, "alcohol"], daily_use=daily))
    assert [u.name for u in rec.unknown] == [typo]
    assert set(rec.unknown[0].suggestions) <= {s.names.generic for s in CATALOG.substances.values()}
    base = recommend_level(Facts(substances=[nonsense(), "alcohol"], daily_use=daily))
    assert (rec.option, rec.level, rec.withdrawal_management) == (base.option, base.level, base.withdrawal_management)
    assert [d.rating for d in rec.dimension_ratings] == [d.rating for d in base.dimension_ratings]
    assert (rec.urgent is None) == (base.urgent is None)


def test_known_names_leave_unknown_empty() -> None:
    assert recommend_level(Facts(substances=[LONG_GENERICS[0]])).unknown == []


@pytest.mark.parametrize("generic", LONG_GENERICS[:: max(1, len(LONG_GENERICS) // 6)])
def test_every_face_offers_the_name_to_confirm(client: TestClient, runner: CliRunner, generic: str) -> None:
    typo = unlisted_typo(generic)
    api = client.post("/api/v1/placement", json={"substances": [typo]}).json()
    assert api["unknown"] == [{"name": typo, "suggestions": api["unknown"][0]["suggestions"]}]
    assert generic in api["unknown"][0]["suggestions"]
    out = runner.invoke(cli, ["place", "--facts", "-"], input=json.dumps({"substances": [typo]}))
    assert out.exit_code == 0 and f"Did you mean {generic}" in out.stdout.replace("\n  ", " ")
    as_json = runner.invoke(cli, ["place", "--facts", "-", "--json"], input=json.dumps({"substances": [typo]}))
    assert json.loads(as_json.stdout)["unknown"] == api["unknown"]
    page = client.post("/treatment/assess", data={"substances": typo}).text
    assert f"did you mean {generic}" in page


def test_openapi_documents_unknown(client: TestClient) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    assert "unknown" in schemas["Recommendation"]["properties"] and "UnknownSubstance" in schemas
