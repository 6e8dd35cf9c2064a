"""``recoverynav coverage``: eligibility files (X12 270/271) read and written; the payment guide joins it.

Member ids, names and birth dates are personal data: an error here names the option or the segment, never
the value.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import click

from recoverynav.cli.errors import InputError
from recoverynav.cli.params import SafePath

# The largest file `coverage parse` reads: a batch 271 of many thousand people is a few megabytes.
MAX_FILE_BYTES = 20_000_000


@click.group()
def coverage() -> None:
    """Will my insurance pay? Read a 271 eligibility answer, write a 270 inquiry."""


@coverage.command("parse")
@click.argument("file", type=SafePath(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print {transactions: [...]} as JSON.")
def parse(file: Path, as_json: bool) -> None:
    """Read an X12 5010 eligibility FILE (271 answers, 270 inquiries) and say what it holds, in words."""
    from recoverynav.coverage import decode_x12, eligibility_json, plain_code_lists

    if not file.is_file():
        raise InputError(f"FILE: {str(file)[:200]!r} is not a file")
    if file.stat().st_size > MAX_FILE_BYTES:
        raise InputError(f"FILE: larger than {MAX_FILE_BYTES:,} bytes; an eligibility file is far smaller")
    text = decode_x12(file.read_bytes())
    # 271s read as plain data (no pydantic); a 270 in the file, or a value the plain data does not write as the
    # models do, goes the full way. An unreadable file raises the same error either way (the same reader).
    items = eligibility_json(text)
    if items is None:
        from recoverynav.coverage import load_code_lists, read_eligibility

        items = [item.model_dump(mode="json") for item in read_eligibility(text)]
        names = load_code_lists().service_types
    else:
        names = plain_code_lists().service_types
    if as_json:
        click.echo(json.dumps({"transactions": items}, ensure_ascii=False, indent=2))
        return
    for number, item in enumerate(items, start=1):
        if number > 1:
            click.echo("")
        click.echo("\n".join(_describe(item, names)))


def _name(member: dict[str, Any] | None) -> str:
    if not member:
        return "-"
    name = ", ".join(p for p in (member.get("last_name"), member.get("first_name")) if p) or "(no name)"
    extra = [f"member id {member['member_id']}"] if member.get("member_id") else []
    if member.get("birth_date"):
        extra.append(f"born {member['birth_date']}")
    return name + (f" ({', '.join(extra)})" if extra else "")


def _party(party: dict[str, Any] | None) -> str:
    if not party or not party.get("name"):
        return "-"
    ident = f" ({party['id_qualifier']} {party['id']})" if party.get("id") else ""
    return " ".join(p for p in (party.get("first_name"), party["name"]) if p) + ident


# EB06 time periods that say which amount it is rather than a unit it is paid per.
_NOT_A_UNIT = frozenset({"24", "29", "30", "31", "32", "33"})


def _money(value: float) -> str:
    return f"${value:,.2f}"


def _benefit_line(benefit: dict[str, Any], names: dict[str, str]) -> str:
    parts = [benefit.get("meaning") or f"code {benefit['code']}"]
    if benefit.get("coverage_level") not in (None, "IND"):
        parts.append(f"[{benefit['coverage_level']}]")
    if benefit.get("amount") is not None:
        parts.append(_money(benefit["amount"]))
    if benefit.get("percent") is not None:
        parts.append(f"{benefit['percent'] * 100:g} %")
    if benefit.get("quantity") is not None:
        parts.append(f"{benefit['quantity']:g} {(benefit.get('quantity_meaning') or '').lower()}".rstrip())
    if benefit.get("period_meaning"):
        # "Remaining", "Lifetime", "Year to Date"... qualify the amount; the others are a unit ("per visit").
        per = "" if benefit.get("period") in _NOT_A_UNIT else "per "
        parts.append(per + benefit["period_meaning"].lower())
    parts.append({"in": "in network", "out": "out of network"}.get(benefit.get("network") or "", ""))
    if benefit.get("authorization_required") is True:
        parts.append("PRIOR AUTHORIZATION REQUIRED")
    elif benefit.get("authorization_required") is False:
        parts.append("no authorization needed")
    if benefit.get("description"):
        parts.append(f"({benefit['description']})")
    line = " ".join(p for p in parts if p)
    if benefit.get("service_types"):
        line += " - " + ", ".join(f"{c} {names.get(c, '')}".rstrip() for c in benefit["service_types"])
    return line


def _describe(item: dict[str, Any], names: dict[str, str]) -> list[str]:
    """One transaction (as JSON data) in words; ``names`` are the service types' X12 names."""
    if item["transaction_set"] == "270":
        lines = [
            f"270 inquiry {item['control_number']} to {_party(item['payer'])}",
            f"  from: {_party(item['provider'])}",
            f"  subscriber: {_name(item['subscriber'])}",
        ]
        if item.get("dependent"):
            lines.append(f"  dependent: {_name(item['dependent'])}")
        lines.append("  asks about: " + ", ".join(f"{c} {names.get(c, '')}".rstrip() for c in item["service_types"]))
        return lines
    active = {True: "ACTIVE", False: "NOT ACTIVE", None: "not stated"}[item["active"]]
    plan = item["plan"]
    lines = [
        f"271 answer {item['control_number']} from {_party(item['payer'])}",
        f"  to: {_party(item['provider'])}",
        f"  subscriber: {_name(item['subscriber'])}",
    ]
    if item.get("dependent"):
        lines.append(f"  dependent: {_name(item['dependent'])}")
    begin, end = plan.get("begin"), plan.get("end")
    span = f"{begin} to {end}" if begin and end else f"from {begin}" if begin else f"until {end}" if end else ""
    lines.append(
        f"  coverage: {active}"
        + (f" - plan {plan['name']}" if plan.get("name") else "")
        + (f", {span}" if span else "")
    )
    for benefit in item["benefits"]:
        lines.append("  - " + _benefit_line(benefit, names))
        lines += [f"      message: {m}" for m in benefit["messages"]]
    for rejection in item["rejections"]:
        follow = f"; next: {rejection['follow_up']}" if rejection.get("follow_up") else ""
        lines.append(f"  REJECTED ({rejection['level']}): {rejection['code']} {rejection['meaning']}{follow}")
    return lines


