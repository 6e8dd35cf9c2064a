"""The hash chain: any change, insertion or removal of a row is caught at the first row it affects."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recoverynav.backoffice.audit import (
    GENESIS_HASH,
    AuditEvent,
    ChainedEvent,
    link,
    timestamp,
    verify_chain,
)

events = st.builds(
    AuditEvent,
    actor=st.text(min_size=1, max_size=10),
    action=st.sampled_from(["case.read", "case.update", "login.failure", "user.add"]),
    record_id=st.none() | st.text(max_size=8),
    source=st.none() | st.sampled_from(["203.0.113.9", "2001:db8::1"]),
    reason=st.none() | st.text(max_size=20),
    outcome=st.sampled_from(["success", "failure", "denied"]),
)
START = datetime(2026, 12, 6, 10, 0, tzinfo=UTC)


def chain(items: list[AuditEvent]) -> list[ChainedEvent]:
    rows: list[ChainedEvent] = []
    for n, event in enumerate(items):
        rows.append(link(rows[-1] if rows else None, event, START + timedelta(seconds=n)))
    return rows


@given(st.lists(events, max_size=12))
def test_an_untouched_chain_holds(items: list[AuditEvent]) -> None:
    rows = chain(items)
    report = verify_chain(rows)
    assert report.holds and report.count == len(items)
    assert report.head_hash == (rows[-1].hash if rows else GENESIS_HASH)


@given(st.lists(events, min_size=1, max_size=10), st.data())
def test_changing_any_field_of_any_row_names_that_row(items: list[AuditEvent], data: st.DataObject) -> None:
    rows = chain(items)
    victim = data.draw(st.integers(0, len(rows) - 1))
    field = data.draw(st.sampled_from(["actor", "action", "record_id", "reason", "outcome", "at", "hash", "prev"]))
    row = rows[victim]
    if field == "at":
        changed = row.model_copy(update={"at": timestamp(START - timedelta(days=1))})
    elif field == "hash":
        changed = row.model_copy(update={"hash": "f" * 64})
    elif field == "prev":
        changed = row.model_copy(update={"prev_hash": "e" * 64})
    else:
        value = getattr(row.event, field)
        new = (value or "") + "x"
        changed = row.model_copy(update={"event": row.event.model_copy(update={field: new})})
    rows[victim] = changed
    report = verify_chain(rows)
    assert report.broken_seq == victim + 1 and report.count == victim


@given(st.lists(events, min_size=3, max_size=10), st.data())
def test_removing_a_middle_row_is_caught_where_it_was(items: list[AuditEvent], data: st.DataObject) -> None:
    rows = chain(items)
    victim = data.draw(st.integers(0, len(rows) - 2))
    del rows[victim]
    assert verify_chain(rows).broken_seq == victim + 1


def test_a_rebuilt_tail_after_an_edit_still_fails_at_the_edit() -> None:
    rows = chain([AuditEvent(actor="u1", action="case.read", record_id=str(n)) for n in range(5)])
    forged = link(rows[1], AuditEvent(actor="u1", action="case.read", record_id="forged"), START)
    # The forger recomputes the edited row's own hash, but the next row still points at the old one.
    rows[2] = forged
    assert verify_chain(rows).broken_seq == 4


def test_times_are_fixed_text_and_must_carry_a_zone() -> None:
    assert timestamp(datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=UTC)) == "2026-01-02T03:04:05.000006Z"
    with pytest.raises(ValueError):
        timestamp(datetime(2026, 1, 2))


def test_events_bound_their_fields() -> None:
    with pytest.raises(ValueError):
        AuditEvent(actor="", action="case.read")
    with pytest.raises(ValueError):
        AuditEvent(actor="u1", action="x" * 61)
