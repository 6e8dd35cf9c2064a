"""The audit review use case: the rule table decides who sees it, every look is on the trail, the chain is checked."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text

from recoverynav.backoffice import Actor, AuditEvent, Denied, review_audit
from recoverynav.storage.backoffice.audit import stored_events
from tests.backoffice.conftest import audit_rows, unit
from tests.backoffice.test_audit_storage import _drop_guard, _restore_guard


def _fill(engine: Engine, count: int) -> None:
    with unit(engine) as work:
        for n in range(count):
            work.audit.record(AuditEvent(actor="u-1", action="case.read", record_type="case", record_id=f"c{n}"))
        work.commit()


@pytest.mark.parametrize("role", ["supervisor", "admin"])
def test_a_reviewer_sees_the_newest_events_and_the_verdict(engine: Engine, role: str) -> None:
    _fill(engine, 7)
    with unit(engine) as work:
        review = review_audit(work, Actor(id="r-1", role=role), lambda: stored_events(engine, batch=3), recent=4)
    assert review.report.holds and review.report.count == 7
    assert [row.seq for row in review.recent] == [7, 6, 5, 4]
    assert audit_rows(engine)[-1] == {"actor": "r-1", "action": "audit.read", "record_id": None, "outcome": "success"}


def test_a_consultant_is_refused_and_the_refusal_is_recorded(engine: Engine) -> None:
    _fill(engine, 2)
    with pytest.raises(Denied), unit(engine) as work:
        review_audit(work, Actor(id="c-1", role="consultant"), lambda: stored_events(engine))
    assert audit_rows(engine)[-1] == {"actor": "c-1", "action": "audit.read", "record_id": None, "outcome": "denied"}


def test_a_changed_row_shows_in_the_review(engine: Engine) -> None:
    _fill(engine, 3)
    _drop_guard(engine)
    try:
        with engine.begin() as conn:
            conn.execute(text("UPDATE audit_events SET record_id = 'other' WHERE seq = 2"))
        with unit(engine) as work:
            review = review_audit(work, Actor(id="r-1", role="supervisor"), lambda: stored_events(engine))
    finally:
        _restore_guard(engine)
    assert not review.report.holds and review.report.broken_seq == 2
