"""The eligibility gateways against the simulated payer: a real HTTP server, real sockets, real timeouts.

The limit is a setting: these tests use 1 second (the default is CORE's 20). A timeout is said plainly and
retried once; faults and HTTP errors become plain errors that never repeat the member's data.
"""

from __future__ import annotations

import json
import logging
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest

from recoverynav.coverage import REAL_TIME_LIMIT_SECONDS, EligibilityTimeout, EligibilityUnavailable
from recoverynav.gateways.clearinghouse import (
    CORE_NAMESPACE,
    SOAP_NAMESPACE,
    CoreSoapGateway,
    JsonClearinghouseGateway,
    gateway_from_settings,
)
from recoverynav.settings import Settings
from tests.conftest import _free_port
from tests.coverage.payer import (
    MEMBER_VALUES,
    REJECTION_271,
    SAMPLE_270,
    SAMPLE_271,
    SUD_271,
    Reply,
    SimulatedPayer,
    simulated_payer,
)

LIMIT = 1.0
WSSE = "{http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd}"
CORE = f"{{{CORE_NAMESPACE}}}"


@pytest.fixture()
def payer() -> Iterator[SimulatedPayer]:
    with simulated_payer() as running:
        yield running


@pytest.fixture(autouse=True)
def _all_logs(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    caplog.set_level(logging.DEBUG)
    yield
    for value in MEMBER_VALUES:
        assert value not in caplog.text, "member data reached a log line"


def core(payer: SimulatedPayer, **options: object) -> CoreSoapGateway:
    settings: dict[str, object] = {
        "url": payer.url("/core"),
        "sender_id": "RECOVERYNAV",
        "receiver_id": "PAYERSIM",
        "username": "clinic-user",
        "password": "s3cret-pass",
        "timeout_seconds": LIMIT,
    }
    return CoreSoapGateway(**(settings | options))  # type: ignore[arg-type]


def json_gateway(payer: SimulatedPayer) -> JsonClearinghouseGateway:
    return JsonClearinghouseGateway(url=payer.url("/json"), api_key="test-key-123", timeout_seconds=LIMIT)


def assert_no_member_data(text: str) -> None:
    for value in MEMBER_VALUES:
        assert value not in text


def test_the_default_limit_is_cores_twenty_seconds() -> None:
    assert REAL_TIME_LIMIT_SECONDS == 20.0
    assert Settings().eligibility_timeout_seconds == 20.0


def test_a_core_soap_check_completes_with_the_payers_271(payer: SimulatedPayer) -> None:
    exchange = core(payer).exchange(SAMPLE_270)
    assert exchange.x12_271 == SAMPLE_271.strip()
    assert exchange.attempts == 1 and exchange.gateway == "core-soap"
    [request] = payer.received
    assert request.path == "/core"
    assert request.headers["content-type"].startswith("application/soap+xml")
    root = ET.fromstring(request.body)
    assert root.tag == f"{{{SOAP_NAMESPACE}}}Envelope"
    envelope = root.find(f"{{{SOAP_NAMESPACE}}}Body/{CORE}COREEnvelopeRealTimeRequest")
    assert envelope is not None
    fields = {child.tag.removeprefix(CORE): child.text for child in envelope}
    assert list(fields) == [
        "PayloadType",
        "ProcessingMode",
        "PayloadID",
        "TimeStamp",
        "SenderID",
        "ReceiverID",
        "CORERuleVersion",
        "Payload",
    ]
    assert fields["PayloadType"] == "X12_270_Request_005010X279A1"
    assert fields["ProcessingMode"] == "RealTime" and fields["CORERuleVersion"] == "2.2.0"
    assert fields["PayloadID"] == exchange.payload_id and len(exchange.payload_id) == 36
    assert fields["SenderID"] == "RECOVERYNAV" and fields["ReceiverID"] == "PAYERSIM"
    assert fields["TimeStamp"] and fields["TimeStamp"].endswith("Z")
    assert fields["Payload"] == SAMPLE_270
    token = root.find(f"{{{SOAP_NAMESPACE}}}Header/{WSSE}Security/{WSSE}UsernameToken")
    assert token is not None
    assert token.findtext(f"{WSSE}Username") == "clinic-user" and token.findtext(f"{WSSE}Password") == "s3cret-pass"
    assert "authorization" not in request.headers


def test_core_with_http_basic_sends_no_token_in_the_envelope(payer: SimulatedPayer) -> None:
    core(payer, auth="basic").exchange(SAMPLE_270)
    [request] = payer.received
    assert request.headers["authorization"].startswith("Basic ")
    assert b"UsernameToken" not in request.body and b"s3cret-pass" not in request.body


def test_a_json_check_completes_and_sends_the_documented_shape(payer: SimulatedPayer) -> None:
    payer.default = Reply(x12=SUD_271)
    exchange = json_gateway(payer).exchange(SAMPLE_270)
    assert exchange.x12_271 == SUD_271.strip() and exchange.gateway == "json"
    [request] = payer.received
    assert request.headers["authorization"] == "Bearer test-key-123"
    body = json.loads(request.body)
    assert body == {"payloadId": exchange.payload_id, "payloadType": "X12_270_Request_005010X279A1", "x12": SAMPLE_270}


@pytest.mark.parametrize("path", ["/core", "/json"])
def test_a_rejection_271_comes_through_as_a_271(payer: SimulatedPayer, path: str) -> None:
    payer.default = Reply(x12=REJECTION_271)
    gateway = core(payer) if path == "/core" else json_gateway(payer)
    assert "AAA*Y**50*N" in gateway.exchange(SAMPLE_270).x12_271


@pytest.mark.parametrize("path", ["/core", "/json"])
def test_a_timeout_is_retried_once_and_the_retry_can_succeed(
    payer: SimulatedPayer, path: str, caplog: pytest.LogCaptureFixture
) -> None:
    payer.script = [Reply(delay=LIMIT * 2.5)]
    gateway = core(payer) if path == "/core" else json_gateway(payer)
    exchange = gateway.exchange(SAMPLE_270)
    assert exchange.attempts == 2 and exchange.x12_271 == SAMPLE_271.strip()
    ids = [_sent_payload_id(r.path, r.body) for r in payer.received]
    assert len(ids) == 2 and ids[0] != ids[1] and ids[1] == exchange.payload_id
    assert f"payload {ids[0]} (try 1) had no answer within 1s" in caplog.text


@pytest.mark.parametrize("path", ["/core", "/json"])
def test_a_timeout_twice_is_reported_plainly(payer: SimulatedPayer, path: str) -> None:
    payer.default = Reply(delay=LIMIT * 2.5)
    gateway = core(payer) if path == "/core" else json_gateway(payer)
    with pytest.raises(EligibilityTimeout) as caught:
        gateway.exchange(SAMPLE_270)
    assert str(caught.value) == (
        "The payer did not answer within 1 second (the real-time limit), twice (it was tried once more). "
        "Try again later, or verify the coverage by phone."
    )
    assert caught.value.kind == "timeout" and caught.value.attempts == 2
    assert len(payer.received) == 2


@pytest.mark.parametrize("path", ["/core", "/json"])
def test_an_answer_trickling_past_the_limit_is_a_timeout(payer: SimulatedPayer, path: str) -> None:
    # Every piece comes within the read timeout; the whole answer does not come within the limit.
    payer.default = Reply(trickle=LIMIT * 0.4)
    gateway = core(payer) if path == "/core" else json_gateway(payer)
    with pytest.raises(EligibilityTimeout):
        gateway.exchange(SAMPLE_270)
    assert len(payer.received) == 2


def test_an_answer_over_five_megabytes_is_not_read(payer: SimulatedPayer) -> None:
    payer.default = Reply(kind="huge")
    with pytest.raises(EligibilityUnavailable, match="larger than 5 MB"):
        json_gateway(payer).exchange(SAMPLE_270)


def test_the_default_timeout_message_names_twenty_seconds() -> None:
    assert "within 20 seconds" in str(EligibilityTimeout(REAL_TIME_LIMIT_SECONDS, attempts=2))


@pytest.mark.parametrize("path", ["/core", "/json"])
def test_a_slow_answer_within_the_limit_completes_on_the_first_try(payer: SimulatedPayer, path: str) -> None:
    payer.default = Reply(delay=LIMIT * 0.3)
    gateway = core(payer) if path == "/core" else json_gateway(payer)
    assert gateway.exchange(SAMPLE_270).attempts == 1
    assert len(payer.received) == 1


@pytest.mark.parametrize(
    ("reply", "words"),
    [
        (Reply(kind="soap_fault", fault_code="env:Sender", status=400), "SOAP fault (Sender): it found a problem"),
        (Reply(kind="soap_fault", fault_code="env:Receiver"), "SOAP fault (Receiver): it could not process"),
        (Reply(kind="soap_fault", fault_code="x:SMITH11122333301"), "SOAP fault (HTTP 500) of a kind we do not know"),
        (Reply(kind="core_error"), "refused the CORE envelope (PayloadIDRequired); ask it about payload"),
        (Reply(kind="core_error", error_code="SMITH ROBERT"), "refused the CORE envelope; ask it about payload"),
        (Reply(kind="http_error", status=503), "failed on its side (HTTP 503)"),
        (Reply(kind="http_error", status=401), "refused our credentials (HTTP 401)"),
        (Reply(kind="ack_999"), "an acknowledgment (999/TA1): the 270 was not accepted"),
        (Reply(kind="not_xml"), "not a SOAP envelope"),
        (Reply(kind="dtd"), "declares a DTD"),
        (Reply(kind="empty_x12"), "271 payload is empty"),
    ],
)
def test_core_failures_are_plain_and_never_repeat_member_data(payer: SimulatedPayer, reply: Reply, words: str) -> None:
    payer.default = reply
    with pytest.raises(EligibilityUnavailable) as caught:
        core(payer).exchange(SAMPLE_270)
    assert words in str(caught.value)
    assert_no_member_data(str(caught.value))
    assert len(payer.received) == 1  # only a timeout is retried


@pytest.mark.parametrize(
    ("reply", "words"),
    [
        (Reply(kind="core_error", status=404), "no eligibility service at the configured address (HTTP 404)"),
        (Reply(kind="core_error", status=422), "refused the request (HTTP 422)"),
        (Reply(kind="http_error", status=429), "limiting our requests (HTTP 429)"),
        (Reply(kind="not_xml"), "not JSON"),
        (Reply(kind="empty_x12"), 'no "x12" text'),
    ],
)
def test_json_failures_are_plain_and_never_repeat_member_data(payer: SimulatedPayer, reply: Reply, words: str) -> None:
    payer.default = reply
    with pytest.raises(EligibilityUnavailable) as caught:
        json_gateway(payer).exchange(SAMPLE_270)
    assert words in str(caught.value)
    assert_no_member_data(str(caught.value))


def test_an_unreachable_clearinghouse_is_said_plainly() -> None:
    gateway = JsonClearinghouseGateway(url=f"http://127.0.0.1:{_free_port()}/json", timeout_seconds=LIMIT)
    with pytest.raises(EligibilityUnavailable) as caught:
        gateway.exchange(SAMPLE_270)
    assert caught.value.kind == "unreachable" and "Could not reach the clearinghouse" in str(caught.value)


def test_settings_choose_the_gateway(payer: SimulatedPayer) -> None:
    assert gateway_from_settings(Settings()) is None
    chosen = gateway_from_settings(
        Settings(
            eligibility_gateway="core",
            eligibility_url=payer.url("/core"),
            eligibility_username="clinic-user",
            eligibility_password="pw",
            eligibility_timeout_seconds=LIMIT,
        )
    )
    assert isinstance(chosen, CoreSoapGateway)
    assert chosen.exchange(SAMPLE_270).x12_271 == SAMPLE_271.strip()
    json_chosen = gateway_from_settings(
        Settings(eligibility_gateway="json", eligibility_url=payer.url("/json"), eligibility_api_key="k")
    )
    assert isinstance(json_chosen, JsonClearinghouseGateway)


def test_a_gateway_without_an_address_says_which_setting(payer: SimulatedPayer) -> None:
    with pytest.raises(EligibilityUnavailable, match="RECOVERYNAV_ELIGIBILITY_URL"):
        gateway_from_settings(Settings(eligibility_gateway="json"))


def test_a_bad_address_setting_is_refused() -> None:
    with pytest.raises(ValueError, match="eligibility_url"):
        Settings(eligibility_url="ftp://x")


def _sent_payload_id(path: str, body: bytes) -> str:
    if path == "/json":
        return str(json.loads(body)["payloadId"])
    found = ET.fromstring(body).find(f".//{CORE}PayloadID")
    assert found is not None and found.text
    return found.text
