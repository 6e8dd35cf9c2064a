"""Consents, referrals and the disclosure ledger through the API, on SQLite and PostgreSQL: 201 with an id, a 422
naming each missing element, a 409 naming consent_id when the consent does not cover a referral (and nothing in
the ledger then), the FHIR R4B export, the facility side's 404 for another facility's referral, and no personal
value in URLs, errors or logs."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from recoverynav.api.deps import current_actor
from recoverynav.app import create_app
from recoverynav.backoffice import Actor
from recoverynav.storage.backoffice.audit import verify_stored_chain
from recoverynav.wiring import back_office_engine
from tests.report_helpers import listed, serve_without_bundled

FRIDS = ["ref-a", "ref-b", "ref-c"]
NAME = "Quentin Marlowe"
CONSULTANT = Actor(id="u-ana", role="consultant")
FACILITY_A = Actor(id="f-a", role="facility", facilities=("ref-a",))
FACILITY_B = Actor(id="f-b", role="facility", facilities=("ref-b",))


class Acting:
    """Who the app thinks is signed in (swapped within a test: consultant, then a facility)."""

    def __init__(self) -> None:
        self.actor = CONSULTANT

    def __call__(self) -> Actor:
        return self.actor


@pytest.fixture()
def acting() -> Acting:
    return Acting()


@pytest.fixture()
def api(configured_database: str, acting: Acting) -> Iterator[TestClient]:
    serve_without_bundled(configured_database, *(listed(f) for f in [*FRIDS, "ref-d"]))
    app = create_app()
    app.dependency_overrides[current_actor] = acting
    with TestClient(app) as client:
        yield client


def consent_body(**fields: object) -> dict[str, object]:
    body: dict[str, object] = {
        "patient_name": NAME,
        "information": "Name, the referral message and the suggested level of care",
        "recipients": FRIDS,
        "purpose": "treatment",
        "expires_on": "2099-01-01",
        "signature_method": "typed",
        "signed_by": NAME,
        "signed_on": "2026-12-01",
    }
    return body | fields


def shortlisted(api: TestClient) -> str:
    case_id: str = api.post("/api/v1/staff/cases", json={"caller": {"nickname": "Quentin"}}).json()["id"]
    for to in ("screened", "level_suggested", "shortlisted"):
        assert api.post(f"/api/v1/staff/cases/{case_id}/transitions", json={"to": to}).status_code == 200
    return case_id


def test_consent_refer_answer_and_ledger(api: TestClient, acting: Acting, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    case_id = shortlisted(api)
    made = api.post(f"/api/v1/staff/cases/{case_id}/consents", json=consent_body())
    assert made.status_code == 201, made.text
    consent_id = made.json()["id"]
    assert made.json()["in_force"] is True
    fhir = api.get(f"/api/v1/staff/cases/{case_id}/consents/{consent_id}/fhir")
    assert fhir.headers["content-type"].startswith("application/fhir+json")
    assert fhir.json()["resourceType"] == "Consent" and fhir.json()["status"] == "active"

    referred = api.post(
        f"/api/v1/staff/cases/{case_id}/referrals", json={"frids": FRIDS, "consent_id": consent_id, "message": "hi"}
    )
    assert referred.status_code == 201, referred.text
    assert sorted(r["frid"] for r in referred.json()) == FRIDS
    assert api.get(f"/api/v1/staff/cases/{case_id}").json()["status"] == "referred"

    acting.actor = FACILITY_A
    mine = api.get("/api/v1/facility/referrals").json()
    assert [r["frid"] for r in mine] == ["ref-a"] and mine[0]["packet"]["patient_name"] == NAME
    assert mine[0]["notice_version"] == "2024" and mine[0]["consent_copy"]["id"] == consent_id
    assert "case_id" not in mine[0]
    b_referral = next(r["id"] for r in referred.json() if r["frid"] == "ref-b")
    assert (
        api.post(f"/api/v1/facility/referrals/{b_referral}/decision", json={"decision": "accepted"}).status_code == 404
    )
    assert api.get(f"/api/v1/staff/cases/{case_id}").status_code == 403  # a facility reads no case
    no_reason = api.post(f"/api/v1/facility/referrals/{mine[0]['id']}/decision", json={"decision": "declined"})
    assert no_reason.status_code == 422 and no_reason.json()["detail"]["field"] == "reason"
    accepted = api.post(f"/api/v1/facility/referrals/{mine[0]['id']}/decision", json={"decision": "accepted"})
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    again = api.post(f"/api/v1/facility/referrals/{mine[0]['id']}/decision", json={"decision": "waitlisted"})
    assert again.status_code == 409
    acting.actor = FACILITY_B
    assert [r["frid"] for r in api.get("/api/v1/facility/referrals").json()] == ["ref-b"]

    acting.actor = CONSULTANT
    assert api.get(f"/api/v1/staff/cases/{case_id}").json()["status"] == "accepted"
    side = api.get(f"/api/v1/staff/cases/{case_id}/referrals").json()
    assert {r["frid"]: r["status"] for r in side} == {"ref-a": "accepted", "ref-b": "seen", "ref-c": "sent"}
    ledger = api.get(f"/api/v1/staff/cases/{case_id}/disclosures").json()
    assert len(ledger) == 3 and {d["recipient"]["frid"] for d in ledger} == set(FRIDS)
    assert all(d["notice"].startswith("This record which has been disclosed") for d in ledger)
    revoked = api.post(f"/api/v1/staff/cases/{case_id}/consents/{consent_id}/revoke", json={"in_writing": True})
    assert revoked.status_code == 200 and revoked.json()["in_force"] is False
    assert verify_stored_chain(back_office_engine()).holds
    assert NAME not in caplog.text and "Quentin" not in caplog.text


def test_a_consent_missing_elements_names_each(api: TestClient) -> None:
    case_id = shortlisted(api)
    refused = api.post(f"/api/v1/staff/cases/{case_id}/consents", json={"patient_name": NAME})
    assert refused.status_code == 422
    missing = [m["field"] for m in refused.json()["detail"]["missing"]]
    assert missing == [
        "information",
        "recipients",
        "purpose",
        "expires_on",
        "signature_method",
        "signed_by",
        "signed_on",
    ]
    assert NAME not in refused.text
    assert api.get(f"/api/v1/staff/cases/{case_id}/consents").json() == []
    unwritten = api.post(f"/api/v1/staff/cases/{case_id}/consents/{'a' * 32}/revoke", json={"in_writing": False})
    assert unwritten.status_code == 422 and unwritten.json()["detail"]["field"] == "in_writing"


@pytest.mark.parametrize("how", ["no consent", "revoked", "not named", "other case"])
def test_refused_referrals_disclose_nothing(api: TestClient, how: str) -> None:
    case_id = shortlisted(api)
    frids = ["ref-a"]
    consent_id = "f" * 32
    if how != "no consent":
        target = shortlisted(api) if how == "other case" else case_id
        consent_id = api.post(f"/api/v1/staff/cases/{target}/consents", json=consent_body()).json()["id"]
    if how == "revoked":
        api.post(f"/api/v1/staff/cases/{case_id}/consents/{consent_id}/revoke", json={"in_writing": True})
    if how == "not named":
        frids = ["ref-a", "ref-d"]
    refused = api.post(f"/api/v1/staff/cases/{case_id}/referrals", json={"frids": frids, "consent_id": consent_id})
    assert refused.status_code == 409, refused.text
    detail = refused.json()["detail"]
    assert detail["field"] == "consent_id" and detail["consent_id"] == consent_id
    assert NAME not in refused.text
    assert api.get(f"/api/v1/staff/cases/{case_id}/disclosures").json() == []
    assert api.get(f"/api/v1/staff/cases/{case_id}/referrals").json() == []
    assert api.get(f"/api/v1/staff/cases/{case_id}").json()["status"] == "shortlisted"


def test_referral_requests_are_bounded(api: TestClient) -> None:
    case_id = shortlisted(api)
    consent_id = api.post(f"/api/v1/staff/cases/{case_id}/consents", json=consent_body()).json()["id"]
    four = api.post(
        f"/api/v1/staff/cases/{case_id}/referrals", json={"frids": [*FRIDS, "ref-d"], "consent_id": consent_id}
    )
    assert four.status_code == 422
    unknown = api.post(f"/api/v1/staff/cases/{case_id}/referrals", json={"frids": ["nope"], "consent_id": consent_id})
    assert unknown.status_code == 422 and unknown.json()["detail"]["field"] == "frids"


def test_the_expiry_is_configurable(api: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import datetime, timedelta

    from recoverynav.settings import get_settings

    case_id = shortlisted(api)
    consent_id = api.post(f"/api/v1/staff/cases/{case_id}/consents", json=consent_body()).json()["id"]
    monkeypatch.setenv("RECOVERYNAV_REFERRAL_EXPIRY_HOURS", "3")
    get_settings.cache_clear()
    try:
        made = api.post(f"/api/v1/staff/cases/{case_id}/referrals", json={"frids": ["ref-a"], "consent_id": consent_id})
    finally:
        get_settings.cache_clear()
    referral = made.json()[0]
    lasts = datetime.fromisoformat(referral["expires_at"]) - datetime.fromisoformat(referral["created_at"])
    assert lasts == timedelta(hours=3)
