"""Staff accounts end to end on real databases: enrolment, sign-in, lockout, rehash, 2FA reset, sessions."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from recoverynav.backoffice.access import Actor
from recoverynav.backoffice.staff import (
    ABSOLUTE_TIMEOUT,
    HASHER,
    IDLE_TIMEOUT,
    LOCK_FOR,
    TOUCH_EVERY,
    NewStaff,
    SignInFailed,
    StaffRejected,
    UnknownStaffError,
    add_staff,
    disable_staff,
    fresh_session_actor,
    reset_two_factor,
    session_actor,
    sign_in,
)
from recoverynav.backoffice.totp import totp
from recoverynav.storage.backoffice.audit import stored_events, verify_stored_chain
from recoverynav.storage.crypto import FieldCipher
from recoverynav.storage.unit_of_work import UnitOfWork

NOW = datetime(2026, 12, 6, 10, 0, tzinfo=UTC)
PASSWORD = "correct horse battery staple"
EMAIL = "Dana.Consultant@Example.org"


def secret_of(new: NewStaff) -> str:
    found = re.search(r"secret=([A-Z2-7]+)", new.totp_uri)
    assert found
    return found[1]


def enrol(engine: Engine, cipher: FieldCipher, email: str = EMAIL, hasher: PasswordHasher | None = None) -> NewStaff:
    with UnitOfWork(engine, cipher=cipher) as uow:
        new = add_staff(
            uow.staff,
            uow.audit,
            email=email,
            role="consultant",
            password=PASSWORD,
            by="cli:test",
            now=NOW,
            hasher=hasher or HASHER,
        )
        uow.commit()
    return new


def attempt(
    engine: Engine, cipher: FieldCipher, *, password: str = PASSWORD, code: str, now: datetime, email: str = EMAIL
) -> Actor:
    """One sign-in, committed whatever its outcome (as the faces do: the error is raised after the commit)."""
    failure: SignInFailed | None = None
    with UnitOfWork(engine, cipher=cipher) as uow:
        try:
            actor = sign_in(uow.staff, uow.audit, email=email, password=password, code=code, source="x", now=now)
        except SignInFailed as exc:
            failure = exc
        uow.commit()
    if failure is not None:
        raise failure
    return actor


def test_enrol_then_sign_in(engine: Engine, cipher: FieldCipher) -> None:
    new = enrol(engine, cipher)
    assert new.email == EMAIL.lower() and new.totp_uri.startswith("otpauth://totp/")
    actor = attempt(
        engine, cipher, code=totp(secret_of(new), at=NOW.timestamp()), now=NOW, email=" dana.consultant@EXAMPLE.org"
    )
    assert actor == Actor(id=new.id, role="consultant")
    actions = [(row.event.action, row.event.record_id) for row in stored_events(engine)]
    assert actions == [("user.add", new.id), ("login.success", new.id)]
    assert verify_stored_chain(engine).holds


def test_a_code_is_accepted_once(engine: Engine, cipher: FieldCipher) -> None:
    new = enrol(engine, cipher)
    code = totp(secret_of(new), at=NOW.timestamp())
    attempt(engine, cipher, code=code, now=NOW)
    with pytest.raises(SignInFailed):
        attempt(engine, cipher, code=code, now=NOW + timedelta(seconds=5))


def test_five_failures_lock_for_fifteen_minutes_answered_as_a_wrong_password(
    engine: Engine, cipher: FieldCipher
) -> None:
    new = enrol(engine, cipher)
    messages = set()
    for n in range(5):
        with pytest.raises(SignInFailed) as caught:
            attempt(engine, cipher, password="wrong password!!", code="000000", now=NOW + timedelta(seconds=n))
        messages.add(str(caught.value))
    later = NOW + timedelta(minutes=1)
    with pytest.raises(SignInFailed) as locked:
        attempt(engine, cipher, code=totp(secret_of(new), at=later.timestamp()), now=later)
    with pytest.raises(SignInFailed) as unknown:
        attempt(engine, cipher, code="000000", now=later, email="nobody@example.org")
    assert messages == {str(locked.value)} == {str(unknown.value)}
    after = NOW + LOCK_FOR + timedelta(seconds=5)
    assert attempt(engine, cipher, code=totp(secret_of(new), at=after.timestamp()), now=after).id == new.id
    events = list(stored_events(engine))
    failures = [e.event for e in events if e.event.action == "login.failure"]
    assert len(failures) == 7 and "locked" in (failures[4].reason or "")
    assert failures[-1].actor == "public" and failures[-1].record_id is None


def test_wrong_codes_count_towards_the_lock(engine: Engine, cipher: FieldCipher) -> None:
    new = enrol(engine, cipher)
    for n in range(5):
        with pytest.raises(SignInFailed):
            attempt(engine, cipher, code="000000" if n % 2 else "999999", now=NOW + timedelta(seconds=n * 61))
    soon = NOW + timedelta(minutes=6)
    with pytest.raises(SignInFailed):
        attempt(engine, cipher, code=totp(secret_of(new), at=soon.timestamp()), now=soon)


def test_password_is_rehashed_when_the_parameters_change(engine: Engine, cipher: FieldCipher) -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    new = enrol(engine, cipher, hasher=weak)
    with UnitOfWork(engine, cipher=cipher) as uow:
        before = uow.staff.get(new.id)
    assert before is not None and "m=8," in before.password_hash
    attempt(engine, cipher, code=totp(secret_of(new), at=NOW.timestamp()), now=NOW)
    with UnitOfWork(engine, cipher=cipher) as uow:
        after = uow.staff.get(new.id)
    assert after is not None and "m=19456,t=2,p=1" in after.password_hash
    later = NOW + timedelta(minutes=1)
    assert attempt(engine, cipher, code=totp(secret_of(new), at=later.timestamp()), now=later).id == new.id


def test_disable_and_reset_two_factor_end_sessions(engine: Engine, cipher: FieldCipher) -> None:
    new = enrol(engine, cipher)
    with UnitOfWork(engine, cipher=cipher) as uow:
        token = uow.staff.start_session(new.id, kind="api", stage="active", now=NOW)
        uow.commit()
    with UnitOfWork(engine, cipher=cipher) as uow:
        fresh = reset_two_factor(uow.staff, uow.audit, EMAIL, by="cli:test")
        uow.commit()
    assert secret_of(fresh) != secret_of(new)
    with UnitOfWork(engine, cipher=cipher) as uow:
        assert session_actor(uow.staff, token, kind="api", now=NOW) is None
    with pytest.raises(SignInFailed):
        attempt(engine, cipher, code=totp(secret_of(new), at=NOW.timestamp()), now=NOW)
    attempt(engine, cipher, code=totp(secret_of(fresh), at=NOW.timestamp()), now=NOW)
    with UnitOfWork(engine, cipher=cipher) as uow:
        disable_staff(uow.staff, uow.audit, new.id, by="cli:test")
        uow.commit()
    later = NOW + timedelta(minutes=2)
    with pytest.raises(SignInFailed):
        attempt(engine, cipher, code=totp(secret_of(fresh), at=later.timestamp()), now=later)
    with UnitOfWork(engine, cipher=cipher) as uow, pytest.raises(UnknownStaffError):
        disable_staff(uow.staff, uow.audit, "nobody@example.org", by="cli:test")


def test_sessions_time_out_when_idle_and_in_all(engine: Engine, cipher: FieldCipher) -> None:
    new = enrol(engine, cipher)
    with UnitOfWork(engine, cipher=cipher) as uow:
        token = uow.staff.start_session(new.id, kind="web", stage="active", now=NOW)
        uow.commit()
    moment = NOW
    with UnitOfWork(engine, cipher=cipher) as uow:
        # Active every 10 minutes: alive until 12 hours have passed in all.
        while moment + timedelta(minutes=10) - NOW <= ABSOLUTE_TIMEOUT:
            moment += timedelta(minutes=10)
            assert session_actor(uow.staff, token, kind="web", now=moment) is not None, moment
            assert session_actor(uow.staff, token, kind="api", now=moment) is None
        assert session_actor(uow.staff, token, kind="web", now=NOW + ABSOLUTE_TIMEOUT + timedelta(seconds=1)) is None
        idle = uow.staff.start_session(new.id, kind="web", stage="active", now=NOW)
        assert session_actor(uow.staff, idle, kind="web", now=NOW + IDLE_TIMEOUT + timedelta(seconds=1)) is None
        # Ended for good: not alive again even at a time that would have been within the limits.
        assert session_actor(uow.staff, idle, kind="web", now=NOW) is None


@given(seconds=st.integers(min_value=0, max_value=int(IDLE_TIMEOUT.total_seconds()) + 60))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_a_token_check_writes_only_when_last_seen_is_stale(engine: Engine, cipher: FieldCipher, seconds: int) -> None:
    """Within TOUCH_EVERY a check only reads (a read-only unit answers it); past it the full check restarts the
    idle timer; past the idle timeout neither answers an actor."""
    new = enrol(engine, cipher, email=f"touch.{uuid.uuid4().hex[:12]}@example.org")
    with UnitOfWork(engine, cipher=cipher) as uow:
        token = uow.staff.start_session(new.id, kind="api", stage="active", now=NOW)
        uow.commit()
    moment = NOW + timedelta(seconds=seconds)
    with UnitOfWork(engine, cipher=cipher, read_only=True) as peek:
        fresh = fresh_session_actor(peek.staff, token, kind="api", now=moment)
        with pytest.raises(RuntimeError):
            peek.commit()
    assert (fresh is not None) == (timedelta(seconds=seconds) < TOUCH_EVERY)
    with UnitOfWork(engine, cipher=cipher) as uow:
        found = session_actor(uow.staff, token, kind="api", now=moment)
        seen = uow.staff.session(token)
        uow.commit()
    live = timedelta(seconds=seconds) <= IDLE_TIMEOUT
    assert (found is not None) == live
    if live:
        assert seen is not None
        expected = moment if timedelta(seconds=seconds) >= TOUCH_EVERY else NOW
        assert seen.last_seen_at == expected


@pytest.mark.parametrize(
    ("email", "role", "password", "field"),
    [
        ("not an address", "consultant", PASSWORD, "EMAIL"),
        ("a@b.org", "janitor", PASSWORD, "role"),
        ("a@b.org", "consultant", "short", "password"),
    ],
)
def test_bad_accounts_are_refused_naming_the_field(
    engine: Engine, cipher: FieldCipher, email: str, role: str, password: str, field: str
) -> None:
    with UnitOfWork(engine, cipher=cipher) as uow, pytest.raises(StaffRejected, match=field):
        add_staff(uow.staff, uow.audit, email=email, role=role, password=password, by="t", now=NOW)


def test_an_e_mail_is_one_account(engine: Engine, cipher: FieldCipher) -> None:
    enrol(engine, cipher)
    with pytest.raises(StaffRejected, match="exists"):
        enrol(engine, cipher, email=EMAIL.upper())


def test_no_personal_value_is_in_the_database_file(tmp_path: Path, cipher: FieldCipher) -> None:
    from recoverynav.storage import prepare_database

    engine = prepare_database(f"sqlite:///{tmp_path / 'office.sqlite3'}", load_bundled=False).engine
    new = enrol(engine, cipher, email="findme.person@example.org")
    attempt(engine, cipher, code=totp(secret_of(new), at=NOW.timestamp()), now=NOW, email="findme.person@example.org")
    with pytest.raises(SignInFailed):
        attempt(engine, cipher, code="000000", now=NOW, email="other.findme@example.org", password="typed-wrong-pass")
    engine.dispose()
    stored = b"".join(path.read_bytes() for path in tmp_path.glob("office.sqlite3*"))
    for value in (
        "findme.person@example.org",
        "other.findme@example.org",
        PASSWORD,
        "typed-wrong-pass",
        secret_of(new),
    ):
        for encoding in ("utf-8", "utf-16-le"):
            assert value.encode(encoding) not in stored, value
        assert value.lower().encode() not in stored.lower(), value
