"""``recoverynav drug NAME``: a readable, cited monograph (or ``--json``).

The click command is a thin wrapper: what it prints is :func:`recoverynav.cli.monograph.drug_output`, which the
fast dispatch (:mod:`recoverynav.cli.quickdrug`, before click is imported) prints too.
"""

from __future__ import annotations

import click

from recoverynav.cli.errors import InputError
from recoverynav.cli.monograph import drug_output
from recoverynav.knowledge import UnknownNameError


@click.command()
@click.argument("name")
@click.option(
    "--lang",
    type=click.Choice(["en", "es"]),
    default=None,
    help="Language: en or es; a monograph not yet translated prints in English [default: from LC_ALL, LC_MESSAGES "
    "or LANG].",
)
@click.option("--json", "as_json", is_flag=True, help="Print the monograph as JSON.")
def drug(name: str, lang: str | None, as_json: bool) -> None:
    """Show the cited monograph for NAME (generic, brand, street name or misspelling)."""
    try:
        printed = drug_output(name, lang, as_json)
    except UnknownNameError as exc:
        raise InputError(str(exc)) from exc
    for line, to_stderr in printed:
        click.echo(line, err=to_stderr)
