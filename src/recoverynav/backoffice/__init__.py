"""The helpline back office (#15): who may do what, the audit trail, staff accounts and sign-in, and cases that
pick up where the caller left off.

Pure domain: no SQL, no HTTP. Storage implements the ports (``storage/backoffice``); faces wire them.

Usage::

    from recoverynav.backoffice import Actor, CaseDraft, Caller, open_case, move_case, require
    require(Actor(id="u1", role="consultant"), "case.read")
    with unit_of_work() as unit:
        case, duplicates = open_case(unit, Actor(id="u-1", role="consultant"),
                                     CaseDraft(caller=Caller(nickname="Sam", phone="215-555-0100")), now=now)
        move_case(unit, actor, case.id, "screened", now=now)
"""

from __future__ import annotations

from recoverynav.backoffice.access import ACTIONS, ROLES, RULES, Actor, Denied, Role, allowed, require
from recoverynav.backoffice.audit import (
    AuditChainBroken,
    AuditEvent,
    AuditTrail,
    ChainedEvent,
    ChainReport,
    verify_chain,
)
from recoverynav.backoffice.audit_fhir import audit_bundle, fhir_audit_event
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
from recoverynav.backoffice.review import AuditReview, review_audit
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
from recoverynav.backoffice.staff import (
    ABSOLUTE_TIMEOUT,
    CODE_STAGE_TIMEOUT,
    IDLE_TIMEOUT,
    LOCK_AFTER_FAILURES,
    LOCK_FOR,
    NewStaff,
    SignInFailed,
    StaffAccount,
    StaffRejected,
    StaffRepository,
    StaffSession,
    UnknownStaffError,
    add_staff,
    disable_staff,
    end_session,
    find_staff,
    reset_two_factor,
    session_actor,
    sign_in,
    verify_code,
    verify_password,
)

__all__ = [
    "ABSOLUTE_TIMEOUT",
    "ACTIONS",
    "CODE_STAGE_TIMEOUT",
    "IDLE_TIMEOUT",
    "LOCK_AFTER_FAILURES",
    "LOCK_FOR",
    "ROLES",
    "RULES",
    "STATUSES",
    "Actor",
    "AuditChainBroken",
    "AuditEvent",
    "AuditReview",
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
    "ChainReport",
    "ChainedEvent",
    "Denied",
    "DuplicateMatch",
    "NewStaff",
    "ReasonRequired",
    "ReferenceRejected",
    "Role",
    "ScreeningAnswers",
    "SignInFailed",
    "StaffAccount",
    "StaffRejected",
    "StaffRepository",
    "StaffSession",
    "StaleCase",
    "Status",
    "TransitionRecord",
    "TransitionRefused",
    "UnknownStaffError",
    "add_staff",
    "allowed",
    "apply_changes",
    "audit_bundle",
    "callback_draft",
    "disable_staff",
    "end_session",
    "fhir_audit_event",
    "find_cases",
    "find_duplicates",
    "find_staff",
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
    "reset_two_factor",
    "review_audit",
    "session_actor",
    "sign_in",
    "transition",
    "update_case",
    "verify_chain",
    "verify_code",
    "verify_password",
]
