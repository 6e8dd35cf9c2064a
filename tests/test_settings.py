"""Settings come from RECOVERYNAV_* variables, then an optional TOML file, then defaults."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from recoverynav.settings import Settings


def test_defaults_are_samhsa_helpline_and_us() -> None:
    settings = Settings()
    assert settings.helpline_name == "SAMHSA National Helpline"
    assert settings.helpline_number == "1-800-662-4357"
    assert settings.helpline_tel == "+18006624357"
    assert settings.country == "US"


def test_config_file_then_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "recoverynav.toml"
    config.write_text('[recoverynav]\nhelpline_name = "County Line"\ncountry = "ca"\n', encoding="utf-8")
    monkeypatch.setenv("RECOVERYNAV_CONFIG", str(config))
    assert Settings().helpline_name == "County Line"
    assert Settings().country == "CA"
    monkeypatch.setenv("RECOVERYNAV_HELPLINE_NAME", "From the environment")
    assert Settings().helpline_name == "From the environment"


def test_bad_country_names_the_field(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECOVERYNAV_COUNTRY", "USA")
    with pytest.raises(ValidationError, match="country"):
        Settings()


def test_default_database_is_sqlite_in_the_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECOVERYNAV_DATA_DIR", str(tmp_path))
    assert Settings().resolved_database_url == f"sqlite:///{tmp_path / 'recoverynav.sqlite3'}"
