"""``recoverynav overdose``: what to do now, step by step, for the signs a bystander sees."""

from __future__ import annotations

import json
import textwrap

import click

from recoverynav.cli.errors import InputError
from recoverynav.emergency.models import SIGN_IDS


@click.command()
@click.option(
    "--sign",
    "signs",
    multiple=True,
    type=click.Choice(SIGN_IDS),
    help="A sign you see (repeat for several).",
)
@click.option("--substance", "substances", multiple=True, help="What may have been taken, any name (repeatable).")
@click.option(
    "--country", default=None, help="ISO 3166 two-letter code for the numbers [default: RECOVERYNAV_COUNTRY]."
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def overdose(signs: tuple[str, ...], substances: tuple[str, ...], country: str | None, as_json: bool) -> None:
    """Overdose first aid: call first, then the ordered, cited steps for what you see."""
    from recoverynav.emergency import UnknownCountryError, first_aid_steps
    from recoverynav.settings import get_settings

    # An empty --country is a mistake to name, not a wish for the default country's numbers.
    try:
        result = first_aid_steps(signs, substances, get_settings().country if country is None else country)
    except UnknownCountryError as exc:
        raise InputError(f"--country: {exc}") from exc
    for match in result.substances:
        if not match.known:
            click.echo(
                f"Note: {match.query!r} is not in the knowledge base; treating the substance as unknown.", err=True
            )
        elif match.corrected:
            click.echo(f"Did you mean {match.name}? Using {match.name}.", err=True)
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return
    lines = [f"EMERGENCY NUMBER: {result.emergency_number}"]
    if result.poison_centre:
        lines.append(f"{result.poison_centre.name}: {result.poison_centre.number}")
    lines.append("")
    for n, step in enumerate(result.steps, 1):
        lines.append(f"{n}. {step.title.upper()}")
        lines.append(textwrap.fill(step.text, width=88, initial_indent="   ", subsequent_indent="   "))
        lines.append(f"   Sources: {', '.join(step.sources)}")
    lines += ["", "Information, not medical advice. `recoverynav overdose --help` lists the signs."]
    click.echo("\n".join(lines))
