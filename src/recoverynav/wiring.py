"""The composition root: where every face (web, API, CLI) gets its settings, repositories and units of work.

Faces never build these themselves: the web and API faces wrap them as ``Annotated`` dependencies
(``web/deps.py``, ``api/deps.py``; tests swap one with ``app.dependency_overrides[factory]``), the CLI calls
them directly. A new repository (a back office's cases, audit events) gets its factory here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, overload

from recoverynav.settings import Settings, get_settings

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from recoverynav.backoffice import CallbackLimits, ChainedEvent, ChainReport, MailSender, Provider
    from recoverynav.coverage import EligibilityGateway
    from recoverynav.directory import ListingReportRepository
    from recoverynav.directory.repository import FacilityRepository
    from recoverynav.meetings import MeetingRepository
    from recoverynav.storage.crypto import FieldCipher
    from recoverynav.storage.unit_of_work import UnitOfWork

__all__ = [
    "UnitOfWork",
    "audit_chain_report",
    "audit_events",
    "back_office_engine",
    "back_office_unit",
    "callback_limits",
    "case_unit",
    "case_units",
    "clock",
    "database_problem",
    "deliver_notifications",
    "eligibility_gateway",
    "eligibility_provider",
    "facility_repository",
    "field_cipher",
    "finder_repository",
    "listing_report_repository",
    "mail_sender",
    "meeting_import_repository",
    "meeting_repository",
    "settings",
    "sign_in_url",
    "unit_of_work",
]
_MIGRATED: set[str] = set()


def __getattr__(name: str) -> Any:
    # UnitOfWork (re-exported for the faces' annotations) imports SQLAlchemy and the migrations: only on first use,
    # so a command that needs only the settings (``recoverynav place``) does not pay for them.
    if name == "UnitOfWork":
        from recoverynav.storage.unit_of_work import UnitOfWork

        return UnitOfWork
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def settings() -> Settings:
    """The operator's settings (read once per process)."""
    return get_settings()


def facility_repository() -> FacilityRepository:
    """The configured database, migrated and loaded with the bundled data on first use (then cached per URL)."""
    from recoverynav.storage import prepare_database

    return prepare_database()


def finder_repository(primary: FacilityRepository | None = None) -> FacilityRepository:
    """The public finder's reads (search, facility pages, the facilities API): the read replica named by
    ``RECOVERYNAV_DATABASE_READ_URL`` when set, else ``primary`` (default: :func:`facility_repository`).

    The primary is prepared first as always (migrated, bundled data loaded); the replica is never migrated or
    written here: it follows the primary. What staff write (openings, reports) reaches the finder after the
    replica's lag.
    """
    primary = primary if primary is not None else facility_repository()
    read_url = get_settings().database_read_url
    if not read_url:
        return primary
    from recoverynav.storage import SqlFacilityRepository, engine_for

    return SqlFacilityRepository(engine_for(read_url))


@overload
def listing_report_repository() -> ListingReportRepository: ...
@overload
def listing_report_repository(facilities: FacilityRepository) -> ListingReportRepository | None: ...
def listing_report_repository(facilities: FacilityRepository | None = None) -> ListingReportRepository | None:
    """Wrong-listing reports, kept in the listings' own database: ``facilities``' (default: the configured one,
    migrated, bundled data not loaded). None when ``facilities`` is not stored in SQL (a test's in-memory one)."""
    from recoverynav.storage import prepare_database
    from recoverynav.storage.listing_reports import SqlListingReportRepository

    engine = getattr(facilities if facilities is not None else prepare_database(load_bundled=False), "engine", None)
    return None if engine is None else SqlListingReportRepository(engine)


def meeting_repository() -> MeetingRepository:
    """The configured database's meetings, migrated and loaded with the shipped feeds on first use."""
    from recoverynav.storage.meetings import prepare_meetings

    return prepare_meetings()


def meeting_import_repository() -> MeetingRepository:
    """The configured database's meetings for an import: migrated, the shipped feeds not loaded first."""
    from recoverynav.storage.meetings import prepare_meetings

    return prepare_meetings(load_bundled=False)


def database_problem() -> str | None:
    """None when every configured database answers; else a short reason naming which (never its address)."""
    from recoverynav.storage.engine import engine_for
    from recoverynav.storage.health import database_problem as problem_of

    current = get_settings()
    for role, url in (("database", current.resolved_database_url), ("read replica", current.database_read_url)):
        if url:
            problem = problem_of(engine_for(url))
            if problem is not None:
                return f"{role}: {problem}"
    return None


def unit_of_work() -> Iterator[UnitOfWork]:
    """A unit of work on the configured database; the caller commits (``uow.commit()``), else nothing is kept."""
    from recoverynav.storage import engine_for
    from recoverynav.storage.unit_of_work import UnitOfWork

    with UnitOfWork(engine_for(get_settings().resolved_database_url)) as unit:
        yield unit


