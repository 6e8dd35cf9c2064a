"""``recoverynav serve``: the web site and JSON API on uvicorn."""

from __future__ import annotations

import ipaddress
import re

import click

from recoverynav.cli.errors import InputError

_HOST_NAME = re.compile(
    r"(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*"
)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="TCP port.")
@click.option("--reload", is_flag=True, help="Restart on code changes (development).")
def serve(host: str, port: int, reload: bool) -> None:
    """Run the web site and JSON API (http://HOST:PORT, OpenAPI at /openapi.json)."""
    if not _listenable(host):
        raise InputError(f"--host: {host[:80]!r} is not an IP address or host name (e.g. 127.0.0.1, 0.0.0.0, ::1)")
    import logging.config

    import uvicorn

    from recoverynav.logs import log_config
    from recoverynav.serving import server_options
    from recoverynav.startup import prepare

    # Every log line (ours, uvicorn's, tracebacks) goes through one formatter that never prints input.
    logging.config.dictConfig(log_config("INFO"))
    prepare()
    click.echo(f"recoverynav on http://{host}:{port}  (Ctrl+C to stop)")
    # uvicorn's access log prints query strings (signs, substances, places): ours logs route templates only.
    uvicorn.run(
        "recoverynav.app:create_app",
        factory=True,
        host=host,
        port=port,
        reload=reload,
        # Logs through recoverynav.logs (no uvicorn access log), graceful shutdown, the workers' metrics folder.
        **server_options(),
    )


def _listenable(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return _HOST_NAME.fullmatch(host) is not None
    return True
