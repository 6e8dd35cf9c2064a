"""Notifications (#16): a neutral message with a sign-in link, never any personal data, queued then delivered.

A message says only that something is waiting (a new referral, a facility's answer, a follow-up due) and where to
sign in. No name, case, facility, substance or reference code is in it: e-mail passes through servers the
operator does not control and subject lines are read on lock screens, so a message is never a way a record is
disclosed. The person signs in (password and second factor) to see what it is about; a referral's disclosure,
with its notice and consent, happens there.

Messages go to an outbox in the same transaction as the change they announce (so a rolled-back referral sends
nothing); :func:`deliver_pending` sends queued ones through a :class:`MailSender` (SMTP when the operator
configured it, ``gateways/notify.py``) after the commit. Without SMTP they stay in the outbox, where the operator
(``recoverynav notifications list``) and tests read them.

Usage::

    queue_new_referral(unit, frid="abc", sign_in_url="https://help.example.org/staff/login", now=now)
    unit.commit()
    deliver_pending(unit.outbox, unit.staff, sender, now=now)      # when SMTP is configured
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

from recoverynav.backoffice.audit import AuditEvent, AuditTrail
from recoverynav.backoffice.staff import StaffRepository
from recoverynav.errors import Unavailable

if TYPE_CHECKING:
    # The case ports import the case model (plans, the directory): listing or sending the outbox needs neither.
    from recoverynav.backoffice.ports import CaseRepository

NotificationKind = Literal["referral.new", "referral.decision", "follow_up.due"]

# Neutral on purpose: the subject says only that the back office has something, never what or for whom.
SUBJECTS: dict[NotificationKind, str] = {
    "referral.new": "recoverynav: a new referral is waiting for you",
    "referral.decision": "recoverynav: a referral you sent has an answer",
    "follow_up.due": "recoverynav: a follow-up is due",
}
BODY = (
    "Hello,\n\n"
    "{what}\n\n"
    "Sign in to see it: {link}\n\n"
    "This message holds no details on purpose: they are only shown after you sign in.\n"
    "If you did not expect this message, you can ignore it.\n"
)
WHAT: dict[NotificationKind, str] = {
    "referral.new": "Something new is waiting for you in recoverynav.",
    "referral.decision": "A referral you sent has an answer in recoverynav.",
    "follow_up.due": "A follow-up is due in recoverynav.",
}


class NotificationFailed(Unavailable):
    """The mail server refused or could not be reached; the message stays in the outbox for the next attempt."""


class Notification(BaseModel):
    """One message to one account (by id): a neutral subject and a body whose only particular is the sign-in link."""

    model_config = ConfigDict(frozen=True)

    recipient: str = Field(min_length=1, max_length=32)
    kind: NotificationKind
    subject: str = Field(max_length=200)
    body: str = Field(max_length=2000)
    created_at: datetime


class QueuedNotification(Notification):
    """A message as the outbox holds it: its id and when it was sent (None: not yet)."""

    id: int
    sent_at: datetime | None = None


class Outbox(Protocol):
    """Where messages wait (``storage.backoffice.outbox``); writes join the caller's transaction."""

    def add(self, notification: Notification) -> int:
        """Queue a message; its id."""
        ...

    def pending(self, limit: int) -> list[QueuedNotification]:
        """Messages not yet sent, oldest first."""
        ...

    def mark_sent(self, notification_id: int, when: datetime) -> None:
        """Record that a message went out (or was dropped: its account is gone or disabled)."""
        ...

    def listing(self, *, recipient: str | None = None, limit: int = 100) -> list[QueuedNotification]:
        """Messages, newest first (to one account when given)."""
        ...


class MailSender(Protocol):
    """Sends one e-mail (``gateways.notify.SmtpMailSender``)."""

    def send(self, *, to: str, subject: str, body: str) -> None:
        """Send it, or raise :class:`NotificationFailed`."""
        ...


class NotifyUnit(Protocol):
    """One transaction holding the outbox, the staff accounts (to find a listing's accounts) and the audit trail."""

    @property
    def outbox(self) -> Outbox:
        """The outbox in this unit."""
        ...

    @property
    def staff(self) -> StaffRepository:
        """Staff accounts in this unit."""
        ...

    @property
    def audit(self) -> AuditTrail:
        """The audit trail in this unit."""
        ...


