"""The operator's settings: environment variables ``RECOVERYNAV_*`` and an optional TOML file.

Usage::

    from recoverynav.settings import get_settings
    get_settings().helpline_number      # "1-800-662-4357" unless configured
"""

from __future__ import annotations

import os
import re
import tomllib
from functools import cache, cached_property
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from recoverynav.i18n import N_

CONFIG_ENV = "RECOVERYNAV_CONFIG"


def default_data_dir() -> Path:
    """Where the embedded SQLite database lives: ``$XDG_DATA_HOME/recoverynav`` or ``~/.local/share``."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "recoverynav"


class Settings(BaseSettings):
    """Every setting, read from ``RECOVERYNAV_<NAME>`` or from the TOML file named by ``RECOVERYNAV_CONFIG``."""

    model_config = SettingsConfigDict(env_prefix="RECOVERYNAV_", extra="ignore", frozen=True)

    # The operator's own helpline; the default is SAMHSA's National Helpline (free, confidential, 24/7). The
    # default name and hours are marked for translation (pages show them through the catalogue); a configured
    # name or hours is shown as written.
    helpline_name: str = N_("SAMHSA National Helpline")
    helpline_number: str = "1-800-662-4357"
    helpline_hours: str = N_("free, confidential, 24 hours a day, 7 days a week")
    country: str = Field(default="US", pattern=r"^[A-Z]{2}$")
    database_url: str | None = None
    # Production on several machines (#21): the public finder's reads (search, facility pages, the facilities API)
    # go to this read replica when set; everything else (writes, the back office, migrations) to database_url.
    database_read_url: str | None = None
    # "json": one JSON object a line (same rule: route templates, never what a person typed); "text" by default.
    log_format: Literal["text", "json"] = "text"
    # /metrics (Prometheus) answers only a request bearing this token ("Authorization: Bearer <token>"); unset, it
    # answers 404 and no request is counted.
    metrics_token: SecretStr | None = None
    # On SIGTERM, requests in flight get this long to finish before the server closes them.
    shutdown_grace_seconds: int = Field(default=25, ge=1, le=3600)
    data_dir: Path = Field(default_factory=default_data_dir)
    # Empty by default: the facility map draws vendored state outlines and asks no tile server, which would
    # otherwise learn the area a person searched. A URL template turns tiles on, with a privacy note on the page.
    map_tile_url: str = ""
    map_tile_attribution: str = ""
    show_demo_data: bool = False
    # Listing reports (#18): the key that encrypts personal data at rest (base64 of 32 bytes; unset: a key
    # file made in data_dir on first use), and how many reports one client / one listing may send per hour.
    data_key: SecretStr | None = None
    # The back office (#15): a key ring, newest first ("kid2:<base64>,kid1:<base64>"); see storage/crypto.py.
    secret_keys: SecretStr | None = None
    report_limit_per_client: int = Field(default=5, ge=1, le=1000)
    report_limit_per_facility: int = Field(default=20, ge=1, le=10_000)
    # "Call me back" requests (#15): per connection and from everyone, per hour.
    callback_limit_per_client: int = Field(default=5, ge=1, le=1000)
    callback_limit_overall: int = Field(default=500, ge=1, le=100_000)
    # A referral nobody answered expires after this many hours (#16; OpenBeds-style fan-out, Bitfocus-style expiry).
    referral_expiry_hours: int = Field(default=48, ge=1, le=24 * 30)
    # The wire and hardening (#21, see rate_limits.py and web/security_headers.py): per-client limits on public
    # POSTs and costly GETs (off only for benchmarks), the proxies whose X-Forwarded-For names the client
    # (comma-separated addresses or networks; empty: the peer is the client), and HSTS once TLS is in front.
    rate_limits: bool = True
    rate_limit_posts_per_minute: int = Field(default=60, ge=1, le=100_000)
    rate_limit_searches_per_minute: int = Field(default=120, ge=1, le=100_000)
    trusted_proxies: str = Field(default="", max_length=2000)
    hsts: bool = False
    # Notifications (#16): the site's own address (the sign-in link in a message) and, optionally, an SMTP server.
    # Without smtp_host messages stay in the outbox table (`recoverynav notifications list`).
    public_url: str = Field(default="http://127.0.0.1:8000", pattern=r"^https?://[^\s/?#]+(/[^\s?#]*)?$")
    smtp_host: str = ""
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_from: str = "recoverynav@localhost"
    smtp_username: str = ""
    smtp_password: SecretStr | None = None
    smtp_security: Literal["starttls", "ssl", "none"] = "starttls"
    # Real-time eligibility checks (#17), for deployers who are providers: "none" (the default) gives a case a
    # "verify by phone" task instead; "core" sends a CAQH CORE SOAP envelope, "json" a JSON clearinghouse request
    # (see gateways/clearinghouse.py). Credentials only here, never in a request. The real-time limit is
    # CORE's 20 seconds; a timeout is retried once.
    eligibility_gateway: Literal["none", "core", "json"] = "none"
    eligibility_url: str = ""
    eligibility_username: str = ""
    eligibility_password: SecretStr | None = None
    eligibility_api_key: SecretStr | None = None
    eligibility_core_auth: Literal["username_token", "basic"] = "username_token"
    eligibility_sender_id: str = Field(default="", max_length=80)
    eligibility_receiver_id: str = Field(default="", max_length=80)
    eligibility_timeout_seconds: float = Field(default=20.0, gt=0, le=120)
    # The information receiver of every 270 (the provider the deployer is): its NPI and name.
    eligibility_provider_npi: str = Field(default="", pattern=r"^([0-9]{10})?$")
    eligibility_provider_name: str = Field(default="", max_length=60)

    @field_validator("country", mode="before")
    @classmethod
    def _upper(cls, value: Any) -> Any:
        return value.upper() if isinstance(value, str) else value

    @field_validator("map_tile_url")
    @classmethod
    def _tile_template(cls, value: str) -> str:
        value = value.strip()
        if value and tile_origin(value) is None:
            raise ValueError(
                "must be empty (no tiles) or an http(s) URL template with {z}, {x} and {y}, "
                "for example https://tile.example.org/{z}/{x}/{y}.png ({s} may start the host name)"
            )
        return value

    @field_validator("database_read_url", "metrics_token", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: Any) -> Any:
        # compose files pass optional settings as "${NAME:-}": an empty value means "not set".
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("eligibility_url")
    @classmethod
    def _eligibility_url(cls, value: str) -> str:
        value = value.strip()
        if value and not re.fullmatch(r"https?://[^\s\"'<>]+", value):
            raise ValueError("must be empty (no gateway) or the clearinghouse's https:// address")
        return value

    @field_validator("trusted_proxies")
    @classmethod
    def _proxies(cls, value: str) -> str:
        import ipaddress

        for part in filter(None, (p.strip() for p in value.split(","))):
            try:
                ipaddress.ip_network(part, strict=False)
            except ValueError:
                raise ValueError(
                    f"{part[:60]!r} is not an address or network: list the load balancers' addresses, "
                    "comma-separated, e.g. 10.0.0.5,10.0.1.0/24"
                ) from None
        return value.strip()

    @property
    def map_tile_origin(self) -> str | None:
        """The tile server as a Content-Security-Policy source (``https://*.tile.example.org``), or None."""
        return tile_origin(self.map_tile_url) if self.map_tile_url else None

    @cached_property
    def helpline_tel(self) -> str:
        """The helpline as a ``tel:`` target: E.164 (``+18006624357``) when it parses, else its digits (short codes)."""
        import phonenumbers

        try:
            number = phonenumbers.parse(self.helpline_number, self.country)
            if phonenumbers.is_valid_number(number):
                return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        except phonenumbers.NumberParseException:
            pass
        return "".join(ch for ch in self.helpline_number if ch.isdigit() or ch == "+")

    @property
    def resolved_database_url(self) -> str:
        """The configured URL, else a SQLite file in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'recoverynav.sqlite3'}"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Environment wins over the file; the file wins over defaults.
        return (init_settings, env_settings, _TomlFileSource(settings_cls))


_TILE_URL = re.compile(r"(https?)://((?:\{s\}\.)?(?:[A-Za-z0-9-]+\.)*[A-Za-z0-9-]+(?::\d{1,5})?)/[^\s\"'<>]*")


def tile_origin(template: str) -> str | None:
    """The scheme and host of a Leaflet tile URL template, ``{s}`` as ``*``; None unless it is a usable template."""
    match = _TILE_URL.fullmatch(template)
    if match is None or not all(p in template for p in ("{z}", "{x}")) or not re.search(r"\{-?y\}", template):
        return None
    return f"{match[1]}://{match[2].replace('{s}', '*')}"


class _TomlFileSource(PydanticBaseSettingsSource):
    """Reads ``[recoverynav]`` (or top-level keys) from the TOML file named by ``RECOVERYNAV_CONFIG``."""

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return self._values().get(field_name), field_name, False

    def _values(self) -> dict[str, Any]:
        path = os.environ.get(CONFIG_ENV)
        if not path:
            return {}
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        section = data.get("recoverynav", data)
        return {k: v for k, v in section.items() if k in self.settings_cls.model_fields}

    def __call__(self) -> dict[str, Any]:
        return self._values()


@cache
def get_settings() -> Settings:
    """The process-wide settings (cached; tests call ``get_settings.cache_clear()``)."""
    return Settings()
