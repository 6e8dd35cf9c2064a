"""Notifications (#16) on real databases and a real (local) SMTP server: queued with their cause, neutral text and
a sign-in link only, to the right accounts; delivered by SMTP, a failure staying queued."""

from __future__ import annotations

import re
import socket
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, text

from recoverynav.backoffice import (
    SUBJECTS,
    Actor,
    Caller,
    CaseDraft,
    OutboxNotifier,
    add_staff,
    deliver_pending,
    disable_staff,
    open_case,
    queue_decision,
    queue_follow_ups_due,
    queue_new_referral,
)
from recoverynav.directory.repository import ImportRun
from recoverynav.gateways.notify import SmtpMailSender
from recoverynav.storage.crypto import FieldCipher
from recoverynav.storage.unit_of_work import UnitOfWork
from tests.facility_databases import facility
from tests.smtp_server import smtp_server

NOW = datetime(2026, 12, 6, 10, 0, tzinfo=UTC)
LINK = "https://help.example.org/staff/login"
PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _fresh(engine: Engine) -> None:
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("TRUNCATE staff_facilities, facility_openings, notification_outbox"))
    with UnitOfWork(engine) as uow:
        sites = [facility("fac-a", 38.03, -78.48), facility("fac-b", 38.04, -78.48)]
        uow.facilities.upsert(sites, ImportRun(dataset="test-notify", source_name="t", sha256="5" * 64, rows=2))
        uow.commit()


def account(engine: Engine, cipher: FieldCipher, email: str, role: str = "facility", *frids: str) -> str:
    with UnitOfWork(engine, cipher=cipher) as uow:
        made = add_staff(
            uow.staff, uow.audit, email=email, role=role, password=PASSWORD, by="t", now=NOW, facilities=frids
        )
        uow.commit()
    return made.id


def outbox(engine: Engine, cipher: FieldCipher) -> list[dict[str, object]]:
    with UnitOfWork(engine, cipher=cipher, read_only=True) as uow:
        return [m.model_dump() for m in reversed(uow.outbox.listing(limit=100))]


def test_a_new_referral_tells_the_listings_active_accounts_and_says_nothing_else(
    engine: Engine, cipher: FieldCipher
) -> None:
    first = account(engine, cipher, "intake.one@example.org", "facility", "fac-a")
    second = account(engine, cipher, "intake.two@example.org", "facility", "fac-a", "fac-b")
    gone = account(engine, cipher, "gone@example.org", "facility", "fac-a")
    account(engine, cipher, "other@example.org", "facility", "fac-b")
    with UnitOfWork(engine, cipher=cipher) as uow:
        disable_staff(uow.staff, uow.audit, gone, by="t")
        uow.commit()
    with UnitOfWork(engine, cipher=cipher) as uow:
        assert queue_new_referral(uow, frid="fac-a", sign_in_url=LINK, now=NOW) == 2
        uow.commit()
    messages = outbox(engine, cipher)
    assert sorted(str(m["recipient"]) for m in messages) == sorted([first, second])
    for message in messages:
        assert message["subject"] == SUBJECTS["referral.new"] and message["sent_at"] is None
        body = str(message["body"])
        # The one particular is the sign-in link: no listing id, address, account or case detail.
        assert re.findall(r"https?://\S+", body) == [LINK]
        for secret in ("fac-a", "intake", "@example.org", first, second):
            assert secret not in body and secret not in str(message["subject"])


def test_nothing_is_queued_when_the_change_is_not_kept(engine: Engine, cipher: FieldCipher) -> None:
    account(engine, cipher, "intake@example.org", "facility", "fac-a")
    with UnitOfWork(engine, cipher=cipher) as uow:
        queue_new_referral(uow, frid="fac-a", sign_in_url=LINK, now=NOW)
        # no commit: the referral this announced was not kept, so neither is the message
    assert outbox(engine, cipher) == []


