"""The rule table is deny by default: only listed (role, action) pairs pass, and nobody signed in passes nothing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recoverynav.backoffice import ACTIONS, ROLES, RULES, Actor, Denied, allowed, require
from recoverynav.errors import RecoverynavError

actions = st.one_of(st.sampled_from(sorted(ACTIONS)), st.text(max_size=30))


@given(role=st.sampled_from(ROLES), action=st.text(max_size=40))
def test_an_action_not_in_the_table_is_denied_for_every_role(role: str, action: str) -> None:
    actor = Actor(id="u1", role=role)
    if action in RULES[actor.role]:
        assert require(actor, action) is actor
    else:
        with pytest.raises(Denied):
            require(actor, action)


@given(action=actions)
def test_nobody_signed_in_is_denied_everything(action: str) -> None:
    with pytest.raises(Denied):
        require(None, action)


@given(role=st.text(max_size=20), action=actions)
def test_unknown_roles_are_allowed_nothing(role: str, action: str) -> None:
    assert allowed(role, action) == (role in RULES and action in RULES[role])  # type: ignore[index]


def test_every_listed_action_is_a_known_action_and_every_role_has_a_line() -> None:
    assert set(RULES) == set(ROLES)
    for role, permitted in RULES.items():
        assert permitted <= ACTIONS, role


@pytest.mark.parametrize(
    ("role", "action", "expected"),
    [
        ("consultant", "case.read", True),
        ("consultant", "case.create", True),
        ("consultant", "audit.read", False),
        ("consultant", "user.manage", False),
        ("consultant", "export", False),
        ("supervisor", "audit.read", True),
        ("supervisor", "export", True),
        ("supervisor", "user.manage", False),
        ("admin", "user.manage", True),
        ("admin", "case.read", False),
        ("facility", "openings.update", True),
        ("facility", "referral.read_own", True),
        ("facility", "referral.decide_own", True),
        ("facility", "case.read", False),
        ("facility", "case.list", False),
        ("facility", "audit.read", False),
        ("facility", "openings.confirm", False),
        ("consultant", "openings.confirm", True),
        ("consultant", "openings.update", False),
        ("admin", "openings.confirm", False),
    ],
)
def test_the_table(role: str, action: str, expected: bool) -> None:
    assert allowed(role, action) is expected


def test_denied_is_in_the_error_tree_and_names_no_person() -> None:
    with pytest.raises(RecoverynavError) as caught:
        require(Actor(id="u_secret_id", role="consultant"), "user.manage")
    assert "user.manage" in str(caught.value) and "u_secret_id" not in str(caught.value)


def test_the_actor_is_frozen_and_the_role_closed() -> None:
    with pytest.raises(ValueError):
        Actor(id="u1", role="janitor")
    actor = Actor(id="u1", role="admin")
    with pytest.raises(ValueError):
        actor.id = "u2"  # type: ignore[misc]


def test_only_a_facility_account_acts_for_its_own_listings() -> None:
    facility = Actor(id="u1", role="facility", facilities=("a", "b"))
    assert facility.acts_for("a") and facility.acts_for("b") and not facility.acts_for("c")
    assert not Actor(id="u2", role="consultant", facilities=("a",)).acts_for("a")
