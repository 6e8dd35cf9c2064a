"""E-mail through the operator's SMTP server: the back office's ``MailSender`` port (``backoffice.notify``).

Only used when ``RECOVERYNAV_SMTP_HOST`` is set; otherwise messages stay in the outbox table. Connections are
bounded in time, use STARTTLS by default (``ssl``: implicit TLS on 465; ``none``: only for a relay on the same
host), and any refusal or network error becomes ``NotificationFailed`` so the message stays queued.

Usage::

    sender = SmtpMailSender(host="smtp.example.org", port=587, sender="helpline@example.org")
    sender.send(to="staff@example.org", subject="recoverynav: a follow-up is due", body="Sign in: ...")
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Literal

from recoverynav.backoffice.notify import NotificationFailed

__all__ = ["SmtpMailSender", "SmtpSecurity"]

SmtpSecurity = Literal["starttls", "ssl", "none"]


@dataclass(frozen=True)
class SmtpMailSender:
    """Sends plain-text mail through one SMTP server (a new connection per message: they are few)."""

    host: str
    port: int = 587
    sender: str = "recoverynav@localhost"
    username: str = ""
    password: str = ""
    security: SmtpSecurity = "starttls"
    timeout_seconds: float = 20.0

    def _message(self, to: str, subject: str, body: str) -> EmailMessage:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = to
        message["Subject"] = subject
        message["Date"] = formatdate(localtime=False, usegmt=True)
        message["Message-ID"] = make_msgid(domain=self.sender.rpartition("@")[2] or "localhost")
        message.set_content(body)
        return message

    def send(self, *, to: str, subject: str, body: str) -> None:
        """Send one message, or raise :class:`NotificationFailed` (never naming the address)."""
        message = self._message(to, subject, body)
        try:
            if self.security == "ssl":
                client: smtplib.SMTP = smtplib.SMTP_SSL(
                    self.host, self.port, timeout=self.timeout_seconds, context=ssl.create_default_context()
                )
            else:
                client = smtplib.SMTP(self.host, self.port, timeout=self.timeout_seconds)
            with client:
                if self.security == "starttls":
                    client.starttls(context=ssl.create_default_context())
                if self.username:
                    client.login(self.username, self.password)
                client.send_message(message)
        except (smtplib.SMTPException, OSError) as exc:
            # The class of error only: the server's reply may repeat the recipient's address.
            raise NotificationFailed(
                f"the mail server at {self.host}:{self.port} did not take the message ({type(exc).__name__})"
            ) from None
