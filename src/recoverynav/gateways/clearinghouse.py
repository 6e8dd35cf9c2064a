"""Real-time eligibility gateways (#17): a 270 goes out as text, the payer's 271 comes back as text.

Two adapters of :class:`recoverynav.coverage.EligibilityGateway`, both configured from settings only
(``RECOVERYNAV_ELIGIBILITY_*``; :func:`gateway_from_settings`):

**CAQH CORE SOAP** (:class:`CoreSoapGateway`): the Phase II CORE 270 Connectivity Rule (vC2.2.0) real-time
envelope, SOAP 1.2 (``http://www.w3.org/2003/05/soap-envelope``), body ``COREEnvelopeRealTimeRequest`` in
``http://www.caqh.org/SOAP/WSDL/CORERule2.2.0.xsd`` with ``PayloadType`` ``X12_270_Request_005010X279A1``,
``ProcessingMode`` ``RealTime``, ``PayloadID`` (a UUID), ``TimeStamp`` (UTC), ``SenderID``, ``ReceiverID``,
``CORERuleVersion`` ``2.2.0`` and ``Payload`` (the X12, XML-escaped). The answer is a
``COREEnvelopeRealTimeResponse`` whose ``PayloadType`` is ``X12_271_Response_005010X279A1`` and ``ErrorCode``
``Success``. The submitter authenticates the way the rule allows for SOAP: a WS-Security ``UsernameToken``
(``eligibility_core_auth = "username_token"``, the default) or, for clearinghouses that ask for it, HTTP Basic.

**JSON clearinghouse** (:class:`JsonClearinghouseGateway`), a generic shape for clearinghouses that take raw X12
over JSON (Stedi's raw-X12 endpoint is one)::

    POST <eligibility_url>
    Authorization: Bearer <eligibility_api_key>
    Content-Type: application/json
    {"payloadId": "<uuid>", "payloadType": "X12_270_Request_005010X279A1", "x12": "ISA*00*..."}

    200 {"payloadId": "<uuid>", "x12": "ISA*00*...271..."}
    4xx/5xx {"error": {"code": "...", "message": "..."}}      (the message is never passed on)

Both keep CORE's real-time limit (``eligibility_timeout_seconds``, 20 by default; a whole answer must arrive
within it), retry a timeout once with a fresh payload id, refuse answers over 5 MB, and turn HTTP errors, SOAP
faults and CORE envelope errors into :class:`EligibilityUnavailable` messages built only from status and fault
codes: a payer's fault text can repeat a member id or name, so it is neither logged nor shown.

Usage::

    gateway = gateway_from_settings(get_settings())     # None when eligibility_gateway = "none"
    exchange = gateway.exchange(x12_270)                # EligibilityExchange(x12_271=..., attempts=1)
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import httpx

from recoverynav.coverage import EligibilityExchange, EligibilityTimeout, EligibilityUnavailable

if TYPE_CHECKING:
    from recoverynav.coverage import EligibilityGateway
    from recoverynav.settings import Settings

__all__ = [
    "CORE_NAMESPACE",
    "REQUEST_PAYLOAD_TYPE",
    "RESPONSE_PAYLOAD_TYPE",
    "SOAP_NAMESPACE",
    "CoreSoapGateway",
    "JsonClearinghouseGateway",
    "core_envelope",
    "gateway_from_settings",
]

SOAP_NAMESPACE = "http://www.w3.org/2003/05/soap-envelope"
SOAP11_NAMESPACE = "http://schemas.xmlsoap.org/soap/envelope/"
CORE_NAMESPACE = "http://www.caqh.org/SOAP/WSDL/CORERule2.2.0.xsd"
WSSE_NAMESPACE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
PASSWORD_TEXT = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText"
REQUEST_PAYLOAD_TYPE = "X12_270_Request_005010X279A1"
RESPONSE_PAYLOAD_TYPE = "X12_271_Response_005010X279A1"
CORE_RULE_VERSION = "2.2.0"
MAX_ANSWER_BYTES = 5_000_000
# A CORE ErrorCode is a CamelCase token ("PayloadIDRequired"); only such a token is repeated in a message, so a
# receiver that puts free text (perhaps a member's name) in the field does not get it shown.
_ERROR_CODE = re.compile(r"[A-Z][a-z]+(?:[A-Z][a-z]*|ID)+")
_SOAP_CODES = {
    "Sender": "it found a problem with the request (the credentials, the sender or receiver id, or the envelope)",
    "Receiver": "it could not process the request just now; try again later",
    "VersionMismatch": "it does not speak SOAP 1.2",
    "MustUnderstand": "it did not understand a header we sent (the security header?)",
    "DataEncodingUnknown": "it could not read the request's encoding",
    # SOAP 1.1 spellings
    "Client": "it found a problem with the request (the credentials, the sender or receiver id, or the envelope)",
    "Server": "it could not process the request just now; try again later",
}

ET.register_namespace("soapenv", SOAP_NAMESPACE)
ET.register_namespace("cor", CORE_NAMESPACE)
ET.register_namespace("wsse", WSSE_NAMESPACE)
log = logging.getLogger(__name__)


def _timestamp(now: datetime) -> str:
    return now.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def core_envelope(
    x12_270: str,
    *,
    payload_id: str,
    sender_id: str,
    receiver_id: str,
    now: datetime,
    username: str | None = None,
    password: str | None = None,
) -> bytes:
    """The SOAP 1.2 CORE real-time request carrying ``x12_270`` (with a UsernameToken when a username is given)."""
    envelope = ET.Element(f"{{{SOAP_NAMESPACE}}}Envelope")
    header = ET.SubElement(envelope, f"{{{SOAP_NAMESPACE}}}Header")
    if username is not None:
        security = ET.SubElement(
            header, f"{{{WSSE_NAMESPACE}}}Security", {f"{{{SOAP_NAMESPACE}}}mustUnderstand": "true"}
        )
        token = ET.SubElement(security, f"{{{WSSE_NAMESPACE}}}UsernameToken")
        ET.SubElement(token, f"{{{WSSE_NAMESPACE}}}Username").text = username
        ET.SubElement(token, f"{{{WSSE_NAMESPACE}}}Password", {"Type": PASSWORD_TEXT}).text = password or ""
    body = ET.SubElement(envelope, f"{{{SOAP_NAMESPACE}}}Body")
    request = ET.SubElement(body, f"{{{CORE_NAMESPACE}}}COREEnvelopeRealTimeRequest")
    for name, value in (
        ("PayloadType", REQUEST_PAYLOAD_TYPE),
        ("ProcessingMode", "RealTime"),
        ("PayloadID", payload_id),
        ("TimeStamp", _timestamp(now)),
        ("SenderID", sender_id),
        ("ReceiverID", receiver_id),
        ("CORERuleVersion", CORE_RULE_VERSION),
        ("Payload", x12_270),
    ):
        ET.SubElement(request, f"{{{CORE_NAMESPACE}}}{name}").text = value
    text: bytes = ET.tostring(envelope, encoding="utf-8", xml_declaration=True)
    return text


@dataclass(frozen=True)
class _Answer:
    payload_id: str
    status: int
    content: bytes
    attempts: int


class _TooSlow(httpx.ReadTimeout):
    """The answer was still arriving when the whole real-time limit had passed."""


class _TooLarge(Exception):
    """The answer passed :data:`MAX_ANSWER_BYTES`."""


class _Transport:
    """One HTTP client with the real-time limit, the one retry on timeout, the size cap and plain failures."""

    def __init__(self, *, name: str, url: str, timeout_seconds: float, transport: httpx.BaseTransport | None) -> None:
        if not url:
            raise EligibilityUnavailable(
                "No clearinghouse address: set RECOVERYNAV_ELIGIBILITY_URL, or eligibility_gateway = none.",
                kind="unreachable",
            )
        self.name = name
        self.url = url
        self.limit = timeout_seconds
        self.transport = transport

    def post(self, make: Callable[[str], tuple[bytes, dict[str, str], httpx.Auth | None]]) -> _Answer:
        """POST what ``make(payload_id)`` gives (body, headers, auth); the answer, with the number of tries.

        A timeout is logged (the payload id only) and tried once more with a fresh payload id."""
        for attempt in (1, 2):
            payload_id = str(uuid.uuid4())
            body, headers, auth = make(payload_id)
            try:
                status, content = self._once(body, headers, auth)
            except httpx.TimeoutException:
                log.warning(
                    "eligibility %s: payload %s (try %d) had no answer within %gs",
                    self.name,
                    payload_id,
                    attempt,
                    self.limit,
                )
                continue
            except _TooLarge:
                raise EligibilityUnavailable(
                    f"The clearinghouse's answer was larger than {MAX_ANSWER_BYTES // 1_000_000} MB; it was not read.",
                    kind="answer",
                    attempts=attempt,
                ) from None
            except httpx.HTTPError as exc:
                log.warning(
                    "eligibility %s: payload %s could not be sent (%s)", self.name, payload_id, type(exc).__name__
                )
                raise EligibilityUnavailable(
                    "Could not reach the clearinghouse (no connection); "
                    "check RECOVERYNAV_ELIGIBILITY_URL or try later.",
                    kind="unreachable",
                    attempts=attempt,
                ) from None
            log.info("eligibility %s: payload %s answered HTTP %d (try %d)", self.name, payload_id, status, attempt)
            return _Answer(payload_id, status, content, attempt)
        raise EligibilityTimeout(self.limit, attempts=2)

    def _once(self, body: bytes, headers: dict[str, str], auth: httpx.Auth | None) -> tuple[int, bytes]:
        started = time.monotonic()
        with (
            httpx.Client(timeout=httpx.Timeout(self.limit), transport=self.transport, follow_redirects=False) as client,
            client.stream(
                "POST", self.url, content=body, headers=headers, auth=auth or httpx.USE_CLIENT_DEFAULT
            ) as answer,
        ):
            chunks: list[bytes] = []
            size = 0
            for chunk in answer.iter_bytes():
                size += len(chunk)
                if size > MAX_ANSWER_BYTES:
                    raise _TooLarge()
                chunks.append(chunk)
                if time.monotonic() - started > self.limit:
                    raise _TooSlow("the whole answer took longer than the real-time limit")
            if time.monotonic() - started > self.limit:
                raise _TooSlow("the whole answer took longer than the real-time limit")
            return answer.status_code, b"".join(chunks)


def _http_problem(status: int, attempts: int) -> EligibilityUnavailable:
    if status in (401, 403):
        words = f"refused our credentials (HTTP {status}); check the eligibility settings"
    elif status == 404:
        words = "has no eligibility service at the configured address (HTTP 404); check RECOVERYNAV_ELIGIBILITY_URL"
    elif status == 429:
        words = "is limiting our requests (HTTP 429); try again in a few minutes"
    elif status >= 500:
        words = f"failed on its side (HTTP {status}); try again later or verify by phone"
    else:
        words = f"refused the request (HTTP {status})"
    return EligibilityUnavailable(f"The clearinghouse {words}.", kind="http", attempts=attempts)


def _xml(content: bytes, attempts: int) -> ET.Element:
    head = content[:2048].lower()
    if b"<!doctype" in head or b"<!entity" in content.lower():
        # No DTDs from outside: entity expansion is how XML answers are made to eat memory.
        raise EligibilityUnavailable("The clearinghouse's answer declares a DTD; it was not read.", kind="answer")
    try:
        return ET.fromstring(content)
    except ET.ParseError:
        raise EligibilityUnavailable(
            "The clearinghouse's answer is not a SOAP envelope (not XML).", kind="answer", attempts=attempts
        ) from None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(element: ET.Element, name: str) -> ET.Element | None:
    return next((child for child in element if _local(child.tag) == name), None)


def _fault(root: ET.Element) -> ET.Element | None:
    body = _child(root, "Body")
    return None if body is None else _child(body, "Fault")


def _fault_problem(fault: ET.Element, status: int, attempts: int) -> EligibilityUnavailable:
    code_element = _child(fault, "Code")
    value = None
    if code_element is not None:  # SOAP 1.2: Code/Value
        value_element = _child(code_element, "Value")
        value = value_element.text if value_element is not None else None
    else:  # SOAP 1.1: faultcode
        legacy = _child(fault, "faultcode")
        value = legacy.text if legacy is not None else None
    code = (value or "").strip().rsplit(":", 1)[-1]
    words = _SOAP_CODES.get(code)
    if words is None:
        return EligibilityUnavailable(
            f"The clearinghouse answered with a SOAP fault (HTTP {status}) of a kind we do not know.",
            kind="fault",
            attempts=attempts,
        )
    return EligibilityUnavailable(
        f"The clearinghouse answered with a SOAP fault ({code}): {words}.", kind="fault", attempts=attempts
    )


class CoreSoapGateway:
    """The CAQH CORE SOAP real-time adapter; see the module docstring for the envelope.

    Usage::

        gateway = CoreSoapGateway(url="https://ch.example/core", sender_id="S1", receiver_id="R1",
                                  username="u", password="p", timeout_seconds=20)
    """

    name = "core-soap"

    def __init__(
        self,
        *,
        url: str,
        sender_id: str,
        receiver_id: str,
        username: str = "",
        password: str = "",
        auth: str = "username_token",
        timeout_seconds: float = 20.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._http = _Transport(name=self.name, url=url, timeout_seconds=timeout_seconds, transport=transport)
        self.sender_id, self.receiver_id = sender_id, receiver_id
        self._username, self._password, self._auth = username, password, auth

    def exchange(self, x12_270: str) -> EligibilityExchange:
        def make(payload_id: str) -> tuple[bytes, dict[str, str], httpx.Auth | None]:
            token = self._auth == "username_token" and bool(self._username)
            envelope = core_envelope(
                x12_270,
                payload_id=payload_id,
                sender_id=self.sender_id,
                receiver_id=self.receiver_id,
                now=datetime.now(UTC),
                username=self._username if token else None,
                password=self._password if token else None,
            )
            # SOAP 1.2 names the operation in the media type: CORE's WSDL calls it RealTimeTransaction.
            headers = {"Content-Type": 'application/soap+xml; charset=utf-8; action="RealTimeTransaction"'}
            basic = (
                httpx.BasicAuth(self._username, self._password) if self._auth == "basic" and self._username else None
            )
            return envelope, headers, basic

        answer = self._http.post(make)
        payload_id, status, content, attempts = answer.payload_id, answer.status, answer.content, answer.attempts
        if status >= 400 and not content.strip().startswith(b"<"):
            raise _http_problem(status, attempts)
        root = _xml(content, attempts) if content.strip() else None
        if root is None:
            raise (
                _http_problem(status, attempts)
                if status >= 400
                else EligibilityUnavailable(
                    "The clearinghouse answered with an empty body.", kind="answer", attempts=attempts
                )
            )
        fault = _fault(root)
        if fault is not None:
            raise _fault_problem(fault, status, attempts)
        if status >= 400:
            raise _http_problem(status, attempts)
        body = _child(root, "Body")
        response = None if body is None else _child(body, "COREEnvelopeRealTimeResponse")
        if response is None:
            raise EligibilityUnavailable(
                "The clearinghouse's answer holds no COREEnvelopeRealTimeResponse.", kind="envelope", attempts=attempts
            )
        fields = {_local(child.tag): (child.text or "") for child in response}
        error_code = fields.get("ErrorCode", "").strip()
        if error_code and error_code != "Success":
            named = f" ({error_code})" if _ERROR_CODE.fullmatch(error_code) else ""
            raise EligibilityUnavailable(
                f"The clearinghouse refused the CORE envelope{named}; ask it about payload {payload_id}.",
                kind="envelope",
                attempts=attempts,
            )
        payload_type = fields.get("PayloadType", "").strip()
        if payload_type != RESPONSE_PAYLOAD_TYPE:
            kind = (
                "an acknowledgment (999/TA1): the 270 was not accepted"
                if re.search(r"999|TA1", payload_type)
                else ("another kind of payload")
            )
            raise EligibilityUnavailable(
                f"The clearinghouse answered with {kind} instead of a 271.", kind="envelope", attempts=attempts
            )
        payload = fields.get("Payload", "").strip()
        if not payload:
            raise EligibilityUnavailable("The clearinghouse's 271 payload is empty.", kind="answer", attempts=attempts)
        return EligibilityExchange(x12_271=payload, payload_id=payload_id, gateway=self.name, attempts=attempts)


class JsonClearinghouseGateway:
    """The generic JSON adapter (raw X12 in a JSON body, bearer API key); see the module docstring for the shape.

    Usage::

        gateway = JsonClearinghouseGateway(url="https://ch.example/x12", api_key="k", timeout_seconds=20)
    """

    name = "json"

    def __init__(
        self,
        *,
        url: str,
        api_key: str = "",
        timeout_seconds: float = 20.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._http = _Transport(name=self.name, url=url, timeout_seconds=timeout_seconds, transport=transport)
        self._api_key = api_key

    def exchange(self, x12_270: str) -> EligibilityExchange:
        def make(payload_id: str) -> tuple[bytes, dict[str, str], httpx.Auth | None]:
            body = {"payloadId": payload_id, "payloadType": REQUEST_PAYLOAD_TYPE, "x12": x12_270}
            headers = {"Content-Type": "application/json", "Accept": "application/json"}
            if self._api_key:
                headers["Authorization"] = f"Bearer {self._api_key}"
            return json.dumps(body).encode("utf-8"), headers, None

        answer = self._http.post(make)
        payload_id, status, content, attempts = answer.payload_id, answer.status, answer.content, answer.attempts
        if status >= 400:
            raise _http_problem(status, attempts)
        try:
            data: Any = json.loads(content)
        except ValueError:
            raise EligibilityUnavailable(
                "The clearinghouse's answer is not JSON.", kind="answer", attempts=attempts
            ) from None
        x12 = data.get("x12") if isinstance(data, dict) else None
        if not isinstance(x12, str) or not x12.strip():
            raise EligibilityUnavailable(
                'The clearinghouse\'s answer has no "x12" text (the 271).', kind="answer", attempts=attempts
            )
        return EligibilityExchange(x12_271=x12.strip(), payload_id=payload_id, gateway=self.name, attempts=attempts)


def gateway_from_settings(
    settings: Settings, *, transport: httpx.BaseTransport | None = None
) -> EligibilityGateway | None:
    """The configured gateway, or None when ``eligibility_gateway`` is ``none`` (cases then get a phone task)."""
    secret = settings.eligibility_password.get_secret_value() if settings.eligibility_password else ""
    if settings.eligibility_gateway == "core":
        return CoreSoapGateway(
            url=settings.eligibility_url,
            sender_id=settings.eligibility_sender_id,
            receiver_id=settings.eligibility_receiver_id,
            username=settings.eligibility_username,
            password=secret,
            auth=settings.eligibility_core_auth,
            timeout_seconds=settings.eligibility_timeout_seconds,
            transport=transport,
        )
    if settings.eligibility_gateway == "json":
        key = settings.eligibility_api_key.get_secret_value() if settings.eligibility_api_key else ""
        return JsonClearinghouseGateway(
            url=settings.eligibility_url,
            api_key=key,
            timeout_seconds=settings.eligibility_timeout_seconds,
            transport=transport,
        )
    return None
