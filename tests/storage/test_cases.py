"""Case storage: no personal value reaches the database in clear, ciphertext is bound to its row and column,
the blind indexes are keyed, and the unit's SQLite writes run with synchronous=FULL."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text, update

from recoverynav.backoffice import Actor, Caller, CaseChanges, CaseDraft, move_case, open_case, update_case
from recoverynav.placement import Facts, recommend_level
from recoverynav.storage.backoffice.cases import cases
from recoverynav.storage.engine import dispose_all
from recoverynav.storage.unit_of_work import UnitOfWork
from tests.backoffice.conftest import case_engine, unit

__all__ = ["case_engine"]

NOW = datetime(2026, 3, 3, 12, 0, tzinfo=UTC)
ANA = Actor(id="u-ana", role="consultant")
# Values a consultant types in a whole scenario; each must be nowhere in the database's bytes.
TYPED = {
    "nickname": "Quillon",
    "first_name": "Marisabel",
    "last_name": "Okonkwo-Farrier",
    "email": "marisabel.okf@example.org",
    "zip": "19147",
}
PHONE_DIGITS = "2675550123"
NOTES = "Sister Philippa says the relapse began in Wilkes-Barre"
NEXT = "Ring Philippa about Gaudenzia beds"
SUBSTANCE = "xylazine-laced-fentanyl"


def _scenario(engine: Engine) -> str:
    caller = Caller(**TYPED, phone="(267) 555-0123", date_of_birth=date(1983, 11, 29))
    suggestion = recommend_level(Facts(substances=["alcohol"], daily_use=True))
    with unit(engine) as uow:
        case, _ = open_case(uow, ANA, CaseDraft(caller=caller, substances=[SUBSTANCE], placement=suggestion), now=NOW)
    with unit(engine) as uow:
        update_case(uow, ANA, case.id, CaseChanges(version=1, notes=NOTES, next_action=NEXT), now=NOW)
    with unit(engine) as uow:
        move_case(uow, ANA, case.id, "screened", now=NOW, note="Okonkwo-Farrier screened by phone")
    return case.id


def test_no_typed_value_is_in_the_database_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'scenario.sqlite3'}"
    from recoverynav.storage import prepare_database

    engine = prepare_database(url, load_bundled=False).engine
    _scenario(engine)
    dispose_all()  # close connections so the WAL is checkpointed into the file; read the WAL too if it stays
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("scenario.sqlite3"))
    for value in [*TYPED.values(), PHONE_DIGITS, "555-0123", "1983-11-29", NOTES, NEXT, SUBSTANCE, "Philippa"]:
        for encoded in (value.encode("utf-8"), value.encode("utf-16-le")):
            assert encoded not in raw, value
    assert b"u-ana" in raw  # the ids are there in clear: the check reads the right file


def test_ciphertext_moved_to_another_row_or_column_does_not_open(case_engine: Engine) -> None:
    first = _scenario(case_engine)
    with unit(case_engine) as uow:
        second, _ = open_case(uow, ANA, CaseDraft(caller=Caller(nickname="Other")), now=NOW)
    with case_engine.begin() as conn:
        token = conn.execute(select(cases.c.last_name).where(cases.c.id == first)).scalar_one()
        conn.execute(update(cases).where(cases.c.id == second.id).values(last_name=token))
        conn.execute(update(cases).where(cases.c.id == first).values(first_name=token))
    for case_id in (first, second.id):
        with pytest.raises(ValueError, match="altered or belongs to another column"), unit(case_engine) as uow:
            uow.cases.get(case_id)


def test_lookups_use_keyed_hashes_not_plain_hashes(case_engine: Engine) -> None:
    import hashlib

    case_id = _scenario(case_engine)
    with case_engine.connect() as conn:
        index = conn.execute(select(cases.c.phone_index).where(cases.c.id == case_id)).scalar_one()
    assert index and index not in {hashlib.sha256(v.encode()).hexdigest() for v in ("+12675550123", PHONE_DIGITS)}


def test_case_units_write_with_synchronous_full(tmp_path: Path) -> None:
    from recoverynav.storage import prepare_database

    engine = prepare_database(f"sqlite:///{tmp_path / 'sync.sqlite3'}", load_bundled=False).engine
    with UnitOfWork(engine) as uow:
        assert uow.connection.execute(text("PRAGMA synchronous")).scalar_one() == 2  # FULL
        uow.cases.listing(limit=1)


def test_a_key_rotation_keeps_every_case_readable_and_findable_under_the_new_key_alone(case_engine: Engine) -> None:
    from recoverynav.backoffice import find_cases
    from recoverynav.storage.crypto import FieldCipher, KeyRing, key_id_of
    from recoverynav.storage.key_rotation import rotate_all

    old, new = ("k1", bytes(32)), ("k2", bytes(range(32)))
    caller = Caller(**TYPED, phone="(267) 555-0123", date_of_birth=date(1983, 11, 29))
    with UnitOfWork(case_engine, cipher=FieldCipher(KeyRing((old,)))) as uow:
        case, _ = open_case(uow, ANA, CaseDraft(caller=caller, substances=[SUBSTANCE]), now=NOW)
    with UnitOfWork(case_engine, cipher=FieldCipher(KeyRing((old,)))) as uow:
        move_case(uow, ANA, case.id, "screened", now=NOW, note=NOTES)

    counts = rotate_all(case_engine, FieldCipher(KeyRing((new, old))))
    assert counts["cases.first_name"] == 1 and counts["case_transitions.note"] == 1 and counts["cases.indexes"] == 1

    only_new = FieldCipher(KeyRing((new,)))
    with case_engine.connect() as conn:
        row = conn.execute(select(cases).where(cases.c.id == case.id)).one()._mapping
    assert key_id_of(row["first_name"]) == "k2"
    with UnitOfWork(case_engine, cipher=only_new) as uow:
        stored = uow.cases.get(case.id)
        assert stored is not None and stored.caller.first_name == TYPED["first_name"]
        assert stored.history[-1].note == NOTES
        found = find_cases(uow, ANA, phone="267-555-0123")
        uow.commit()
    assert [c.id for c in found] == [case.id]
