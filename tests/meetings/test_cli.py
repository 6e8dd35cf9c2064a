"""``recoverynav meetings import`` (file and URL) and ``meetings find``: output, JSON shape, exit 2 on bad input."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from recoverynav.cli.main import cli
from recoverynav.meetings import meeting_types
from tests.meetings.conftest import record

FIELDS = {"id", "slug", "name", "day", "time", "timezone", "types", "distance_miles", "address", "online_link", "feed",
          "updated"}  # fmt: skip


def test_find_near_19103(runner: CliRunner, bundled_meetings: str) -> None:
    result = runner.invoke(cli, ["meetings", "find", "--near", "19103", "--limit", "5"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "meetings within 25 miles of 19103 (Philadelphia, PA)" in lines[0]
    assert "America/New_York" in result.stdout and "check with the group" in result.stdout
    assert "Code for Recovery" in result.stdout


def test_find_json_has_every_field_nearest_first(runner: CliRunner, bundled_meetings: str) -> None:
    result = runner.invoke(cli, ["meetings", "find", "--near", "19103", "--type", "S", "--json", "--limit", "30"])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    rows = answer["results"]
    assert rows and all(set(row) >= FIELDS for row in rows)
    assert all("S" in row["types"] for row in rows)
    distances = [row["distance_miles"] for row in rows]
    assert distances == sorted(distances)


def test_unknown_type_is_exit_2_listing_the_valid_ones(runner: CliRunner, bundled_meetings: str) -> None:
    result = runner.invoke(cli, ["meetings", "find", "--near", "19103", "--type", "XYZ"])
    assert result.exit_code == 2 and result.stdout == ""
    assert "--type: 'XYZ' is not a meeting type" in result.stderr
    assert all(f"{code} (" in result.stderr for code in meeting_types())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--near", "99999"], "--near:"),
        (["--near", "19103", "--day", "funday"], "--day:"),
        (["--near", "19103", "--radius", "0"], "--radius:"),
        (["--near", "19103", "--limit", "1000"], "--limit:"),
    ],
)
def test_bad_options_exit_2(runner: CliRunner, bundled_meetings: str, args: list[str], message: str) -> None:
    result = runner.invoke(cli, ["meetings", "find", *args])
    assert result.exit_code == 2 and message in result.stderr


def test_import_a_file_reports_skips_and_full_refresh(
    runner: CliRunner, configured_meetings: str, tmp_path: Path
) -> None:
    path = tmp_path / "group.json"
    path.write_text(json.dumps([record("a"), record("b"), record("c", day=None)]))
    result = runner.invoke(cli, ["meetings", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "group: 3 records, 2 imported (2 new" in result.stdout
    assert "skipped #2 c 'Meeting c': no day (by appointment)" in result.stdout
    path.write_text(json.dumps([record("a")]))
    result = runner.invoke(cli, ["meetings", "import", str(path), "--full-refresh", "--json"])
    assert json.loads(result.stdout)["counts"]["removed_slugs"] == ["b"]


@pytest.mark.parametrize(
    ("content", "args", "message"),
    [
        (b"not json", [], "not a JSON feed"),
        (b"[]", ["--feed", "bad name!"], "--feed:"),
        (None, [], "is not a file"),
    ],
)
def test_import_bad_input_exit_2(
    runner: CliRunner, configured_meetings: str, tmp_path: Path, content: bytes | None, args: list[str], message: str
) -> None:
    path = tmp_path / "feed.json"
    if content is not None:
        path.write_bytes(content)
    result = runner.invoke(cli, ["meetings", "import", str(path), *args])
    assert result.exit_code == 2 and message in result.stderr


@pytest.fixture()
def feed_server(tmp_path: Path) -> Iterator[str]:
    """A local HTTP server serving tmp_path."""
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=str(tmp_path), **k)  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    thread.join(5)


def test_import_from_a_url(runner: CliRunner, configured_meetings: str, tmp_path: Path, feed_server: str) -> None:
    (tmp_path / "intergroup.json").write_text(json.dumps([record("a")]))
    result = runner.invoke(cli, ["meetings", "import", f"{feed_server}/intergroup.json", "--title", "Test Intergroup"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("intergroup: 1 records, 1 imported")
    missing = runner.invoke(cli, ["meetings", "import", f"{feed_server}/missing.json"])
    assert missing.exit_code == 2 and "HTTP 404" in missing.stderr


def test_a_download_is_capped(tmp_path: Path, feed_server: str) -> None:
    from recoverynav.gateways.feeds import FeedFetchError, fetch_feed

    (tmp_path / "big.json").write_bytes(b"[" + b" " * 5000 + b"]")
    assert fetch_feed(f"{feed_server}/big.json", max_bytes=10_000).startswith(b"[")
    with pytest.raises(FeedFetchError, match="larger than"):
        fetch_feed(f"{feed_server}/big.json", max_bytes=1000)
    with pytest.raises(FeedFetchError, match="only http"):
        fetch_feed("file:///etc/passwd")
