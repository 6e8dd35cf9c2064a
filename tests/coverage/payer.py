"""A simulated payer: a real HTTP server on a free port, in a thread, that answers eligibility requests the way a
clearinghouse would — over CAQH CORE SOAP (``/core``) and the generic JSON shape (``/json``).

Each request takes the next :class:`Reply` from ``payer.script`` (then ``payer.default``): a sample 271, an AAA
rejection, a SOAP fault, a CORE envelope error, an HTTP error, a 999 acknowledgment, or any of these after a
delay (a slow answer, or a timeout when the delay passes the client's limit). ``payer.received`` keeps what came
in (path, headers, body), so tests can read the envelope we sent.

Usage::

    with simulated_payer() as payer:
        payer.script = [Reply(delay=3.0), Reply()]      # first try times out, the retry gets the sample 271
        gateway = CoreSoapGateway(url=payer.url("/core"), ...)
"""

from __future__ import annotations

import json
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Literal
from xml.sax.saxutils import escape

from recoverynav.gateways.clearinghouse import CORE_NAMESPACE, SOAP_NAMESPACE
from tests.conftest import _free_port

DATA = Path(__file__).parent / "payer_data"
SAMPLE_270 = (DATA / "subscriber-health-benefit-check.270").read_text(encoding="utf-8")
SAMPLE_271 = (DATA / "subscriber-health-benefit-check.271").read_text(encoding="utf-8")
REJECTION_271 = (DATA / "subscriber-health-benefit-check-error.271").read_text(encoding="utf-8")
SUD_271 = (DATA / "substance-use-in-and-out-of-network.271").read_text(encoding="utf-8")
# What the sample 270 and the SUD 271 say about the member: none of it may reach a log or an error message.
MEMBER_VALUES = ("11122333301", "SMITH", "ROBERT", "19430519", "1943-05-19")

Kind = Literal["271", "soap_fault", "core_error", "http_error", "ack_999", "not_xml", "dtd", "empty_x12", "huge"]


@dataclass
class Reply:
    """One answer: what kind, after how many seconds, with which 271 / status / fault code."""

    kind: Kind = "271"
    x12: str = SAMPLE_271
    delay: float = 0.0
    status: int = 200
    fault_code: str = "env:Sender"
    # A payer's fault text may well name the member; the gateway must not pass it on.
    fault_text: str = "Subscriber SMITH ROBERT 11122333301 born 19430519 not found"
    error_code: str = "PayloadIDRequired"
    # Seconds between the pieces of the body (sent in 5): each gap within a read timeout, the whole perhaps not.
    trickle: float = 0.0


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class SimulatedPayer:
    port: int
    script: list[Reply] = field(default_factory=list)
    default: Reply = field(default_factory=Reply)
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def next_reply(self, received: Received) -> Reply:
        with self.lock:
            self.received.append(received)
            return self.script.pop(0) if self.script else self.default


def _soap(inner: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><env:Envelope xmlns:env="{SOAP_NAMESPACE}" '
        f'xmlns:cor="{CORE_NAMESPACE}"><env:Body>{inner}</env:Body></env:Envelope>'
    ).encode()


def _core_response(payload_id: str, payload_type: str, payload: str, error_code: str, message: str) -> bytes:
    return _soap(
        "<cor:COREEnvelopeRealTimeResponse>"
        f"<cor:PayloadType>{payload_type}</cor:PayloadType><cor:ProcessingMode>RealTime</cor:ProcessingMode>"
        f"<cor:PayloadID>{escape(payload_id)}</cor:PayloadID><cor:TimeStamp>2026-12-07T01:00:00Z</cor:TimeStamp>"
        "<cor:SenderID>PAYERSIM</cor:SenderID><cor:ReceiverID>RECOVERYNAV</cor:ReceiverID>"
        f"<cor:CORERuleVersion>2.2.0</cor:CORERuleVersion><cor:Payload>{escape(payload)}</cor:Payload>"
        f"<cor:ErrorCode>{escape(error_code)}</cor:ErrorCode><cor:ErrorMessage>{escape(message)}</cor:ErrorMessage>"
        "</cor:COREEnvelopeRealTimeResponse>"
    )


def _payload_id(path: str, body: bytes) -> str:
    try:
        if path == "/json":
            return str(json.loads(body)["payloadId"])
        root = ET.fromstring(body)
        found = root.find(f".//{{{CORE_NAMESPACE}}}PayloadID")
        return found.text or "" if found is not None else ""
    except (ValueError, KeyError, ET.ParseError):
        return ""


def _answer(path: str, reply: Reply, payload_id: str) -> tuple[int, str, bytes]:
    """Status, content type and body for ``reply`` on ``path``."""
    soap_type = "application/soap+xml; charset=utf-8"
    if reply.kind == "http_error":
        return reply.status, "text/plain", b"Service temporarily unavailable for member 11122333301"
    if reply.kind == "not_xml":
        return 200, "text/html", b"<html><body>maintenance</body>" if path == "/core" else b"not json"
    if reply.kind == "huge":
        return 200, "application/octet-stream", b"x" * 6_000_000
    if reply.kind == "dtd":
        body = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'
        return 200, soap_type, body
    if path == "/json":
        if reply.kind in ("soap_fault", "core_error"):
            error = {"error": {"code": "SUBSCRIBER_NOT_FOUND", "message": reply.fault_text}}
            return reply.status if reply.status >= 400 else 400, "application/json", json.dumps(error).encode()
        x12 = "" if reply.kind == "empty_x12" else reply.x12
        return 200, "application/json", json.dumps({"payloadId": payload_id, "x12": x12}).encode()
    if reply.kind == "soap_fault":
        fault = (
            f"<env:Fault><env:Code><env:Value>{escape(reply.fault_code)}</env:Value></env:Code>"
            f'<env:Reason><env:Text xml:lang="en">{escape(reply.fault_text)}</env:Text></env:Reason></env:Fault>'
        )
        return reply.status if reply.status >= 400 else 500, soap_type, _soap(fault)
    if reply.kind == "core_error":
        return 200, soap_type, _core_response(payload_id, "CoreEnvelopeError", "", reply.error_code, reply.fault_text)
    if reply.kind == "ack_999":
        return 200, soap_type, _core_response(payload_id, "X12_999_Response_005010X231A1", "ISA*...~", "Success", "")
    x12 = "" if reply.kind == "empty_x12" else reply.x12
    return 200, soap_type, _core_response(payload_id, "X12_271_Response_005010X279A1", x12, "Success", "None")


def _handler(payer: SimulatedPayer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            received = Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
            reply = payer.next_reply(received)
            if reply.delay:
                time.sleep(reply.delay)
            status, content_type, answer = _answer(self.path, reply, _payload_id(self.path, body))
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                if not reply.trickle:
                    self.wfile.write(answer)
                    return
                step = len(answer) // 5 + 1
                for start in range(0, len(answer), step):
                    self.wfile.write(answer[start : start + step])
                    self.wfile.flush()
                    time.sleep(reply.trickle)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (its limit passed): as a real payer would, carry on

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@contextmanager
def simulated_payer() -> Iterator[SimulatedPayer]:
    """Start the simulated payer on a free port; stop it afterwards (sleeping answers do not hold it up)."""
    port = _free_port()
    payer = SimulatedPayer(port=port)
    server = ThreadingHTTPServer(("127.0.0.1", port), _handler(payer))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="simulated-payer", daemon=True)
    thread.start()
    try:
        yield payer
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
