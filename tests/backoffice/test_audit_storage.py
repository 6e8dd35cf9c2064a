"""The stored trail: one transaction with the change, serialised appends, append-only, tampering named."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DatabaseError

from recoverynav.backoffice.audit import AuditEvent
from recoverynav.storage.backoffice.audit import stored_events, verify_stored_chain
from recoverynav.storage.unit_of_work import UnitOfWork


def record(engine: Engine, n: int, *, commit: bool = True) -> None:
    with UnitOfWork(engine) as uow:
        for i in range(n):
            uow.audit.record(AuditEvent(actor="u1", action="case.read", record_type="case", record_id=str(i)))
        if commit:
            uow.commit()


def test_events_commit_with_their_unit_or_not_at_all(engine: Engine) -> None:
    record(engine, 3)
    record(engine, 2, commit=False)
    with pytest.raises(RuntimeError), UnitOfWork(engine) as uow:
        uow.audit.record(AuditEvent(actor="u1", action="case.update"))
        uow.commit()
        raise RuntimeError("the change failed")
    report = verify_stored_chain(engine)
    assert report.holds and report.count == 3


def test_concurrent_writers_keep_one_chain(engine: Engine) -> None:
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            for _ in range(5):
                record(engine, 2)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    report = verify_stored_chain(engine)
    assert report.holds and report.count == 40
    assert [row.seq for row in stored_events(engine, batch=7)] == list(range(1, 41))


@pytest.mark.parametrize("statement", ["UPDATE audit_events SET actor = 'x'", "DELETE FROM audit_events"])
def test_the_table_refuses_updates_and_deletes(engine: Engine, statement: str) -> None:
    record(engine, 2)
    with pytest.raises(DatabaseError, match="append-only"), engine.begin() as conn:
        conn.execute(text(statement))
    assert verify_stored_chain(engine).count == 2


def _drop_guard(engine: Engine) -> None:
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only"))
        else:
            conn.execute(text("DROP TRIGGER audit_events_no_update"))
            conn.execute(text("DROP TRIGGER audit_events_no_delete"))


def _restore_guard(engine: Engine) -> None:
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only"))


@pytest.mark.parametrize(
    ("statement", "broken"),
    [
        ("UPDATE audit_events SET record_id = '99' WHERE seq = 4", 4),
        ("UPDATE audit_events SET outcome = 'denied' WHERE seq = 1", 1),
        ("DELETE FROM audit_events WHERE seq = 3", 3),
    ],
)
def test_a_row_edited_by_hand_is_named(engine: Engine, statement: str, broken: int) -> None:
    record(engine, 6)
    _drop_guard(engine)
    try:
        with engine.begin() as conn:
            conn.execute(text(statement))
        report = verify_stored_chain(engine)
        assert report.broken_seq == broken and report.count == broken - 1
    finally:
        _restore_guard(engine)


def test_since_reads_only_later_events(engine: Engine) -> None:
    from datetime import UTC, datetime, timedelta

    record(engine, 2)
    assert len(list(stored_events(engine, since=datetime.now(UTC) - timedelta(hours=1)))) == 2
    assert list(stored_events(engine, since=datetime.now(UTC) + timedelta(hours=1))) == []
