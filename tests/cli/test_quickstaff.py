"""``audit verify``'s standard-library path (``cli/quickstaff.py``) against the full path.

The fast path reads the SQLite file with ``sqlite3`` and judges the chain with the same functions as the full path
(``backoffice.audit_chain``); these tests hold its answer to the full path's over many trails, intact and tampered
with, show it never imports SQLAlchemy or pydantic, and that it steps aside whenever the full path could differ.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from recoverynav.backoffice import AuditEvent
from recoverynav.cli import quickstaff
from recoverynav.cli.main import cli
from recoverynav.settings import get_settings
from recoverynav.storage.backoffice.audit import verify_stored_chain
from recoverynav.storage.engine import dispose_all
from recoverynav.storage.unit_of_work import UnitOfWork
from recoverynav.wiring import back_office_engine

texts = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=30)
events = st.builds(
    AuditEvent,
    actor=texts,
    action=texts,
    record_type=st.none() | texts,
    record_id=st.none() | texts,
    source=st.none() | texts,
    reason=st.none() | texts,
    outcome=st.sampled_from(["success", "failure", "denied"]),
)
TAMPERING = [
    None,
    "UPDATE audit_events SET actor = 'someone else' WHERE seq = {mid}",
    "UPDATE audit_events SET reason = NULL WHERE seq = {last}",
    "UPDATE audit_events SET prev_hash = hash WHERE seq = {mid}",
    "UPDATE audit_events SET at = '2000-01-01T00:00:00.000000Z' WHERE seq = 1",
    "DELETE FROM audit_events WHERE seq = {mid}",
    "DELETE FROM audit_events WHERE seq = 1",
    "UPDATE audit_events SET seq = seq + 100 WHERE seq = {last}",
]


@pytest.fixture()
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("RECOVERYNAV_DATA_DIR", str(tmp_path))
    for name in ("RECOVERYNAV_DATABASE_URL", "RECOVERYNAV_SECRET_KEYS", "RECOVERYNAV_DATA_KEY", "RECOVERYNAV_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    yield tmp_path
    dispose_all()
    get_settings.cache_clear()


def _write_trail(trail: list[AuditEvent], tamper: str | None) -> None:
    engine = back_office_engine()
    start = datetime(2026, 12, 1, tzinfo=UTC)
    with UnitOfWork(engine) as uow:
        for n, event in enumerate(trail):
            uow.audit.append(event, now=start + timedelta(seconds=n, microseconds=n % 3))
        uow.commit()
    if tamper is not None and trail:
        with engine.begin() as conn:
            conn.execute(text("DROP TRIGGER IF EXISTS audit_events_no_update"))
            conn.execute(text("DROP TRIGGER IF EXISTS audit_events_no_delete"))
            conn.execute(text(tamper.format(mid=(len(trail) + 1) // 2, last=len(trail))))


def _both() -> tuple[tuple[object, ...], tuple[object, ...]]:
    full = verify_stored_chain(back_office_engine())
    fast = quickstaff.audit_walk()
    assert fast is not None, "the fast path must answer for a current SQLite file"
    return (
        (fast.count, fast.broken_seq, fast.problem, fast.head_hash),
        (full.count, full.broken_seq, full.problem, full.head_hash),
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(trail=st.lists(events, max_size=12), tamper=st.sampled_from(TAMPERING))
def test_the_fast_path_reports_what_the_full_path_reports(
    data_dir: Path, trail: list[AuditEvent], tamper: str | None
) -> None:
    with back_office_engine().begin() as conn:
        conn.execute(text("DROP TRIGGER IF EXISTS audit_events_no_delete"))
        conn.execute(text("DELETE FROM audit_events"))
    _write_trail(trail, tamper)
    fast, full = _both()
    assert fast == full


@pytest.mark.parametrize("tamper", TAMPERING)
def test_the_command_prints_the_same_on_both_paths(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, tamper: str | None
) -> None:
    _write_trail(
        [AuditEvent(actor=f"u{n}", action="case.read", record_id=str(n), reason="why") for n in range(5)], tamper
    )
    runner = CliRunner()
    fast = runner.invoke(cli, ["audit", "verify"])
    assert quickstaff.audit_walk() is not None
    monkeypatch.setattr(quickstaff, "audit_walk", lambda: None)
    full = runner.invoke(cli, ["audit", "verify"])
    assert (fast.exit_code, fast.stdout, fast.stderr) == (full.exit_code, full.stdout, full.stderr)
    assert fast.exit_code == (0 if tamper is None else 1)


def test_the_fast_path_imports_neither_sqlalchemy_nor_pydantic(data_dir: Path) -> None:
    _write_trail([AuditEvent(actor="u1", action="user.list")], None)
    probe = (
        "import sys\n"
        "from recoverynav.cli.main import main\n"
        "try:\n"
        "    main(['audit', 'verify'])\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code\n"
        "heavy = {'sqlalchemy', 'pydantic', 'alembic'}\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & heavy), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "The audit trail holds: 1 events" in done.stdout
    assert done.stderr.strip().splitlines()[-1] == "[]", done.stderr


def test_the_full_path_answers_whenever_it_could_differ(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write_trail([AuditEvent(actor="u1", action="user.list")], None)
    assert quickstaff.audit_walk() is not None
    # A schema not at the head the package ships (the full path would migrate first).
    with back_office_engine().begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0011'"))
    assert quickstaff.audit_walk() is None
    with back_office_engine().begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0012'"))
    assert quickstaff.audit_walk() is not None
    # A config file (it may name another database), another database URL, a read replica.
    for name, value in (
        ("RECOVERYNAV_CONFIG", str(data_dir / "config.toml")),
        ("RECOVERYNAV_DATABASE_URL", "postgresql+psycopg://someone@db/recoverynav"),
        ("RECOVERYNAV_DATABASE_READ_URL", "sqlite:///elsewhere.sqlite3"),
    ):
        with monkeypatch.context() as patch:
            patch.setenv(name, value)
            assert quickstaff.audit_walk() is None, name
    # No database yet (the full path makes and migrates it).
    monkeypatch.setenv("RECOVERYNAV_DATA_DIR", str(data_dir / "empty"))
    assert quickstaff.audit_walk() is None


messages = st.lists(
    st.tuples(
        st.sampled_from(["referral.new", "referral.decision", "follow_up.due"]),
        st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=32),
        st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)),
        st.none() | st.integers(0, 10**6),  # not sent, or sent this many seconds later
    ),
    max_size=8,
)


def _fill_outbox(queued: list[tuple[str, str, datetime, int | None]]) -> None:
    from recoverynav.backoffice import notification

    with UnitOfWork(back_office_engine()) as uow:
        for kind, recipient, moment, sent_after in queued:
            when = moment.replace(tzinfo=UTC)
            made = uow.outbox.add(notification(kind, recipient, sign_in_url="https://example.org/staff", now=when))  # type: ignore[arg-type]
            if sent_after is not None:
                uow.outbox.mark_sent(made, when + timedelta(seconds=sent_after))
        uow.commit()


def _outputs(monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> tuple[tuple[int, str, str], tuple[int, str, str]]:
    runner = CliRunner()
    fast = runner.invoke(cli, argv)
    with monkeypatch.context() as patch:
        patch.setattr(quickstaff, "outbox_listing", lambda **_: None)
        full = runner.invoke(cli, argv)
    return (fast.exit_code, fast.stdout, fast.stderr), (full.exit_code, full.stdout, full.stderr)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(queued=messages, limit=st.integers(1, 10), pending=st.booleans(), as_json=st.booleans())
def test_notifications_list_prints_the_same_on_both_paths(
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    queued: list[tuple[str, str, datetime, int | None]],
    limit: int,
    pending: bool,
    as_json: bool,
) -> None:
    with back_office_engine().begin() as conn:
        conn.execute(text("DELETE FROM notification_outbox"))
    _fill_outbox(queued)
    assert quickstaff.outbox_listing(pending=pending, limit=limit) is not None
    argv = ["notifications", "list", "--limit", str(limit)] + ["--pending"] * pending + ["--json"] * as_json
    fast, full = _outputs(monkeypatch, argv)
    assert fast == full and fast[0] == 0


def test_notifications_list_leaves_odd_rows_to_the_full_path(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fill_outbox([("follow_up.due", "u1", datetime(2026, 12, 1, 9, 30), None)])
    assert quickstaff.outbox_listing(pending=False, limit=5) is not None
    with back_office_engine().begin() as conn:  # a time not in the form SQLAlchemy writes
        conn.execute(text("UPDATE notification_outbox SET created_at = '2026-12-01 09:30:00'"))
    assert quickstaff.outbox_listing(pending=False, limit=5) is None
    fast, full = _outputs(monkeypatch, ["notifications", "list", "--json"])
    assert fast == full and fast[0] == 0


def test_notifications_list_imports_neither_sqlalchemy_nor_pydantic(data_dir: Path) -> None:
    _fill_outbox([("referral.new", "u1", datetime(2026, 12, 1, 9, 30), None)])
    probe = (
        "import sys\n"
        "from recoverynav.cli.main import main\n"
        "try:\n"
        "    main(['notifications', 'list'])\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code\n"
        "heavy = {'sqlalchemy', 'pydantic', 'alembic'}\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & heavy), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "u1" in done.stdout and "2026-12-01T09:30:00Z" in done.stdout
    assert done.stderr.strip().splitlines()[-1] == "[]", done.stderr
