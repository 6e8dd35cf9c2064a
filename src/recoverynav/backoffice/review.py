"""The supervisors' audit review: the chain's verdict and the latest events, for someone allowed to read them.

HIPAA asks that someone review the activity records (45 CFR § 164.308(a)(1)(ii)(D)); this is what a review
screen shows. The right is the rule table's (``audit.read``); a refusal is audited like any other, and so is
the review itself. Events carry ids only, so the screen shows no personal value.

Usage::

    with unit_of_work() as unit:
        review = review_audit(unit, actor, lambda: stored_events(engine), recent=50)
        review.report.holds, [row.seq for row in review.recent]
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator

from pydantic import BaseModel, ConfigDict

from recoverynav.backoffice.access import Actor, AuditedDenial, Denied, require
from recoverynav.backoffice.audit import AuditEvent, ChainedEvent, ChainReport, verify_chain
from recoverynav.backoffice.ports import CaseUnit

RECENT_MAX = 500


class AuditReview(BaseModel):
    """The whole chain's check and its last ``recent`` rows, newest first."""

    model_config = ConfigDict(frozen=True)

    report: ChainReport
    recent: tuple[ChainedEvent, ...]


def review_audit(
    unit: CaseUnit,
    actor: Actor | None,
    events: Callable[[], Iterable[ChainedEvent]],
    *,
    recent: int = 50,
    source: str | None = None,
) -> AuditReview:
    """Verify the whole stored chain (``events`` yields it in ``seq`` order) and keep its newest rows."""
    try:
        who = require(actor, "audit.read")
    except Denied as exc:
        who_id = actor.id if actor is not None else "anonymous"
        unit.audit.record(AuditEvent(actor=who_id, action="audit.read", source=source, outcome="denied"))
        unit.commit()
        raise AuditedDenial(exc.action, exc.actor) from None
    last: deque[ChainedEvent] = deque(maxlen=max(1, min(recent, RECENT_MAX)))

    def kept(rows: Iterable[ChainedEvent]) -> Iterator[ChainedEvent]:
        for row in rows:
            last.append(row)
            yield row

    report = verify_chain(kept(events()))
    unit.audit.record(AuditEvent(actor=who.id, action="audit.read", source=source, reason="review screen"))
    unit.commit()
    return AuditReview(report=report, recent=tuple(reversed(last)))
