"""``recoverynav facilities import``: a report on success; exit 2 with row errors and no change on failure."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from recoverynav.cli.main import cli
from recoverynav.directory.models import sources_of
from recoverynav.storage import facility_repository, prepare_database
from tests.facility_databases import sample_bytes

SAMPLE = "findtreatment_api_sample_2019_charlottesville.json"


def test_import_twice_reports_then_changes_nothing(runner: CliRunner, configured_database: str, tmp_path: Path) -> None:
    file = tmp_path / SAMPLE
    file.write_bytes(sample_bytes())
    first = runner.invoke(cli, ["facilities", "import", str(file)])
    assert first.exit_code == 0, first.output
    second = runner.invoke(cli, ["facilities", "import", str(file)])
    assert "30 rows, 30 facilities (0 new, 0 updated, 22 unchanged, 0 closed)" in second.stdout
    assert "One card per site: 30 record(s) in 22 site(s)" in second.stdout
    repo = facility_repository(configured_database)
    charlottesville = [
        f
        for f in (repo.get(line) for line in ["811a908f82269778a2fe2a8bc603afa08df868f3e2fa56aa62e214d03997dea1"])
        if f
    ]
    # configured_database holds the bundled data too, so the site also lists its 2020 sources.
    assert charlottesville and any(source.dataset == "locator" for source in sources_of(charlottesville[0]))


def test_corrupted_file_exits_2_with_row_errors(runner: CliRunner, bundled_database: str, tmp_path: Path) -> None:
    data = json.loads(sample_bytes())
    data["rows"][3]["longitude"] = "west"
    file = tmp_path / "broken.json"
    file.write_text(json.dumps(data), encoding="utf-8")
    before = prepare_database(bundled_database).count()
    result = runner.invoke(cli, ["facilities", "import", str(file)])
    assert result.exit_code == 2
    assert "row 4, longitude: 'west' is not a number" in result.stderr
    assert result.stdout == ""
    assert facility_repository(bundled_database).count() == before


def test_unknown_format_exits_2(runner: CliRunner, bundled_database: str, tmp_path: Path) -> None:
    file = tmp_path / "other.csv"
    file.write_text("a,b\n1,2\n", encoding="utf-8")
    result = runner.invoke(cli, ["facilities", "import", str(file)])
    assert result.exit_code == 2 and "--format" in result.stderr
