"""``recoverynav serve``: the web site and JSON API on uvicorn."""

from __future__ import annotations

import ipaddress
import os
import re
from typing import TYPE_CHECKING

import click

from recoverynav.cli.errors import InputError

WORKER_HEALTHCHECK_SECONDS = 30

if TYPE_CHECKING:
    from fastapi import FastAPI

_HOST_NAME = re.compile(
    r"(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*"
)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="TCP port.")
@click.option(
    "--workers",
    type=click.IntRange(1, 256),
    help="Server processes answering requests  [default: the number of CPU cores; 1 with --reload]",
)
@click.option("--reload", is_flag=True, help="Restart on code changes (development; one worker).")
def serve(host: str, port: int, workers: int | None, reload: bool) -> None:
    """Run the web site and JSON API (http://HOST:PORT, OpenAPI at /openapi.json)."""
    if not _listenable(host):
        raise InputError(f"--host: {host[:80]!r} is not an IP address or host name (e.g. 127.0.0.1, 0.0.0.0, ::1)")
    if reload and workers not in (None, 1):
        raise InputError(f"--workers: --reload runs one worker; leave --workers {workers} out or drop --reload")
    count = 1 if reload else (workers or os.cpu_count() or 1)
    import logging.config

    import uvicorn

    from recoverynav.logs import log_config
    from recoverynav.serving import server_options
    from recoverynav.startup import prepare

    # Every log line (ours, uvicorn's, tracebacks) goes through one formatter that never prints input.
    logging.config.dictConfig(log_config("INFO"))
    # Migrations and bundled imports once, here, before any worker starts: workers only read what this made.
    prepare()
    plural = "s" if count > 1 else ""
    click.echo(f"recoverynav on http://{host}:{port}, {count} worker{plural}  (Ctrl+C to stop)")
    # uvicorn's access log prints query strings (signs, substances, places): ours logs route templates only.
    uvicorn.run(
        # A reloaded worker may bring a new migration: it prepares on first use, as without workers.
        "recoverynav.app:create_app" if reload else "recoverynav.cli.serve:worker_app",
        factory=True,
        host=host,
        port=port,
        reload=reload,
        workers=count,
        # A worker busy on a loaded machine may not answer uvicorn's ping within its default 5 s; killing it would
        # drop every request it holds. A hung worker is still replaced, after 30 s.
        timeout_worker_healthcheck=WORKER_HEALTHCHECK_SECONDS,
        # Logs through recoverynav.logs (no uvicorn access log), graceful shutdown, the workers' metrics folder.
        **server_options(),
    )


def worker_app() -> FastAPI:
    """The application in one worker process of ``serve``: the parent prepared the data, so no step runs again."""
    from recoverynav.app import create_app
    from recoverynav.startup import prepare_worker

    prepare_worker()
    return create_app()


def _listenable(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return _HOST_NAME.fullmatch(host) is not None
    return True
