"""The helpline back office (#15): who may do what, the audit trail, staff accounts; cases join from ``cases``.

Pure domain: no SQL, no HTTP. Storage implements the ports (``storage/backoffice``); faces wire them.

Usage::

    from recoverynav.backoffice import Actor, require, AuditEvent
    require(Actor(id="u1", role="consultant"), "case.read")
"""

from __future__ import annotations

from recoverynav.backoffice.access import ACTIONS, ROLES, RULES, Actor, Denied, Role, allowed, require

__all__ = [
    "ACTIONS",
    "ROLES",
    "RULES",
    "Actor",
    "Denied",
    "Role",
    "allowed",
    "require",
]
