"""The helpline back office (#15): who may do what, the audit trail, staff accounts and sign-in.

Pure domain: no SQL, no HTTP. Storage implements the ports (``storage/backoffice``); faces wire them.
Cases (``cases``, ``service``) join in the same package.

Usage::

    from recoverynav.backoffice import Actor, AuditEvent, require, sign_in
    require(Actor(id="u1", role="consultant"), "case.read")
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
    "Actor",
    "AuditChainBroken",
    "AuditEvent",
    "AuditTrail",
    "ChainReport",
    "ChainedEvent",
    "Denied",
    "NewStaff",
    "Role",
    "SignInFailed",
    "StaffAccount",
    "StaffRejected",
    "StaffRepository",
    "StaffSession",
    "UnknownStaffError",
    "add_staff",
    "allowed",
    "audit_bundle",
    "disable_staff",
    "end_session",
    "fhir_audit_event",
    "find_staff",
    "require",
    "reset_two_factor",
    "session_actor",
    "sign_in",
    "verify_chain",
    "verify_code",
    "verify_password",
]
