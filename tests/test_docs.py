"""README.md documents every CLI command, API route and setting (a missing one fails the build)."""

from __future__ import annotations

from pathlib import Path

import pytest

from recoverynav.app import create_app
from recoverynav.cli.main import COMMANDS
from recoverynav.settings import Settings

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands() -> None:
    blocks = README.split("```")
    assert "scripts/serve" in blocks[1] and "scripts/test" in blocks[3]


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_cli_command_is_documented(command: str) -> None:
    assert f"recoverynav {command}" in README


@pytest.mark.parametrize(
    ("method", "path"),
    sorted(
        (method.upper(), path)
        for path, operations in create_app().openapi()["paths"].items()
        if path.startswith("/api/")
        for method in operations
    ),
)
def test_api_route_is_documented(method: str, path: str) -> None:
    assert f"{method} {path}" in README


@pytest.mark.parametrize("field", sorted(Settings.model_fields))
def test_setting_is_documented(field: str) -> None:
    assert f"RECOVERYNAV_{field.upper()}" in README
