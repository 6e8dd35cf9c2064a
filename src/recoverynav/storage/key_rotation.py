"""Re-encrypt every stored personal value under the newest key, in small committed batches (resumable).

Each encrypted column is registered here with how its associated data is made (table, column, row id) and,
when it has one, the blind index to recompute. A batch selects values whose key id is not the newest one, so
a run that stops half-way leaves every value readable (old and new keys are both in the ring) and the next
run carries on where it stopped. A new storage package adds its columns to ``ENCRYPTED_COLUMNS``.

Usage::

    counts = rotate_all(engine, FieldCipher(load_key_ring()))   # {"staff_users.email_encrypted": 3, ...}
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine, Table, and_, not_, select, update

from recoverynav.storage.crypto import FieldCipher
from recoverynav.storage.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class EncryptedColumn:
    """One encrypted column: its table, the row id column, the associated data, an optional blind index.

    ``purpose`` gets the row id, then the values of ``context`` columns (for associated data made of several).
    """

    table: Callable[[], Table]
    key: str
    column: str
    purpose: Callable[..., str]
    index_column: str | None = None
    index_purpose: str | None = None
    context: tuple[str, ...] = ()


def _staff() -> Table:
    from recoverynav.storage.backoffice.staff import staff_users

    return staff_users


def _cases() -> Table:
    from recoverynav.storage.backoffice.case_tables import cases

    return cases


def _transitions() -> Table:
    from recoverynav.storage.backoffice.case_tables import case_transitions

    return case_transitions


def _case_columns() -> list[EncryptedColumn]:
    from recoverynav.storage.backoffice.case_tables import CALLER_FIELDS, CASE_FIELDS

    return [
        EncryptedColumn(_cases, "id", name, lambda row_id, name=name: f"cases.{name}:{row_id}")
        for name in (*CALLER_FIELDS, *CASE_FIELDS)
    ]


def _reports() -> Table:
    from recoverynav.storage.listing_report_tables import listing_reports

    return listing_reports


def _part2(name: str) -> Callable[[], Table]:
    def table() -> Table:
        from recoverynav.storage.backoffice import referrals

        found: Table = getattr(referrals, name)
        return found

    return table


def _part2_columns() -> list[EncryptedColumn]:
    return [
        EncryptedColumn(_part2("consents"), "id", "body", lambda row_id: f"consents.body:{row_id}"),
        EncryptedColumn(_part2("referrals"), "id", "message", lambda row_id: f"referrals.message:{row_id}"),
        EncryptedColumn(_part2("referrals"), "id", "history", lambda row_id: f"referrals.history:{row_id}"),
        EncryptedColumn(_part2("disclosures"), "id", "body", lambda row_id: f"disclosures.body:{row_id}"),
    ]


ENCRYPTED_COLUMNS: list[EncryptedColumn] = [
    EncryptedColumn(
        _staff,
        "id",
        "email_encrypted",
        lambda row_id: f"staff_users.email:{row_id}",
        index_column="email_index",
        index_purpose="staff_users.email",
    ),
    EncryptedColumn(_staff, "id", "totp_secret_encrypted", lambda row_id: f"staff_users.totp_secret:{row_id}"),
    EncryptedColumn(_reports, "id", "contact_encrypted", lambda _row_id: "listing_reports.contact"),
    *_case_columns(),
    EncryptedColumn(
        _transitions,
        "id",
        "note",
        lambda _row_id, seq, case_id: f"case_transitions.note:{seq}:{case_id}",
        context=("seq", "case_id"),
    ),
    *_part2_columns(),
]


def rotate_column(engine: Engine, cipher: FieldCipher, spec: EncryptedColumn, *, batch: int = 200) -> int:
    """Re-encrypt one column's values not under the newest key; returns how many were changed."""
    table = spec.table()
    column, key = table.c[spec.column], table.c[spec.key]
    stale = and_(column.is_not(None), not_(column.like(f"v1:{cipher.key_id}:%")))
    changed = 0
    while True:
        with UnitOfWork(engine) as uow:
            extra = [table.c[name] for name in spec.context]
            rows = uow.connection.execute(select(key, column, *extra).where(stale).order_by(key).limit(batch)).all()
            for row_id, token, *context in rows:
                purpose = spec.purpose(row_id, *context)
                values = {spec.column: cipher.rotate(token, purpose=purpose)}
                if spec.index_column and spec.index_purpose:
                    plain = cipher.decrypt(values[spec.column], purpose=purpose)
                    values[spec.index_column] = cipher.blind_index(plain, purpose=spec.index_purpose)
                uow.connection.execute(update(table).where(key == row_id).values(**values))
            uow.commit()
        changed += len(rows)
        if len(rows) < batch:
            return changed


def rotate_all(engine: Engine, cipher: FieldCipher, *, batch: int = 200) -> dict[str, int]:
    """Every registered column, re-encrypted under ``cipher``'s newest key (committed batch by batch)."""
    counts = {}
    for spec in ENCRYPTED_COLUMNS:
        counts[f"{spec.table().name}.{spec.column}"] = rotate_column(engine, cipher, spec, batch=batch)
    counts["cases.indexes"] = reindex_cases(engine, cipher, batch=batch)
    return counts


def reindex_cases(engine: Engine, cipher: FieldCipher, *, batch: int = 200) -> int:
    """Recompute every case's phone and person indexes under the newest key (lookups match old ones meanwhile)."""
    table = _cases()
    done, after = 0, ""
    while True:
        with UnitOfWork(engine, cipher=cipher) as uow:
            query = select(table.c.id).where(table.c.id > after).order_by(table.c.id).limit(batch)
            ids = list(uow.connection.execute(query).scalars())
            for case_id in ids:
                uow.cases.reindex(case_id)
            uow.commit()
        done += len(ids)
        if len(ids) < batch:
            return done
        after = ids[-1]
