"""The production recipe (Dockerfile, compose.yaml, deploy/haproxy.cfg) names only settings, commands, options and
routes that exist, so it cannot drift from the code unnoticed (#21). Docker itself is not needed to run this."""

from __future__ import annotations

import json
import re
import tomllib
from importlib import import_module
from pathlib import Path
from typing import Any

import click
import yaml

from recoverynav.app import route_entries
from recoverynav.cli.main import COMMANDS
from recoverynav.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
COMPOSE_TEXT = (ROOT / "compose.yaml").read_text(encoding="utf-8")
COMPOSE: dict[str, Any] = yaml.safe_load(COMPOSE_TEXT)
HAPROXY = (ROOT / "deploy" / "haproxy.cfg").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_recoverynav_variable_in_the_recipe_is_a_documented_setting() -> None:
    named = set(re.findall(r"RECOVERYNAV_[A-Z0-9_]+", DOCKERFILE + COMPOSE_TEXT))
    assert named, "the recipe configures nothing?"
    for variable in sorted(named):
        assert variable.removeprefix("RECOVERYNAV_").lower() in Settings.model_fields, variable
        assert f"`{variable}`" in README, variable


def test_the_image_runs_an_existing_command_with_options_it_accepts() -> None:
    cmd = json.loads(re.search(r"^CMD (\[.*\])$", DOCKERFILE, re.MULTILINE)[1])  # type: ignore[index]
    assert cmd[0] == "recoverynav" and cmd[1] in COMMANDS
    module, attr, _ = COMMANDS[cmd[1]]
    command: click.Command = getattr(import_module(module), attr)
    accepted = {opt for param in command.params for opt in getattr(param, "opts", [])}
    options = [arg for arg in cmd[2:] if arg.startswith("--")]
    assert options and set(options) <= accepted, (options, accepted)


def test_health_checks_ask_routes_the_app_serves() -> None:
    served = {entry.path for entry in route_entries()}
    docker_check = re.search(r"HEALTHCHECK[^\n]*\n\s*CMD .*?127\.0\.0\.1:8000(/\w+)", DOCKERFILE)
    haproxy_check = re.search(r"option httpchk GET (\S+)", HAPROXY)
    assert docker_check and haproxy_check
    assert {docker_check[1], haproxy_check[1]} == {"/readyz"} <= served


def test_the_load_balancer_sends_traffic_to_the_compose_app_servers() -> None:
    services = COMPOSE["services"]
    backends = re.findall(r"^\s*server (\S+) (\S+):(\d+)", HAPROXY, re.MULTILINE)
    assert len(backends) >= 2
    for name, host, port in backends:
        assert host in services and port == "8000", (name, host)
        assert services[host]["image"] == services["app1"]["image"]
    mounted = [v.split(":")[0] for v in services["lb"]["volumes"]]
    assert all((ROOT / path).exists() for path in mounted), mounted
    # The app servers publish no port: only the load balancer reaches them (what FORWARDED_ALLOW_IPS="*" assumes).
    assert all("ports" not in services[host] for _, host, _ in backends)


def test_the_database_is_postgis_and_the_image_fits_the_package() -> None:
    assert COMPOSE["services"]["db"]["image"].startswith("postgis/postgis:")
    url = COMPOSE["services"]["app1"]["environment"]["RECOVERYNAV_DATABASE_URL"]
    assert url.startswith("postgresql+psycopg://") and "@db:5432/" in url
    wanted = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["requires-python"]
    bases = re.findall(r"^FROM python:(\d+)\.(\d+)-slim", DOCKERFILE, re.MULTILINE)
    assert bases and all((int(a), int(b)) >= (3, 11) for a, b in bases) and wanted == ">=3.11"
    # WeasyPrint's Pango, as scripts/serve installs it, and a user that is not root.
    for package in re.findall(r"libpango[\w.-]+", (ROOT / "scripts" / "serve").read_text(encoding="utf-8")):
        assert package in DOCKERFILE
    assert re.search(r"^USER (?!root)\S+", DOCKERFILE, re.MULTILINE)
