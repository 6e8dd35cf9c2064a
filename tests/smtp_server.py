"""A minimal SMTP server the tests start on a free local port: it accepts mail and keeps each message it got.

Enough of RFC 5321 for ``smtplib`` (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT), no TLS or auth; ``refuse``
answers every RCPT with 550 so a test can see a refusal handled.
"""

from __future__ import annotations

import email
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import Message


@dataclass
class Received:
    """One message as the server took it: envelope sender and recipients, and the parsed message."""

    sender: str
    recipients: list[str]
    message: Message


@dataclass
class Mailbox:
    """What the server received, and whether it refuses recipients."""

    messages: list[Received] = field(default_factory=list)
    refuse: bool = False


class _Handler(socketserver.StreamRequestHandler):
    server: _Server

    def _say(self, line: str) -> None:
        self.wfile.write(line.encode("ascii") + b"\r\n")

    def handle(self) -> None:
        self._say("220 test.local ESMTP")
        sender, recipients = "", list[str]()
        while line := self.rfile.readline(4096):
            command = line.decode("utf-8", "replace").strip()
            verb = command[:4].upper()
            if verb in ("EHLO", "HELO"):
                self._say("250 test.local")
            elif verb == "MAIL":
                sender, recipients = command.partition(":")[2].strip(" <>"), []
                self._say("250 OK")
            elif verb == "RCPT":
                if self.server.mailbox.refuse:
                    self._say("550 no such user")
                    continue
                recipients.append(command.partition(":")[2].strip(" <>"))
                self._say("250 OK")
            elif verb == "DATA":
                self._say("354 end with <CRLF>.<CRLF>")
                data = b""
                while (chunk := self.rfile.readline(65536)) and chunk != b".\r\n":
                    data += chunk[1:] if chunk.startswith(b"..") else chunk
                parsed = email.message_from_bytes(data)
                self.server.mailbox.messages.append(Received(sender, recipients, parsed))
                self._say("250 OK queued")
            elif verb == "RSET":
                sender, recipients = "", []
                self._say("250 OK")
            elif verb == "NOOP":
                self._say("250 OK")
            elif verb == "QUIT":
                self._say("221 bye")
                return
            else:
                self._say("502 not implemented")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, mailbox: Mailbox) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.mailbox = mailbox


@contextmanager
def smtp_server() -> Iterator[tuple[int, Mailbox]]:
    """A running server: its port and its mailbox; stopped when the block ends."""
    mailbox = Mailbox()
    server = _Server(mailbox)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], mailbox
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