@coverage.command("request")
@click.option("--payer-id", required=True, help="The payer's id (from the clearinghouse's payer list).")
@click.option("--payer-name", required=True, help="The payer's name.")
@click.option("--provider-npi", required=True, help="Your NPI (10 digits; the check digit is verified).")
@click.option("--provider-name", required=True, help="Your organisation's name.")
@click.option("--member-id", required=True, help="The member id on the insurance card.")
@click.option("--first-name", required=True, help="The subscriber's first name as on the card.")
@click.option("--last-name", required=True, help="The subscriber's last name as on the card.")
@click.option("--birth-date", required=True, help="The subscriber's birth date, YYYY-MM-DD.")
@click.option(
    "--service-type",
    "service_types",
    multiple=True,
    required=True,
    help="X12 service type code (repeatable): AI substance use, CI/CJ facility in/outpatient, MH, 30 plan...",
)
@click.option(
    "--output", type=SafePath(dir_okay=False, path_type=Path), help="Write the 270 here instead of printing it."
)
def request(
    payer_id: str,
    payer_name: str,
    provider_npi: str,
    provider_name: str,
    member_id: str,
    first_name: str,
    last_name: str,
    birth_date: str,
    service_types: tuple[str, ...],
    output: Path | None,
) -> None:
    """Write a 5010 270 eligibility inquiry (005010X279A1) for one subscriber."""
    from pydantic import ValidationError

    from recoverynav.coverage import EligibilityInquiry, InquiryRejected, Member, Party, build_270, is_valid_npi

    npi = provider_npi.strip()
    if not is_valid_npi(npi):
        raise InputError(
            "--provider-npi: not a valid NPI (10 digits whose last is the Luhn check digit); check the number"
        )
    try:
        born = dt.date.fromisoformat(birth_date.strip())
    except ValueError:
        raise InputError("--birth-date: give the date as YYYY-MM-DD (e.g. 1980-01-31)") from None
    if not dt.date(1900, 1, 1) <= born <= dt.date.today():
        raise InputError("--birth-date: give a date between 1900-01-01 and today")
    codes = [c.strip().upper() for c in service_types]
    options = {
        "service_types": "--service-type",
        "payer.name": "--payer-name",
        "payer.id": "--payer-id",
        "payer": "--payer-name/--payer-id",
        "provider.name": "--provider-name",
        "provider.id": "--provider-npi",
        "subscriber.member_id": "--member-id",
        "subscriber.first_name": "--first-name",
        "subscriber.last_name": "--last-name",
    }
    try:
        inquiry = EligibilityInquiry(
            payer=Party(name=payer_name.strip(), id=payer_id.strip(), id_qualifier="PI"),
            provider=Party(name=provider_name.strip(), id=npi, id_qualifier="XX"),
            subscriber=Member(
                last_name=last_name.strip(), first_name=first_name.strip(), member_id=member_id.strip(), birth_date=born
            ),
            service_types=codes,
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        message = str(first["msg"]).removeprefix("Value error, ")
        field, _, reason = message.partition(": ")
        if field in options:
            raise InputError(f"{options[field]}: {reason}") from None
        where = ".".join(str(p) for p in first["loc"]) or "input"
        raise InputError(f"{options.get(where, where)}: {message}") from None
    try:
        text = build_270(inquiry)
    except InquiryRejected as exc:
        field, _, reason = str(exc).partition(": ")
        raise InputError(f"{options.get(field, field)}: {reason}") from None
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        output.write_text(text, encoding="ascii")
    except OSError as exc:
        raise InputError(f"--output: cannot write {str(output)[:200]!r} ({exc.strerror or 'error'})") from None
    click.echo(f"270 written to {output} ({text.count(chr(10))} segments)", err=True)


# The guide's payment types (recoverynav.coverage.PAYMENT_TYPES), spelled out so start-up imports nothing;
# tests/cli/test_coverage_guide.py fails if the two lists part.
GUIDE_PAYMENTS = "medicaid, medicare, private, military, va, ihs, state, none"


@coverage.command("guide")
@click.option("--payment", required=True, help=f"How you pay: {GUIDE_PAYMENTS}.")
@click.option("--state", required=True, help="Two-letter code of your state, DC or territory (VA, TX, PR...).")
@click.option(
    "--lang",
    type=click.Choice(["en", "es"]),
    default=None,
    help="Language of the answer: en or es [default: from LC_ALL, LC_MESSAGES or LANG, e.g. LANG=es_US.UTF-8].",
)
@click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON (the API's), with `codes`.")
def guide(payment: str, state: str, lang: str | None, as_json: bool) -> None:
    """Where can I pay: what PAYMENT usually covers for substance use treatment in STATE, cited, and where to search.

    With ``--lang es`` (or a Spanish terminal) the statements, labels and the Medicaid row are the guide's Spanish
    (``guide.yaml``'s ``es:`` blocks) with the same sources; ``--json`` prints the same shape in that language.
    """
    from recoverynav.cli.guide_bundle import compiled_guide
    from recoverynav.cli.overdose import environment_language, negotiate_one
    from recoverynav.i18n import use_language

    language = environment_language() if lang is None else negotiate_one(lang)
    # The compiled answers (cli/_guide/); a payment or state they do not hold goes the full way, which names it.
    shaped, every = compiled_guide(payment, state, language) or _full_guide(payment, state, language)
    if as_json:
        click.echo(json.dumps(shaped, ensure_ascii=False, indent=2))
        return
    with use_language(language):
        click.echo("\n".join(_guide_lines(shaped, every)))


def _full_guide(payment: str, state: str, lang: str) -> tuple[dict[str, Any], str | None]:
    from recoverynav.cli.guide_bundle import full_guide
    from recoverynav.coverage import UnknownPaymentError, UnknownStateError

    try:
        return full_guide(payment, state, lang)
    except (UnknownPaymentError, UnknownStateError) as exc:
        message = str(exc).removeprefix(f"{exc.field}: ")
        raise InputError(f"--{exc.field}: {message}") from exc


def _marks(marks: list[int]) -> str:
    return "".join(f"[{n}]" for n in marks)


def _guide_lines(answer: dict[str, Any], every: str | None) -> list[str]:
    """The answer as text in the current language; ``every`` is the ``recoverynav find`` line for the whole state.

    The headings are the /coverage page's own words (the same catalogue messages)."""
    from recoverynav.i18n import gettext as _
    from recoverynav.references import citation_line

    state = answer["state_name"]
    lines = [_("%(payment)s in %(state)s") % {"payment": answer["payment_label"], "state": state}, ""]
    sections = (
        (_("What it usually covers"), "covers"),
        (_("How to use it"), "route"),
        (_("Ask before you start"), "questions"),
    )
    for title, key in sections:
        if answer[key]:
            lines.append(title)
            lines += [f"  - {s['text']} {_marks(s['marks'])}" for s in answer[key]]
            lines.append("")
    medicaid = answer["medicaid"]
    note = f" {medicaid['note']}" if medicaid["note"] else ""
    table = _("(KFF's table as published on %(date)s.)") % {"date": medicaid["as_of"]}
    lines.append(f"{_('Medicaid expansion in %(state)s') % {'state': state}} {table}")
    lines.append(f"  {medicaid['text']}{note} {_marks(medicaid['marks'])}")
    lines += [f"  - {s['text']} {_marks(s['marks'])}" for s in answer["apply"]]
    lines += ["", _("Search for programs")]
    for search in answer["searches"]:
        codes = _("(SAMHSA payment codes: %(codes)s)") % {"codes": ", ".join(search["codes"])}
        lines.append(f"  {search['label']}: {search['url']}  {codes}")
    every_program = _("Every program listed in %(state)s") % {"state": state}
    lines.append(f"  {every_program}: {answer['all_programs_url']}  ({every})")
    lines += ["", _("Sources")]
    for citation in answer["citations"]:
        # ``Citation.model_validate(citation).text()`` without pydantic: the same one line.
        text = citation_line(citation.get("authors"), citation["title"], citation["source"], citation["year"])
        lines.append(f"  [{citation['n']}] {text} {citation['link']}")
    return lines
