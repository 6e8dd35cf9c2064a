"""The helpline back office: staff, cases that pick up where the caller left off, audit. Pure: no SQL, no HTTP.

Usage::

    from recoverynav.backoffice import Actor, CaseDraft, Caller, open_case, move_case
    with unit_of_work() as unit:
        case, duplicates = open_case(unit, Actor(id="u-1", role="consultant"),
                                     CaseDraft(caller=Caller(nickname="Sam", phone="215-555-0100")), now=now)
        move_case(unit, actor, case.id, "screened", now=now)

(bo-case's branch: bo-id owns this file; the merge keeps both halves' exports.)
"""

from __future__ import annotations

from recoverynav.backoffice.access import Actor, Denied, require
from recoverynav.backoffice.audit import AuditEvent, AuditTrail
from recoverynav.backoffice.callbacks import (
    CallbackLimits,
    CallbackRateLimited,
    CallbackRequest,
    ScreeningAnswers,
    callback_draft,
)
from recoverynav.backoffice.callers import Caller, normalise_phone, person_key, phone_key
from recoverynav.backoffice.case_codes import ReferenceRejected, is_reference, new_reference, parse_reference
from recoverynav.backoffice.cases import (
    STATUSES,
    CallbackPreferences,
    Case,
    CaseChanges,
    CaseDraft,
    CaseFlow,
    CaseNotFound,
    ReasonRequired,
    StaleCase,
    Status,
    TransitionRecord,
    TransitionRefused,
    apply_changes,
    load_case_flow,
    merge_into,
    new_case,
    transition,
)
from recoverynav.backoffice.ports import CaseRepository, CaseSummary, CaseUnit, DuplicateMatch
from recoverynav.backoffice.service import (
    find_cases,
    find_duplicates,
    follow_ups_due,
    list_cases,
    merge_duplicates,
    move_case,
    open_case,
    read_case,
    request_callback,
    update_case,
)

__all__ = [
    "STATUSES",
    "Actor",
    "AuditEvent",
    "AuditTrail",
    "CallbackLimits",
    "CallbackPreferences",
    "CallbackRateLimited",
    "CallbackRequest",
    "Caller",
    "Case",
    "CaseChanges",
    "CaseDraft",
    "CaseFlow",
    "CaseNotFound",
    "CaseRepository",
    "CaseSummary",
    "CaseUnit",
    "Denied",
    "DuplicateMatch",
    "ReasonRequired",
    "ReferenceRejected",
    "ScreeningAnswers",
    "StaleCase",
    "Status",
    "TransitionRecord",
    "TransitionRefused",
    "apply_changes",
    "callback_draft",
    "find_cases",
    "find_duplicates",
    "follow_ups_due",
    "is_reference",
    "list_cases",
    "load_case_flow",
    "merge_duplicates",
    "merge_into",
    "move_case",
    "new_case",
    "new_reference",
    "normalise_phone",
    "open_case",
    "parse_reference",
    "person_key",
    "phone_key",
    "read_case",
    "request_callback",
    "require",
    "transition",
    "update_case",
]
