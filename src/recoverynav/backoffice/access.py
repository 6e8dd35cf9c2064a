"""Who may do what in the back office: roles, the acting person, and one deny-by-default rule table.

The table is data: a role may do exactly the actions listed for it, nothing else; an action nobody lists is
denied to everyone, so a new use case is closed until a line here opens it. Faces never decide access:
the use case calls :func:`require` first and the face turns :class:`Denied` into 403 (or 404 where saying
"forbidden" would confirm that a record exists).

Usage::

    actor = Actor(id="u_1f3a", role="consultant")
    require(actor, "case.read")        # returns the actor
    require(actor, "user.manage")      # raises Denied
    require(None, "case.read")         # raises Denied (nobody signed in)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from recoverynav.errors import RecoverynavError

# "facility": a treatment facility's own account (#16), tied to one or more listings (FRIDs) it may act for.
Role = Literal["consultant", "supervisor", "admin", "facility"]
ROLES: tuple[Role, ...] = get_args(Role)

# Every action some use case asks about. Case work is the consultants'; supervisors also review the audit
# trail and export; administrators manage accounts and the audit trail but do not read cases (HIPAA
# "minimum necessary": running the system is not a reason to see a caller's record).
ACTIONS: frozenset[str] = frozenset(
    {
        "case.create",
        "case.read",
        "case.update",
        "case.list",
        "case.find",
        "case.transition",
        "case.merge",
        "audit.read",
        "user.manage",
        "export",
        # A facility account acts only on its own listings; the use case checks the FRID against the actor's.
        "referral.read_own",
        "referral.decide_own",
        "openings.update",
        # A helpline consultant's "called, confirmed" check of a listing's openings (a staff action on a facility).
        "openings.confirm",
        # Part 2 consents, referrals and the disclosure ledger (#16): case work, so the consultants'.
        "consent.create",
        "consent.read",
        "consent.revoke",
        "referral.create",
        "referral.read",
        "disclosure.read",
        # #17: run an eligibility check (or open its phone task) on a case; read a case's checks.
        "coverage.check",
        "coverage.read",
    }
)
_CASE_WORK = frozenset(
    {"case.create", "case.read", "case.update", "case.list", "case.find", "case.transition", "case.merge"}
)
# The helpline's "called, confirmed" check of a listing's openings (#16): consultants and supervisors, any listing.
_OPENINGS_CHECK = frozenset({"openings.confirm"})
_PART2_WORK = frozenset(
    {"consent.create", "consent.read", "consent.revoke", "referral.create", "referral.read", "disclosure.read"}
)
# Coverage checks (#17) are case work: consultants and supervisors, not administrators.
_CASE_WORK = _CASE_WORK | {"coverage.check", "coverage.read"}
RULES: Mapping[Role, frozenset[str]] = {
    "consultant": _CASE_WORK | _OPENINGS_CHECK | _PART2_WORK,
    "supervisor": _CASE_WORK | _OPENINGS_CHECK | _PART2_WORK | {"audit.read", "export"},
    "admin": frozenset({"user.manage", "audit.read", "export"}),
    # A facility sees and answers only what was sent to its listings and posts their openings: no case, no audit.
    "facility": frozenset({"referral.read_own", "referral.decide_own", "openings.update"}),
}


_BY_NAME: dict[str, frozenset[str]] = {str(role): actions for role, actions in RULES.items()}


class Denied(RecoverynavError, PermissionError):
    """The actor may not do this (or nobody is signed in); faces answer 403, or 404 to hide a record."""

    def __init__(self, action: str, actor: Actor | None) -> None:
        who = "nobody signed in" if actor is None else f"role {actor.role!r}"
        super().__init__(f"not allowed: {action} ({who})")
        self.action = action
        self.actor = actor


class AuditedDenial(Denied):
    """A refusal whose audit event was committed: the unit of work keeps that event although the error escapes."""

    keeps_commit = True


class Actor(BaseModel):
    """The signed-in staff member a use case acts for: an opaque user id and a role, never a name.

    ``facilities`` are the listings (FRIDs) a facility account may act for; other roles have none.
    """

    model_config = ConfigDict(frozen=True)

    id: str = Field(min_length=1, max_length=64)
    role: Role
    facilities: tuple[str, ...] = ()

    def acts_for(self, frid: str) -> bool:
        """Whether this is a facility account linked to listing ``frid``."""
        return self.role == "facility" and frid in self.facilities


def allowed(role: str, action: str) -> bool:
    """Whether ``role`` may do ``action`` by the table (unknown roles and actions: no)."""
    return action in _BY_NAME.get(role, frozenset())


def require(actor: Actor | None, action: str) -> Actor:
    """The actor, when the table lets its role do ``action``; else :class:`Denied`."""
    if actor is None or not allowed(actor.role, action):
        raise Denied(action, actor)
    return actor