def notification(kind: NotificationKind, recipient: str, *, sign_in_url: str, now: datetime) -> Notification:
    """The message of ``kind`` for one account: the neutral subject and the body with the sign-in link."""
    body = BODY.format(what=WHAT[kind], link=sign_in_url)
    return Notification(recipient=recipient, kind=kind, subject=SUBJECTS[kind], body=body, created_at=now)


def _queue(unit: NotifyUnit, kind: NotificationKind, recipients: Sequence[str], sign_in_url: str, now: datetime) -> int:
    for recipient in dict.fromkeys(recipients):
        queued = unit.outbox.add(notification(kind, recipient, sign_in_url=sign_in_url, now=now))
        unit.audit.record(
            AuditEvent(actor="system", action=f"notify.{kind}", record_type="notification", record_id=str(queued))
        )
    return len(dict.fromkeys(recipients))


def queue_new_referral(unit: NotifyUnit, *, frid: str, sign_in_url: str, now: datetime) -> int:
    """A referral was sent to listing ``frid``: tell every active account tied to it; how many were told."""
    return _queue(unit, "referral.new", unit.staff.facility_accounts(frid), sign_in_url, now)


def queue_decision(unit: NotifyUnit, *, consultant: str, sign_in_url: str, now: datetime) -> int:
    """A facility answered a referral: tell the consultant who sent it (by account id)."""
    return _queue(unit, "referral.decision", [consultant], sign_in_url, now)


def queue_follow_up(unit: NotifyUnit, *, owner: str, sign_in_url: str, now: datetime) -> int:
    """A case's follow-up is due: tell its owner (by account id)."""
    return _queue(unit, "follow_up.due", [owner], sign_in_url, now)


class FollowUpUnit(NotifyUnit, Protocol):
    """A notify unit that also reads cases (to find whose follow-ups are due)."""

    @property
    def cases(self) -> CaseRepository:
        """The case repository in this unit."""
        ...


def queue_follow_ups_due(unit: FollowUpUnit, *, sign_in_url: str, now: datetime, limit: int = 1000) -> int:
    """One "follow-up due" message to each owner of an open case due by ``now`` (none to an owner who still has one
    waiting unsent); how many were queued. Run from a timer (``recoverynav notifications follow-ups``)."""
    from recoverynav.backoffice.cases import load_case_flow  # the case model (plans, directory) only when queueing

    final = set(load_case_flow().final)
    owners = {s.owner for s in unit.cases.listing(due_before=now, limit=limit) if s.owner and s.status not in final}
    waiting = {q.recipient for q in unit.outbox.pending(limit) if q.kind == "follow_up.due"}
    return _queue(unit, "follow_up.due", sorted(owners - waiting), sign_in_url, now)


class OutboxNotifier:
    """Referral news queued in a unit's outbox: what a referral use case's notifier port asks for
    (``referral_sent``, ``referral_answered``), with neither the referral id nor its status in the message.

    Usage::

        notifier = OutboxNotifier(unit, sign_in_url=wiring.sign_in_url(), now=now)
        notifier.referral_sent("frid-1", "r-42")     # every active account of listing frid-1 gets a message
    """

    def __init__(self, unit: NotifyUnit, *, sign_in_url: str, now: datetime) -> None:
        self.unit = unit
        self.sign_in_url = sign_in_url
        self.now = now

    def referral_sent(self, frid: str, referral_id: str) -> None:
        """Tell the listing's facility accounts that something waits (the referral id stays out of the message)."""
        queue_new_referral(self.unit, frid=frid, sign_in_url=self.sign_in_url, now=self.now)

    def referral_answered(self, consultant_id: str, referral_id: str, status: str) -> None:
        """Tell the consultant who sent it that there is an answer (not which)."""
        queue_decision(self.unit, consultant=consultant_id, sign_in_url=self.sign_in_url, now=self.now)


def deliver_pending(
    outbox: Outbox, staff: StaffRepository, sender: MailSender, *, now: datetime, limit: int = 100
) -> tuple[int, int]:
    """Send queued messages (to each account's current e-mail); (sent, failed). A failure stays queued.

    A message whose account is gone or disabled is dropped (marked sent) rather than sent.
    """
    sent = failed = 0
    for queued in outbox.pending(limit):
        account = staff.get(queued.recipient)
        if account is None or account.disabled:
            outbox.mark_sent(queued.id, now)
            continue
        try:
            sender.send(to=account.email, subject=queued.subject, body=queued.body)
        except NotificationFailed:
            failed += 1
            continue
        outbox.mark_sent(queued.id, now)
        sent += 1
    return sent, failed
