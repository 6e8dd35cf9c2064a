"""Wrong-listing reports: the submission's bounds, the rate limit as a rule, and storage on SQLite and PostgreSQL."""

from __future__ import annotations

import base64
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError
from sqlalchemy import select

from recoverynav.directory import UnknownFacilityError
from recoverynav.directory.reports import (
    ReportLimits,
    ReportRateLimited,
    ReportSubmission,
    UnknownReportError,
    client_key,
    report_listing,
    resolve_report,
    seconds_until_allowed,
)
from recoverynav.directory.repository import ImportRun
from recoverynav.storage import SqlFacilityRepository
from recoverynav.storage.crypto import DataKeyError, FieldCipher, parse_data_key
from recoverynav.storage.listing_reports import SqlListingReportRepository, listing_reports
from tests.durable import write_modes
from tests.facility_databases import facility
from tests.report_helpers import empty_reports, listed

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
KEY = bytes(range(32))


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"reason": "rude"}, "reason"),
        ({}, "reason"),
        ({"reason": "closed", "details": "x" * 1001}, "details"),
        ({"reason": "closed", "contact": "x" * 201}, "contact"),
        ({"reason": "closed", "email": "a@b.c"}, "email"),
        ({"reason": "closed", "details": 5}, "details"),
    ],
)
def test_bad_submissions_name_the_field(body: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        ReportSubmission.model_validate(body)
    assert caught.value.errors()[0]["loc"][0] == field


@pytest.mark.parametrize(
    ("body", "details", "contact"),
    [
        ({"reason": "other", "details": "x" * 1000, "contact": "y" * 200}, "x" * 1000, "y" * 200),
        ({"reason": "closed", "details": "  line\none\x00\x1b[31m ", "contact": "   "}, "line\none[31m", None),
        ({"reason": "wrong_phone"}, "", None),
    ],
)
def test_submissions_at_the_bounds_are_kept_cleaned(body: dict[str, object], details: str, contact: str | None) -> None:
    submission = ReportSubmission.model_validate(body)
    assert (submission.details, submission.contact) == (details, contact)


@given(
    ages=st.lists(st.integers(min_value=0, max_value=7200), max_size=12),
    limit=st.integers(min_value=1, max_value=6),
)
def test_rate_limit_counts_the_window_and_its_wait_is_enough(ages: list[int], limit: int) -> None:
    window = timedelta(hours=1)
    times = [NOW - timedelta(seconds=age) for age in ages]
    in_window = [t for t in times if t >= NOW - window]
    wait = seconds_until_allowed(times, limit, window, NOW)
    assert (wait is None) == (len(in_window) < limit)
    if wait is not None:
        assert 1 <= wait <= 3601
        assert seconds_until_allowed(times, limit, window, NOW + timedelta(seconds=wait)) is None


@pytest.mark.parametrize(
    ("host", "key"),
    [
        ("203.0.113.9", "203.0.113.9"),
        ("2001:db8:1:2:aaaa::1", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::/64"),
        ("::ffff:203.0.113.9", "203.0.113.9"),
        (None, "unknown"),
        ("testclient", "testclient"),
    ],
)
def test_clients_are_counted_by_address_or_ipv6_64(host: str | None, key: str) -> None:
    assert client_key(host) == key


def test_cipher_round_trip_binds_purpose_and_key() -> None:
    box = FieldCipher(KEY)
    token = box.encrypt("me@example.org", purpose="t.contact")
    assert "me@example.org" not in token and token != box.encrypt("me@example.org", purpose="t.contact")
    assert box.decrypt(token, purpose="t.contact") == "me@example.org"
    with pytest.raises(ValueError):
        box.decrypt(token, purpose="t.other")
    with pytest.raises(ValueError):
        FieldCipher(bytes(32)).decrypt(token, purpose="t.contact")
    assert box.blind_index("203.0.113.9", purpose="ip") == box.blind_index("203.0.113.9", purpose="ip")
    assert box.blind_index("203.0.113.9", purpose="ip") != FieldCipher(bytes(32)).blind_index(
        "203.0.113.9", purpose="ip"
    )


@pytest.mark.parametrize("text", ["short", base64.b64encode(b"x" * 16).decode(), "not base64 at all!!"])
def test_bad_data_key_is_refused_without_repeating_it(text: str) -> None:
    with pytest.raises(DataKeyError) as caught:
        parse_data_key(text)
    assert text not in str(caught.value) and "RECOVERYNAV_DATA_KEY" in str(caught.value)


def test_key_comes_from_the_setting_or_an_owner_only_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from recoverynav.settings import get_settings
    from recoverynav.storage.crypto import KEY_FILE, load_data_key

    monkeypatch.setenv("RECOVERYNAV_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("RECOVERYNAV_DATA_KEY", raising=False)
    get_settings.cache_clear()
    try:
        made = load_data_key()
        assert len(made) == 32 and load_data_key() == made
        assert stat.S_IMODE((tmp_path / KEY_FILE).stat().st_mode) == 0o600
        monkeypatch.setenv("RECOVERYNAV_DATA_KEY", base64.urlsafe_b64encode(KEY).decode().rstrip("="))
        get_settings.cache_clear()
        assert load_data_key() == KEY
    finally:
        get_settings.cache_clear()


@pytest.fixture()
def stores(facility_repo: SqlFacilityRepository) -> tuple[SqlFacilityRepository, SqlListingReportRepository]:
    empty_reports(facility_repo.engine.url.render_as_string(hide_password=False))
    rows = [listed("a"), listed("b", phone="703-555-0199"), facility("demo", 38.0, -77.0)]
    facility_repo.upsert(rows, ImportRun("test", "test", "0" * 64, len(rows)))
    return facility_repo, SqlListingReportRepository(facility_repo.engine, FieldCipher(KEY))


def test_a_report_keeps_the_listing_and_hides_contact_and_client(
    stores: tuple[SqlFacilityRepository, SqlListingReportRepository],
) -> None:
    facilities, reports = stores
    submission = ReportSubmission(reason="wrong_phone", details="<script>alert(1)</script>", contact="me@example.org")
    report_id = report_listing(
        "b", submission, client="203.0.113.9", facilities=facilities, reports=reports, limits=ReportLimits(), now=NOW
    )
    with facilities.engine.connect() as conn:
        raw = conn.execute(select(listing_reports).where(listing_reports.c.id == report_id)).one()._mapping
    assert "me@example.org" not in str(dict(raw)) and "203.0.113.9" not in str(dict(raw))
    assert raw["details"] == "<script>alert(1)</script>"
    (stored,) = reports.queue(open_only=True)
    assert stored.has_contact and stored.contact is None and reports.audit() == []
    assert stored.snapshot.phone == "703-555-0199" and stored.snapshot.address == "1 Main Street, Springfield, VA 22150"
    assert stored.snapshot.sources == ["recoverynav test data (2025)"] and stored.created_at == NOW
    (revealed,) = reports.queue(open_only=False, reveal_contact_for="cli:tester")
    assert revealed.contact == "me@example.org"
    assert [(a["report_id"], a["action"], a["actor"]) for a in reports.audit()] == [
        (report_id, "contact_read", "cli:tester")
    ]
    assert "me@example.org" not in str(reports.audit())


def test_open_until_resolved(stores: tuple[SqlFacilityRepository, SqlListingReportRepository]) -> None:
    facilities, reports = stores
    for minutes in (0, 5):
        report_listing(
            "a",
            ReportSubmission(reason="closed"),
            client=f"198.51.100.{minutes}",
            facilities=facilities,
            reports=reports,
            limits=ReportLimits(),
            now=NOW + timedelta(minutes=minutes),
        )
    assert reports.open_since("a") == NOW and reports.open_since("b") is None
    first, second = sorted(r.id for r in reports.queue(open_only=True))
    done = resolve_report(first, " checked: still open ", actor="cli:tester", reports=reports, now=NOW)
    assert done.status == "resolved" and done.resolution_note == "checked: still open"
    assert reports.open_since("a") == NOW + timedelta(minutes=5)
    resolve_report(second, "checked", actor="cli:tester", reports=reports)
    assert reports.open_since("a") is None and [r.id for r in reports.queue(open_only=True)] == []
    with pytest.raises(UnknownReportError):
        resolve_report(999, "x", actor="cli:tester", reports=reports)
    with pytest.raises(ValueError, match="note"):
        resolve_report(first, " \x00 ", actor="cli:tester", reports=reports)


@pytest.mark.parametrize("frid", ["nope", "demo", "a\x00"])
def test_unknown_or_demo_listings_cannot_be_reported(
    stores: tuple[SqlFacilityRepository, SqlListingReportRepository], frid: str
) -> None:
    facilities, reports = stores
    with pytest.raises(UnknownFacilityError):
        report_listing(
            frid,
            ReportSubmission(reason="other"),
            client="x",
            facilities=facilities,
            reports=reports,
            limits=ReportLimits(),
        )


def test_limits_per_client_and_per_listing(stores: tuple[SqlFacilityRepository, SqlListingReportRepository]) -> None:
    facilities, reports = stores
    limits = ReportLimits(per_client=2, per_facility=3)

    def send(frid: str, client: str, minutes: int = 0) -> int:
        return report_listing(
            frid,
            ReportSubmission(reason="other"),
            client=client,
            facilities=facilities,
            reports=reports,
            limits=limits,
            now=NOW + timedelta(minutes=minutes),
        )

    send("a", "one")
    send("b", "one", 10)
    with pytest.raises(ReportRateLimited) as caught:
        send("a", "one", 20)
    assert caught.value.retry_after == 40 * 60 + 1 and "connection" in str(caught.value)
    send("a", "two", 20)
    send("a", "three", 21)
    with pytest.raises(ReportRateLimited, match="this listing"):
        send("a", "four", 22)
    send("b", "four", 22)
    send("a", "one", 61)  # the first report has left the hour


def test_every_report_write_survives_a_power_cut(
    stores: tuple[SqlFacilityRepository, SqlListingReportRepository],
) -> None:
    facilities, reports = stores
    if facilities.engine.dialect.name != "sqlite":
        pytest.skip("synchronous is SQLite's; PostgreSQL's commit waits for the WAL flush by default")
    with write_modes(facilities.engine, ("listing_reports", "listing_report_audit")) as modes:
        submission = ReportSubmission(reason="closed", contact="me@example.org")
        report_id = report_listing(
            "a",
            submission,
            client="198.51.100.7",
            facilities=facilities,
            reports=reports,
            limits=ReportLimits(),
            now=NOW,
        )
        reports.queue(open_only=True, reveal_contact_for="cli:tester")
        resolve_report(report_id, "checked", actor="cli:tester", reports=reports, now=NOW)
    # The report, the contact-read audit row, the resolution and its audit row.
    assert len(modes) >= 4 and set(modes) == {"FULL"}
