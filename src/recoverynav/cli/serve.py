"""``recoverynav serve``: the web site and JSON API on uvicorn."""

from __future__ import annotations

import click


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="TCP port.")
@click.option("--reload", is_flag=True, help="Restart on code changes (development).")
def serve(host: str, port: int, reload: bool) -> None:
    """Run the web site and JSON API (http://HOST:PORT, OpenAPI at /openapi.json)."""
    import logging.config

    import uvicorn

    from recoverynav.logs import log_config
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
        log_config=log_config("INFO"),
        access_log=False,
    )
