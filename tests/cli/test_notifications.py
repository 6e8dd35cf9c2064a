"""``recoverynav notifications``: the outbox listed, delivered through a local SMTP server, follow-ups queued."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from recoverynav.backoffice import Actor, Caller, CaseDraft, open_case, queue_decision
from recoverynav.cli.main import cli
from recoverynav.settings import get_settings
from recoverynav.storage.unit_of_work import UnitOfWork
from recoverynav.wiring import back_office_engine
from tests.smtp_server import smtp_server

PASSWORD = "a long enough pass phrase"


@pytest.fixture()
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("RECOVERYNAV_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("RECOVERYNAV_PUBLIC_URL", "https://help.example.org")
    for name in (
        "RECOVERYNAV_DATABASE_URL",
        "RECOVERYNAV_SECRET_KEYS",
        "RECOVERYNAV_DATA_KEY",
        "RECOVERYNAV_SMTP_HOST",
    ):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def consultant(runner: CliRunner, email: str) -> str:
    made = runner.invoke(cli, ["users", "add", email, "--role", "consultant", "--password-stdin", "--json"], PASSWORD)
    assert made.exit_code == 0, made.stderr
    user_id: str = json.loads(made.stdout)["id"]
    return user_id


def test_list_deliver_and_follow_ups(data_dir: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    dana = consultant(runner, "dana@example.org")
    now = datetime.now(UTC)
    with UnitOfWork(back_office_engine()) as uow:
        queue_decision(uow, consultant=dana, sign_in_url="https://help.example.org/staff/login", now=now)
        uow.commit()
    with UnitOfWork(back_office_engine()) as uow:
        draft = CaseDraft(caller=Caller(nickname="Sam"), due_at=now - timedelta(minutes=5))
        open_case(uow, Actor(id=dana, role="consultant"), draft, now=now - timedelta(hours=1))
    followed = runner.invoke(cli, ["notifications", "follow-ups"])
    assert followed.exit_code == 0 and "Queued 1 follow-up message." in followed.stdout
    listed = json.loads(runner.invoke(cli, ["notifications", "list", "--pending", "--json"]).stdout)
    assert [(m["recipient"], m["kind"]) for m in listed] == [(dana, "referral.decision"), (dana, "follow_up.due")]
    assert all("https://help.example.org/staff/login" in m["body"] and "Sam" not in m["body"] for m in listed)

    refused = runner.invoke(cli, ["notifications", "deliver"])
    assert refused.exit_code == 2 and "RECOVERYNAV_SMTP_HOST" in refused.stderr
    with smtp_server() as (port, mailbox):
        monkeypatch.setenv("RECOVERYNAV_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("RECOVERYNAV_SMTP_PORT", str(port))
        monkeypatch.setenv("RECOVERYNAV_SMTP_SECURITY", "none")
        monkeypatch.setenv("RECOVERYNAV_SMTP_FROM", "helpline@example.org")
        get_settings.cache_clear()
        delivered = runner.invoke(cli, ["notifications", "deliver"])
    assert delivered.exit_code == 0 and "Sent 2" in delivered.stdout, delivered.output
    assert [m.recipients for m in mailbox.messages] == [["dana@example.org"]] * 2
    assert json.loads(runner.invoke(cli, ["notifications", "list", "--pending", "--json"]).stdout) == []
    assert "The outbox is empty." not in runner.invoke(cli, ["notifications", "list"]).stdout
