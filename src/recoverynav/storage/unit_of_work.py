"""A unit of work: one write transaction that several repositories share, committed together or not at all.

Usage::

    with UnitOfWork(engine) as uow:
        uow.facilities.upsert(sites, run)   # more repositories join here (cases, audit events, disclosures...)
        uow.commit()                        # nothing is kept unless commit() is called

``UnitOfWork(engine, read_only=True)`` is for reads that must not queue behind writers (a token check): a plain
connection, no write lock, and ``commit()`` refused.

Repositories never commit: a write outside a unit of work opens its own, one call long. The transaction holds
the database's write lock (see :mod:`recoverynav.storage.locks`) and, on SQLite, runs with
``PRAGMA synchronous=FULL``: a committed unit survives a power cut (reads keep WAL's ``NORMAL``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from types import TracebackType
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine

from recoverynav.storage.locks import WRITE_LOCK_WAIT_SECONDS, write_lock

if TYPE_CHECKING:
    from recoverynav.storage.backoffice.audit import SqlAuditTrail
    from recoverynav.storage.backoffice.cases import SqlCaseRepository
    from recoverynav.storage.backoffice.coverage_checks import SqlCoverageCheckRepository
    from recoverynav.storage.backoffice.outbox import SqlOutbox
    from recoverynav.storage.backoffice.staff import SqlStaffRepository
    from recoverynav.storage.crypto import FieldCipher
    from recoverynav.storage.directory.facilities import SqlFacilityRepository
    from recoverynav.storage.openings import SqlOpeningsRepository


@contextmanager
def _read_connection(engine: Engine) -> Iterator[Connection]:
    """A pooled connection whose transaction is always rolled back (nothing it did is kept)."""
    with engine.connect() as conn:
        try:
            yield conn
        finally:
            conn.rollback()


class _NotCommitted(Exception):
    """Thrown into the write lock when a unit ends without commit(), so it rolls back."""


class UnitOfWork:
    """One transaction for every repository it hands out; ``commit()`` keeps the writes, leaving drops them."""

    def __init__(
        self,
        engine: Engine,
        *,
        lock_wait_seconds: float = WRITE_LOCK_WAIT_SECONDS,
        cipher: FieldCipher | None = None,
        read_only: bool = False,
    ) -> None:
        self.engine = engine
        self.read_only = read_only
        self._cipher = cipher
        self.lock_wait_seconds = lock_wait_seconds
        self._lock: AbstractContextManager[Connection] | None = None
        self._connection: Connection | None = None
        self._committed = False

    @property
    def connection(self) -> Connection:
        """The unit's connection, in its transaction; only inside ``with``."""
        if self._connection is None:
            raise RuntimeError("a unit of work is used inside its with block")
        return self._connection

    @property
    def facilities(self) -> SqlFacilityRepository:
        """The directory's facilities, writing in this unit's transaction."""
        from recoverynav.storage.directory.facilities import SqlFacilityRepository

        return SqlFacilityRepository(self.engine, unit=self, lock_wait_seconds=self.lock_wait_seconds)

    @property
    def cases(self) -> SqlCaseRepository:
        """The back office's cases, writing in this unit's transaction (personal fields through ``self.cipher``)."""
        from recoverynav.storage.backoffice.cases import SqlCaseRepository

        return SqlCaseRepository(self.connection, self.cipher)

    @property
    def audit(self) -> SqlAuditTrail:
        """The back office's audit trail: an event recorded here commits (or not) with the change it records."""
        from recoverynav.storage.backoffice.audit import SqlAuditTrail

        return SqlAuditTrail(self.connection)

    @property
    def staff(self) -> SqlStaffRepository:
        """Staff accounts and sessions, in this unit's transaction (personal fields through ``self.cipher``)."""
        from recoverynav.storage.backoffice.staff import SqlStaffRepository

        return SqlStaffRepository(self.connection, self.cipher)

    @property
    def openings(self) -> SqlOpeningsRepository:
        """Listings' openings (#16), in this unit's transaction (not personal data: nothing encrypted)."""
        from recoverynav.storage.openings import SqlOpeningsRepository

        return SqlOpeningsRepository(self.connection)

    @property
    def outbox(self) -> SqlOutbox:
        """Notifications waiting to be sent (#16), queued in this unit's transaction with the change they announce."""
        from recoverynav.storage.backoffice.outbox import SqlOutbox

        return SqlOutbox(self.connection)

    @property
    def coverage_checks(self) -> SqlCoverageCheckRepository:
        """Coverage checks on cases (#17), in this unit's transaction (all but ids, state and times encrypted)."""
        from recoverynav.storage.backoffice.coverage_checks import SqlCoverageCheckRepository

        return SqlCoverageCheckRepository(self.connection, self.cipher)

    @property
    def cipher(self) -> FieldCipher:
        """The field cipher on the configured key ring (read once per unit; may make the key file)."""
        if self._cipher is None:
            from recoverynav.storage.crypto import FieldCipher, load_key_ring

            self._cipher = FieldCipher(load_key_ring())
        return self._cipher

    def commit(self) -> None:
        """Keep every write made in this unit when the ``with`` block ends."""
        if self.read_only:
            raise RuntimeError("a read-only unit of work cannot commit: open a UnitOfWork without read_only")
        self._committed = True

    def __enter__(self) -> UnitOfWork:
        self._committed = False
        if self.read_only:
            self._lock = _read_connection(self.engine)
            self._connection = self._lock.__enter__()
            return self
        self._lock = write_lock(self.engine, self.lock_wait_seconds)
        self._connection = self._lock.__enter__()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        lock, self._lock, self._connection = self._lock, None, None
        assert lock is not None
        if kind is None and not self._committed:
            lock.__exit__(_NotCommitted, _NotCommitted(), None)
            return
        if self._committed and getattr(error, "keeps_commit", False):
            # A refusal recorded on purpose (an audited "denied"): keep that record, then let the error through.
            lock.__exit__(None, None, None)
            return
        lock.__exit__(kind, error, trace)
