"""Staff coverage-check routes against the simulated payer: a check completes and is listed and exported as FHIR
R4B; a timeout (1 s limit here, 20 s by default) is retried once and answered 504 in words; a rejection is
explained; without a gateway the case gets a phone task whose form the consultant fills in. No answer, error or
log line carries the member id, name or birth date."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from fhir.resources.R4B.bundle import Bundle

from recoverynav.api.deps import current_actor
from recoverynav.app import create_app
from recoverynav.backoffice import Actor, Provider
from recoverynav.coverage import EligibilityGateway
from recoverynav.gateways.clearinghouse import JsonClearinghouseGateway
from recoverynav.wiring import eligibility_gateway, eligibility_provider
from tests.coverage.payer import MEMBER_VALUES, REJECTION_271, SUD_271, Reply, SimulatedPayer, simulated_payer

CALLER = {"nickname": "Rob", "first_name": "Robert", "last_name": "Smith", "date_of_birth": "1943-05-19"}
INQUIRY = {
    "payer_id": "842610001",
    "payer_name": "ABC COMPANY",
    "member_id": "11122333301",
    "service_types": ["AI", "CJ"],
}
PERSONAL = (*MEMBER_VALUES, "Robert", "Smith")


@pytest.fixture()
def payer() -> Iterator[SimulatedPayer]:
    with simulated_payer() as running:
        yield running


def _client(gateway: EligibilityGateway | None, role: str = "consultant") -> TestClient:
    app = create_app()
    app.dependency_overrides[current_actor] = lambda: Actor(id="u-ana", role=role)
    app.dependency_overrides[eligibility_gateway] = lambda: gateway
    app.dependency_overrides[eligibility_provider] = lambda: Provider(npi="1234567893", name="RECOVERY CLINIC")
    return TestClient(app)


@pytest.fixture()
def instant(payer: SimulatedPayer) -> Iterator[TestClient]:
    with _client(JsonClearinghouseGateway(url=payer.url("/json"), timeout_seconds=1.0)) as client:
        yield client


@pytest.fixture()
def by_phone() -> Iterator[TestClient]:
    with _client(None) as client:
        yield client


@pytest.fixture(autouse=True)
def _no_member_data_in_logs(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    caplog.set_level(logging.DEBUG)
    yield
    for value in PERSONAL:
        assert value.lower() not in caplog.text.lower(), "member data reached a log line"


def _case(client: TestClient) -> str:
    opened = client.post("/api/v1/staff/cases", json={"caller": CALLER})
    assert opened.status_code == 201, opened.text
    return str(opened.json()["id"])


def _no_personal(text: str) -> None:
    for value in PERSONAL:
        assert value not in text


def test_a_check_completes_is_listed_and_exports_as_fhir(instant: TestClient, payer: SimulatedPayer) -> None:
    payer.default = Reply(x12=SUD_271)
    case_id = _case(instant)
    made = instant.post(f"/api/v1/staff/cases/{case_id}/coverage-checks", json=INQUIRY)
    assert made.status_code == 201, made.text
    check = made.json()
    assert (check["state"], check["method"], check["gateway"], check["attempts"]) == ("completed", "instant", "json", 1)
    summary = check["summary"]
    assert summary["active"] is True and summary["plan"] == "SILVER 200 PLAN"
    assert (summary["copay_in_network"], summary["copay_out_of_network"]) == (25.0, 60.0)
    assert summary["prior_authorization"] is False  # AI and CJ need none; CI (not asked) does
    _no_personal(made.text)
    listed = instant.get(f"/api/v1/staff/cases/{case_id}/coverage-checks")
    assert [c["id"] for c in listed.json()] == [check["id"]]
    _no_personal(listed.text)
    fhir = instant.get(f"/api/v1/staff/cases/{case_id}/coverage-checks/{check['id']}/fhir")
    assert fhir.status_code == 200 and fhir.headers["content-type"].startswith("application/fhir+json")
    Bundle.model_validate_json(fhir.text)  # a valid FHIR R4B Bundle
    entries = fhir.json()["entry"]
    kinds = [entry["resource"]["resourceType"] for entry in entries]
    assert kinds == ["CoverageEligibilityRequest", "CoverageEligibilityResponse"]
    response = entries[1]["resource"]
    assert response["outcome"] == "complete" and response["insurance"][0]["inforce"] is True
    categories = {item["category"]["coding"][0]["code"] for item in response["insurance"][0]["item"]}
    assert categories == {"AI", "CJ", "30"}
    _no_personal(fhir.text)
    assert payer.received[0].path == "/json"  # member data travels in the body, never in a URL


def test_a_timeout_is_retried_once_answered_504_in_words_and_then_verified_by_phone(
    instant: TestClient, payer: SimulatedPayer
) -> None:
    payer.default = Reply(delay=2.5)
    case_id = _case(instant)
    made = instant.post(f"/api/v1/staff/cases/{case_id}/coverage-checks", json=INQUIRY)
    assert made.status_code == 504
    detail = made.json()["detail"]
    assert detail["message"] == (
        "The payer did not answer within 1 second (the real-time limit), twice (it was tried once more). "
        "Try again later, or verify the coverage by phone."
    )
    assert len(payer.received) == 2
    [stored] = instant.get(f"/api/v1/staff/cases/{case_id}/coverage-checks").json()
    assert (stored["id"], stored["state"], stored["attempts"]) == (detail["check_id"], "failed", 2)
    form = {"version": 1, "active": True, "copay_in_network": 20, "prior_authorization": True, "notes": "Rep: Jo"}
    filled = instant.put(f"/api/v1/staff/cases/{case_id}/coverage-checks/{stored['id']}/summary", json=form)
    assert filled.status_code == 200, filled.text
    assert filled.json()["state"] == "verified" and filled.json()["summary"]["copay_in_network"] == 20.0


def test_a_rejection_is_explained_in_words(instant: TestClient, payer: SimulatedPayer) -> None:
    payer.default = Reply(x12=REJECTION_271)
    made = instant.post(f"/api/v1/staff/cases/{_case(instant)}/coverage-checks", json=INQUIRY)
    assert made.status_code == 201 and made.json()["state"] == "rejected"
    assert made.json()["summary"]["rejections"] == [
        "Provider Ineligible for Inquiries (code 50); Resubmission Not Allowed"
    ]


def test_a_payer_fault_is_answered_502_without_the_faults_text(instant: TestClient, payer: SimulatedPayer) -> None:
    payer.default = Reply(kind="http_error", status=503)
    made = instant.post(f"/api/v1/staff/cases/{_case(instant)}/coverage-checks", json=INQUIRY)
    assert made.status_code == 502
    assert made.json()["detail"]["message"] == (
        "The clearinghouse failed on its side (HTTP 503); try again later or verify by phone."
    )
    _no_personal(made.text)


def test_without_a_gateway_a_phone_task_takes_the_same_form(by_phone: TestClient) -> None:
    case_id = _case(by_phone)
    made = by_phone.post(f"/api/v1/staff/cases/{case_id}/coverage-checks", json=INQUIRY)
    assert made.status_code == 201
    task = made.json()
    assert (task["state"], task["method"], task["summary"]) == ("to_verify", "phone", None)
    assert "No real-time eligibility gateway is configured" in task["problem"]
    url = f"/api/v1/staff/cases/{case_id}/coverage-checks/{task['id']}/summary"
    filled = by_phone.put(url, json={"version": 1, "active": False, "rejections": ["Not found by the payer"]})
    assert filled.status_code == 200 and filled.json()["version"] == 2
    stale = by_phone.put(url, json={"version": 1, "active": True})
    assert stale.status_code == 409 and stale.json()["detail"]["field"] == "version"
    fhir = by_phone.get(f"/api/v1/staff/cases/{case_id}/coverage-checks/{task['id']}/fhir")
    Bundle.model_validate_json(fhir.text)
    assert fhir.json()["entry"][1]["resource"]["error"] == [{"code": {"text": "Not found by the payer"}}]


def test_a_bad_member_id_is_refused_without_repeating_it(by_phone: TestClient) -> None:
    case_id = _case(by_phone)
    bad = by_phone.post(
        f"/api/v1/staff/cases/{case_id}/coverage-checks", json={**INQUIRY, "member_id": "SMITH*11122333301"}
    )
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "member_id"]
    _no_personal(bad.text)


def test_a_check_without_the_members_name_names_the_missing_field(by_phone: TestClient) -> None:
    opened = by_phone.post("/api/v1/staff/cases", json={"caller": {"nickname": "Anon", "phone": "215-555-0142"}})
    made = by_phone.post(f"/api/v1/staff/cases/{opened.json()['id']}/coverage-checks", json=INQUIRY)
    assert made.status_code == 422 and made.json()["detail"]["message"].startswith("first_name:")


def test_other_roles_and_unknown_records_are_refused() -> None:
    with _client(None, role="admin") as admin:
        assert admin.get(f"/api/v1/staff/cases/{'a' * 32}/coverage-checks").status_code == 403
    with _client(None) as client:
        assert client.get(f"/api/v1/staff/cases/{'a' * 32}/coverage-checks").status_code == 404
        case_id = _case(client)
        missing = client.get(f"/api/v1/staff/cases/{case_id}/coverage-checks/{'b' * 32}/fhir")
        assert missing.status_code == 404 and missing.json()["detail"]["field"] == "check_id"