def test_decisions_and_follow_ups_go_to_the_consultant(engine: Engine, cipher: FieldCipher) -> None:
    consultant = account(engine, cipher, "dana@example.org", "consultant")
    actor = Actor(id=consultant, role="consultant")
    with UnitOfWork(engine, cipher=cipher) as uow:
        due = CaseDraft(caller=Caller(nickname="Sam"), due_at=NOW - timedelta(hours=1), next_action="call back")
        open_case(uow, actor, due, now=NOW - timedelta(days=1))
    with UnitOfWork(engine, cipher=cipher) as uow:
        later = CaseDraft(caller=Caller(nickname="Kim"), due_at=NOW + timedelta(days=3))
        open_case(uow, actor, later, now=NOW - timedelta(days=1))
    with UnitOfWork(engine, cipher=cipher) as uow:
        assert queue_decision(uow, consultant=consultant, sign_in_url=LINK, now=NOW) == 1
        assert queue_follow_ups_due(uow, sign_in_url=LINK, now=NOW) == 1
        uow.commit()
    with UnitOfWork(engine, cipher=cipher) as uow:
        # One waiting reminder per owner is enough: a second run adds none.
        assert queue_follow_ups_due(uow, sign_in_url=LINK, now=NOW + timedelta(minutes=5)) == 0
        uow.commit()
    kinds = [(m["recipient"], m["kind"]) for m in outbox(engine, cipher)]
    assert kinds == [(consultant, "referral.decision"), (consultant, "follow_up.due")]
    assert all("Sam" not in str(m["body"]) and "call back" not in str(m["body"]) for m in outbox(engine, cipher))


def test_smtp_delivers_each_message_to_the_accounts_address(engine: Engine, cipher: FieldCipher) -> None:
    first = account(engine, cipher, "intake.one@example.org", "facility", "fac-a")
    account(engine, cipher, "intake.two@example.org", "facility", "fac-a")
    with UnitOfWork(engine, cipher=cipher) as uow:
        queue_new_referral(uow, frid="fac-a", sign_in_url=LINK, now=NOW)
        uow.commit()
    with smtp_server() as (port, mailbox):
        sender = SmtpMailSender(host="127.0.0.1", port=port, sender="helpline@example.org", security="none")
        with UnitOfWork(engine, cipher=cipher) as uow:
            assert deliver_pending(uow.outbox, uow.staff, sender, now=NOW) == (2, 0)
            uow.commit()
    assert sorted(r for m in mailbox.messages for r in m.recipients) == [
        "intake.one@example.org",
        "intake.two@example.org",
    ]
    got = mailbox.messages[0].message
    assert got["Subject"] == SUBJECTS["referral.new"] and got["From"] == "helpline@example.org"
    assert LINK in got.get_payload() and "fac-a" not in got.as_string()
    assert all(m["sent_at"] is not None for m in outbox(engine, cipher))
    with UnitOfWork(engine, cipher=cipher, read_only=True) as uow:
        assert uow.outbox.pending(10) == [] and len(uow.outbox.listing(recipient=first)) == 1


def test_a_refusing_or_absent_server_leaves_messages_queued(engine: Engine, cipher: FieldCipher) -> None:
    account(engine, cipher, "intake@example.org", "facility", "fac-a")
    with UnitOfWork(engine, cipher=cipher) as uow:
        queue_new_referral(uow, frid="fac-a", sign_in_url=LINK, now=NOW)
        uow.commit()
    with smtp_server() as (port, mailbox):
        mailbox.refuse = True
        refusing = SmtpMailSender(host="127.0.0.1", port=port, security="none")
        with UnitOfWork(engine, cipher=cipher) as uow:
            assert deliver_pending(uow.outbox, uow.staff, refusing, now=NOW) == (0, 1)
            uow.commit()
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    absent = SmtpMailSender(host="127.0.0.1", port=closed, security="none", timeout_seconds=2)
    with UnitOfWork(engine, cipher=cipher) as uow:
        assert deliver_pending(uow.outbox, uow.staff, absent, now=NOW) == (0, 1)
        uow.commit()
    assert [m["sent_at"] for m in outbox(engine, cipher)] == [None]


def test_the_referral_notifier_queues_without_ids_or_status(engine: Engine, cipher: FieldCipher) -> None:
    facility_account = account(engine, cipher, "intake@example.org", "facility", "fac-b")
    dana = account(engine, cipher, "dana@example.org", "consultant")
    with UnitOfWork(engine, cipher=cipher) as uow:
        notifier = OutboxNotifier(uow, sign_in_url=LINK, now=NOW)
        notifier.referral_sent("fac-b", "ref-123")
        notifier.referral_answered(dana, "ref-123", "declined")
        uow.commit()
    messages = outbox(engine, cipher)
    assert [(m["recipient"], m["kind"]) for m in messages] == [
        (facility_account, "referral.new"),
        (dana, "referral.decision"),
    ]
    assert not any("ref-123" in str(m["body"]) or "declined" in str(m["body"]) for m in messages)
