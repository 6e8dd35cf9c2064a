"""``recoverynav facilities reports``: the queue, contacts only on a recorded request, resolving; bad input exits 2."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner

from recoverynav.cli.main import cli
from recoverynav.directory.reports import ReportLimits, ReportSubmission, report_listing
from recoverynav.storage import facility_repository
from recoverynav.storage.engine import engine_for
from recoverynav.storage.listing_reports import SqlListingReportRepository
from tests.report_helpers import listed, serve_without_bundled

CONTACT = "reporter-51ab@example.org"


@pytest.fixture()
def queue(configured_database: str) -> SqlListingReportRepository:
    serve_without_bundled(configured_database, listed("a"), listed("b"))
    reports = SqlListingReportRepository(engine_for(configured_database))
    for frid, contact in (("a", CONTACT), ("b", None)):
        report_listing(
            frid,
            ReportSubmission(reason="wrong_phone", details="<b>rings a fax</b>", contact=contact),
            client="192.0.2.1",
            facilities=facility_repository(configured_database),
            reports=reports,
            limits=ReportLimits(),
            now=datetime(2026, 12, 1, 9, 30, tzinfo=UTC),
        )
    return reports


def test_list_hides_contacts_until_asked_and_records_the_read(
    runner: CliRunner, queue: SqlListingReportRepository
) -> None:
    listed_ = runner.invoke(cli, ["facilities", "reports", "--open"])
    assert listed_.exit_code == 0, listed_.output
    assert "wrong_phone" in listed_.stdout and "rings a fax" in listed_.stdout and CONTACT not in listed_.stdout
    assert "(hidden; --show-contact)" in listed_.stdout and queue.audit() == []
    shown = runner.invoke(cli, ["facilities", "reports", "--json", "--show-contact"])
    rows = json.loads(shown.stdout)
    assert [r["contact"] for r in rows if r["frid"] == "a"] == [CONTACT]
    (read,) = queue.audit()
    assert read["action"] == "contact_read" and read["actor"].startswith("cli:") and CONTACT not in str(read)


def test_resolve_closes_one_and_open_hides_it(runner: CliRunner, queue: SqlListingReportRepository) -> None:
    first = min(r.id for r in queue.queue(open_only=True))
    done = runner.invoke(cli, ["facilities", "reports", "resolve", str(first), "--note", "called: number fixed"])
    assert done.exit_code == 0 and f"#{first}" in done.stdout
    still_open = json.loads(runner.invoke(cli, ["facilities", "reports", "--open", "--json"]).stdout)
    assert [r["id"] for r in still_open] == [first + 1]
    everything = json.loads(runner.invoke(cli, ["facilities", "reports", "--json"]).stdout)
    assert {r["id"]: r["resolution_note"] for r in everything}[first] == "called: number fixed"


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["resolve", "999", "--note", "x"], "ID"),
        (["resolve", "1", "--note", "   "], "--note"),
        (["resolve", "0", "--note", "x"], "ID"),
        (["resolve", "1"], "--note"),
    ],
)
def test_bad_resolve_exits_2_naming_the_field(
    runner: CliRunner, queue: SqlListingReportRepository, args: list[str], named: str
) -> None:
    result = runner.invoke(cli, ["facilities", "reports", *args])
    assert result.exit_code == 2 and named in result.output
    assert len(queue.queue(open_only=True)) == 2
