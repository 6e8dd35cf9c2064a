"""Who may do what: staff roles and a deny-by-default table of actions.

MINIMAL VERSION (bo-case's branch): the contract's names (``Actor``, ``require``, ``Denied``) with a small
rule table so the case use cases can be written and tested; bo-id's fuller file replaces this one at merge.

Usage::

    actor = require(Actor(id="u-1", role="consultant"), "case.read")
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from recoverynav.errors import RecoverynavError

Role = Literal["consultant", "supervisor", "admin"]

_CASE_WORK = frozenset(
    {"case.create", "case.read", "case.update", "case.transition", "case.find", "case.list", "case.merge"}
)
# Deny by default: an action not listed for a role is refused.
ALLOWED: dict[str, frozenset[str]] = {
    "consultant": _CASE_WORK,
    "supervisor": _CASE_WORK,
    "admin": frozenset(),
}


class Actor(BaseModel):
    """A signed-in staff member: a user id and one role."""

    model_config = ConfigDict(frozen=True)

    id: str
    role: Role


class Denied(RecoverynavError, PermissionError):
    """The actor may not do this (or nobody is signed in); the message names the action, never a record."""


def require(actor: Actor | None, action: str) -> Actor:
    """The actor when its role allows ``action``; Denied otherwise (no actor, unknown action: denied)."""
    if actor is None:
        raise Denied(f"{action}: sign in first")
    if action not in ALLOWED.get(actor.role, frozenset()):
        raise Denied(f"{action}: not allowed for the {actor.role} role")
    return actor
