"""A recovery plan on a case through the staff API (#20): put the person's plan file, read it back as the plan file
and the PDF, remove it; 403 for a role that may not read cases, 422 without the person's request (naming the field,
never echoing the plan), 404 when none is attached; nothing of the plan in the log."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

from recoverynav.api.deps import current_actor
from recoverynav.app import create_app
from recoverynav.backoffice import Actor
from recoverynav.plans import RecoveryPlan

MARK = "Quincewoodvz"
PLAN = {
    "version": 1,
    "reasons": {"health": [f"{MARK} sleep through the night"], "home": [], "purpose": [], "community": []},
    "coping_now": [f"{MARK} walk round the block"],
    "people": [{"name": f"{MARK} Dana", "phone": "215-555-0100"}],
    "meetings": [{"name": f"{MARK} Tuesday group", "day": "tue", "time": "19:30", "timezone": "America/New_York"}],
    "crisis": {"safer_place": [f"{MARK} lock the pills away"]},
}


def _client(role: str) -> TestClient:
    app = create_app()
    app.dependency_overrides[current_actor] = lambda: Actor(id=f"u-{role}", role=role)
    return TestClient(app)


@pytest.fixture()
def consultant() -> Iterator[TestClient]:
    with _client("consultant") as client:
        yield client


def _case(client: TestClient) -> str:
    opened = client.post("/api/v1/staff/cases", json={"caller": {"nickname": "Sam", "phone": "215-555-0147"}})
    assert opened.status_code == 201, opened.text
    return str(opened.json()["id"])


def test_put_read_as_file_and_pdf_then_remove(consultant: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    case_id = _case(consultant)
    url = f"/api/v1/staff/cases/{case_id}/plan"
    assert consultant.get(url).status_code == 404
    put = consultant.put(url, json={"plan": PLAN, "asked": True, "version": 1})
    assert put.status_code == 200, put.text
    assert put.json() == {"case_id": case_id, "version": 2, "attached": True}
    read = consultant.get(url)
    assert read.status_code == 200 and read.headers["cache-control"] == "no-store"
    assert RecoveryPlan.model_validate(read.json()) == RecoveryPlan.model_validate(PLAN)
    assert consultant.get(f"/api/v1/staff/cases/{case_id}").json()["plan"] == read.json()
    pdf = consultant.get(f"{url}/pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert f"{MARK} walk round the block" in " ".join(text.split()) and "988" in text
    spanish = consultant.get(f"{url}/pdf", params={"lang": "es"})
    words = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(spanish.content)).pages)
    assert "Mi plan de recuperación" in words and f"{MARK} walk round the block" in words
    stale = consultant.delete(url, params={"asked": "yes", "version": 1})
    assert stale.status_code == 409 and stale.json()["detail"]["field"] == "version"
    removed = consultant.delete(url, params={"asked": "yes", "version": 2})
    assert removed.status_code == 200 and removed.json()["attached"] is False
    assert consultant.get(url).status_code == 404
    assert caplog.records, "the access log wrote nothing"
    assert MARK not in caplog.text


def test_without_the_persons_request_nothing_is_kept_and_nothing_is_echoed(consultant: TestClient) -> None:
    case_id = _case(consultant)
    url = f"/api/v1/staff/cases/{case_id}/plan"
    refused = consultant.put(url, json={"plan": PLAN, "asked": False})
    assert refused.status_code == 422 and refused.json()["detail"][0]["loc"] == ["body", "asked"]
    bad_phone = {**PLAN, "people": [{"name": f"{MARK} Dana", "phone": f"{MARK} not a number"}]}
    refused = consultant.put(url, json={"plan": bad_phone, "asked": True})
    assert refused.status_code == 422 and MARK not in refused.text
    assert refused.json()["detail"][0]["loc"] == ["body", "plan", "people", 0, "phone"]
    assert consultant.delete(url, params={"asked": "no"}).status_code == 422
    assert consultant.get(url).status_code == 404


@pytest.mark.parametrize("role", ["admin"])
def test_a_role_that_may_not_read_cases_is_refused(consultant: TestClient, role: str) -> None:
    case_id = _case(consultant)
    url = f"/api/v1/staff/cases/{case_id}/plan"
    assert consultant.put(url, json={"plan": PLAN, "asked": True}).status_code == 200
    with _client(role) as other:
        assert other.get(url).status_code == 403
        assert other.get(f"{url}/pdf").status_code == 403
        assert other.put(url, json={"plan": {"coping_now": ["x"]}, "asked": True}).status_code == 403
        assert other.delete(url, params={"asked": "yes"}).status_code == 403
    assert RecoveryPlan.model_validate(consultant.get(url).json()) == RecoveryPlan.model_validate(PLAN)
