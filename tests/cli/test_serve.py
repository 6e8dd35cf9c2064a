"""``recoverynav serve``: worker count and reload (#21). The server itself runs in the ``served`` scenario tests."""

from __future__ import annotations

from typing import Any

import pytest
import uvicorn
from click.testing import CliRunner
from fastapi.testclient import TestClient

from recoverynav.cli.main import cli


@pytest.fixture()
def runs(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """What ``serve`` asks uvicorn for (uvicorn is not ours; it returns at once instead of serving)."""
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: calls.append({"app": app, **kwargs}))
    return calls


def test_workers_default_to_the_cores_and_prepare_once_before_them(
    runner: CliRunner, runs: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    import recoverynav.startup

    monkeypatch.setattr("os.cpu_count", lambda: 3)
    prepared: list[str] = []
    monkeypatch.setattr(recoverynav.startup, "prepare", lambda: prepared.append("parent"))
    result = runner.invoke(cli, ["serve", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert "3 workers" in result.output
    assert prepared == ["parent"]
    assert runs == [runs[0]] and runs[0]["workers"] == 3 and runs[0]["reload"] is False
    assert runs[0]["timeout_worker_healthcheck"] == 30
    # Each worker builds the app without preparing again (no migration or import racing the others).
    assert runs[0]["app"] == "recoverynav.cli.serve:worker_app" and runs[0]["factory"] is True


def test_workers_option_and_reload(
    runner: CliRunner, runs: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("recoverynav.startup.prepare", lambda: None)
    assert runner.invoke(cli, ["serve", "--workers", "2"]).exit_code == 0
    assert runner.invoke(cli, ["serve", "--reload"]).exit_code == 0
    assert [(r["workers"], r["reload"]) for r in runs] == [(2, False), (1, True)]
    assert runs[1]["app"] == "recoverynav.app:create_app"


@pytest.mark.parametrize("args", [["--reload", "--workers", "2"], ["--workers", "0"], ["--workers", "many"]])
def test_bad_worker_counts_name_the_option(runner: CliRunner, runs: list[dict[str, Any]], args: list[str]) -> None:
    result = runner.invoke(cli, ["serve", *args])
    assert result.exit_code == 2
    assert "--workers" in result.output
    assert runs == []


def test_a_worker_marks_the_parents_preparation_and_builds_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    import recoverynav.storage.meetings as meetings
    from recoverynav.cli.serve import worker_app
    from recoverynav.storage import database

    url = "sqlite:////nonexistent/never-opened.sqlite3"
    monkeypatch.setenv("RECOVERYNAV_DATABASE_URL", url)
    from recoverynav.settings import get_settings

    get_settings.cache_clear()
    monkeypatch.setattr(database, "_PREPARED", set())
    monkeypatch.setattr(meetings, "_PREPARED", set())
    try:
        app = worker_app()
        assert url in database._PREPARED and url in meetings._PREPARED
        with TestClient(app) as http:
            assert http.get("/healthz").json()["status"] == "ok"
    finally:
        get_settings.cache_clear()