def back_office_engine() -> Engine:
    """The configured database for the back office, migrated on first use (no bundled facility import)."""
    from recoverynav.storage import engine_for
    from recoverynav.storage.migrate import upgrade

    url = get_settings().resolved_database_url
    engine = engine_for(url)
    if url not in _MIGRATED:
        upgrade(engine)
        _MIGRATED.add(url)
    return engine


def back_office_unit(*, read_only: bool = False) -> UnitOfWork:
    """A unit of work on the back office's database (migrated first), for the caller to enter: ``with
    back_office_unit() as unit: ...; unit.commit()``. ``read_only`` takes no write lock and never commits."""
    from recoverynav.storage.unit_of_work import UnitOfWork

    return UnitOfWork(back_office_engine(), read_only=read_only)


def audit_events(since: datetime | None = None) -> Iterator[ChainedEvent]:
    """The back office's stored audit trail in order (from ``since`` on), read in batches."""
    from recoverynav.storage.backoffice.audit import stored_events

    return stored_events(back_office_engine(), since=since)


def audit_chain_report() -> ChainReport:
    """Whether every stored audit event's hash holds (the count, or the first broken event and why)."""
    from recoverynav.storage.backoffice.audit import verify_stored_chain

    return verify_stored_chain(back_office_engine())


def field_cipher() -> FieldCipher:
    """The cipher over the configured data keys (``RECOVERYNAV_SECRET_KEYS``, else the owner-only key file)."""
    from recoverynav.storage.crypto import FieldCipher, load_key_ring

    return FieldCipher(load_key_ring())


def case_unit() -> Iterator[UnitOfWork]:
    """A unit of work for the back office's cases: the schema migrated first (no facility data needed)."""
    from recoverynav.storage.unit_of_work import UnitOfWork

    with UnitOfWork(back_office_engine()) as unit:
        yield unit


def case_units() -> Callable[[], UnitOfWork]:
    """Units of work for the back office's cases, opened by the route itself (``with units() as unit:``).

    A route holds the write lock only while its own code runs, in one thread: a unit opened by a yield
    dependency is entered and left in separate thread-pool tasks, and under load the threads waiting for the lock
    took every worker, so the holder's exit (commit) never got one and the server stalled.
    """
    from recoverynav.storage.unit_of_work import UnitOfWork

    return lambda: UnitOfWork(back_office_engine())


def callback_limits() -> CallbackLimits:
    """The operator's limits on public "call me back" requests, per client address and overall, per hour."""
    from recoverynav.backoffice import CallbackLimits

    current = get_settings()
    return CallbackLimits(per_client=current.callback_limit_per_client, overall=current.callback_limit_overall)


def clock() -> datetime:
    """The moment a request happens, in UTC: openings are aged against it (tests move it with an override)."""
    return datetime.now(UTC)


def sign_in_url() -> str:
    """The staff sign-in page on the operator's public address: the one particular a notification carries."""
    return get_settings().public_url.rstrip("/") + "/staff/login"


def mail_sender() -> MailSender | None:
    """The SMTP sender when ``RECOVERYNAV_SMTP_HOST`` is set; None keeps messages in the outbox."""
    current = get_settings()
    if not current.smtp_host:
        return None
    from recoverynav.gateways.notify import SmtpMailSender

    return SmtpMailSender(
        host=current.smtp_host,
        port=current.smtp_port,
        sender=current.smtp_from,
        username=current.smtp_username,
        password=current.smtp_password.get_secret_value() if current.smtp_password else "",
        security=current.smtp_security,
    )


def deliver_notifications(now: datetime | None = None) -> tuple[int, int] | None:
    """Send what the outbox holds through SMTP, when configured: (sent, failed); None without SMTP.

    Called after a unit that queued messages commits (never inside it: a slow mail server must not hold the
    write lock), and by ``recoverynav notifications deliver``.
    """
    sender = mail_sender()
    if sender is None:
        return None
    from recoverynav.backoffice import deliver_pending
    from recoverynav.storage.unit_of_work import UnitOfWork

    with UnitOfWork(back_office_engine()) as unit:
        counts = deliver_pending(unit.outbox, unit.staff, sender, now=now or datetime.now(UTC))
        unit.commit()
    return counts


def eligibility_gateway() -> EligibilityGateway | None:
    """The configured real-time eligibility gateway (#17), or None: then a check opens a "verify by phone" task.

    A gateway chosen without an address is logged and treated as none, so the case still gets its phone task."""
    from recoverynav.coverage import EligibilityUnavailable
    from recoverynav.gateways.clearinghouse import gateway_from_settings

    try:
        return gateway_from_settings(get_settings())
    except EligibilityUnavailable as exc:
        import logging

        logging.getLogger(__name__).warning("eligibility gateway not usable: %s", exc)
        return None


def eligibility_provider() -> Provider | None:
    """The provider every 270 names as information receiver (NPI and name from settings), or None if unset."""
    from recoverynav.backoffice import Provider

    current = get_settings()
    if not current.eligibility_provider_npi or not current.eligibility_provider_name:
        return None
    return Provider(npi=current.eligibility_provider_npi, name=current.eligibility_provider_name)
