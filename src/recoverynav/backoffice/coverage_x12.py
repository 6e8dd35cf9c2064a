"""The coverage check's X12 both ways: a 270 built by ``coverage.build_270`` from the consultant's question, and a
271 read by ``coverage.parse_271`` into the case's :class:`CoverageSummary` (the same form a phone check fills).

The summary keeps what a verification of benefits asks (Kipu's VOB form; the issue's list): active or not, plan
and dates, co-payment and co-insurance in and out of network, the deductible and out-of-pocket still to meet,
prior authorisation, limits, the payer's messages, and AAA rejections in words. Benefits count when they name
one of the service types asked; the deductible and out-of-pocket also when they are the plan's (type 30).

Usage::

    codec = X12Codec()
    text = codec.request(subscriber, inquiry, provider, now=now)      # a 005010X279A1 270
    codec.summary(x12_271, ("AI", "CJ"))                              # CoverageSummary(active=True, ...)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

from pydantic import ValidationError

from recoverynav.backoffice.coverage_checks import CoverageInquiry, CoverageSummary, Provider, Subscriber
from recoverynav.coverage import (
    Benefit,
    BenefitSummary,
    EligibilityInquiry,
    Member,
    Party,
    Rejection,
    build_270,
    parse_271,
)
from recoverynav.errors import InputRejected

_CENT = Decimal("0.01")
_FRACTION = Decimal("0.0001")


class X12Codec:
    """:class:`recoverynav.backoffice.CoverageCodec` on the coverage capability's X12 reader and writer."""

    def request(self, subscriber: Subscriber, inquiry: CoverageInquiry, provider: Provider, *, now: datetime) -> str:
        """The 270 (one segment a line); InputRejected naming the field (never the value) when it cannot be built."""
        try:
            question = EligibilityInquiry(
                payer=Party(name=inquiry.payer_name, id=inquiry.payer_id, id_qualifier="PI"),
                provider=Party(name=provider.name, id=provider.npi, id_qualifier="XX"),
                subscriber=Member(
                    last_name=subscriber.last_name,
                    first_name=subscriber.first_name,
                    member_id=subscriber.member_id,
                    birth_date=subscriber.birth_date,
                ),
                service_types=list(inquiry.service_types),
                service_date=now.date(),
            )
        except ValidationError as exc:
            # hide_input_in_errors: the messages name fields, never values.
            first = exc.errors()[0]
            raise InputRejected(
                str(first.get("msg", "the 270 cannot be built")).removeprefix("Value error, ")
            ) from None
        return build_270(question)

    def summary(self, x12_271: str, service_types: tuple[str, ...]) -> CoverageSummary:
        """The summary for ``service_types`` of the first person the 271 answers for (rejections from all)."""
        people = parse_271(x12_271)
        if not people:
            raise InputRejected("x12_271: the answer holds no 271 transaction")
        return summarise(people, service_types)


def _asked(benefit: Benefit, asked: set[str], plan_wide: bool = False) -> bool:
    named = set(benefit.service_types)
    return bool(named & asked) or (plan_wide and (not named or "30" in named))


def _money(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(_CENT)


def _first(
    benefits: Iterable[Benefit], code: str, network: str | None = None, period: str | None = None
) -> Benefit | None:
    for benefit in benefits:
        if benefit.code != code:
            continue
        if network is not None and benefit.network != network:
            continue
        if period is not None and benefit.period != period:
            continue
        return benefit
    return None


def rejection_words(rejection: Rejection) -> str:
    """An AAA in words: what the payer said and what to do next."""
    text = f"{rejection.meaning} (code {rejection.code})"
    if rejection.follow_up:
        text += f"; {rejection.follow_up}"
    return text[:300]


def _line(benefit: Benefit) -> str:
    parts = [benefit.meaning or f"benefit {benefit.code}"]
    if benefit.service_types:
        parts.append(" ".join(benefit.service_types[:12]))
    if benefit.network:
        parts.append(f"{benefit.network} of network" if benefit.network == "out" else "in network")
    if benefit.amount is not None:
        parts.append(f"${_money(benefit.amount)}")
    if benefit.percent is not None:
        parts.append(f"{(benefit.percent * 100).normalize():f} %")
    if benefit.quantity is not None:
        parts.append(f"{benefit.quantity:g} {benefit.quantity_meaning or benefit.quantity_qualifier or ''}".strip())
    if benefit.period_meaning:
        parts.append(f"per {benefit.period_meaning}" if benefit.period != "29" else benefit.period_meaning.lower())
    if benefit.authorization_required:
        parts.append("prior authorisation required")
    return ", ".join(parts)


def summarise(people: list[BenefitSummary], service_types: tuple[str, ...]) -> CoverageSummary:
    """The case's summary from parsed 271s (see the module docstring for which benefits count)."""
    person = people[0]
    asked = set(service_types)
    relevant = [b for b in person.benefits if _asked(b, asked)]
    plan_wide = [b for b in person.benefits if _asked(b, asked, plan_wide=True)]
    copay_in, copay_out = _first(relevant, "B", "in"), _first(relevant, "B", "out")
    coins_in, coins_out = _first(relevant, "A", "in"), _first(relevant, "A", "out")
    deductible, out_of_pocket = _first(plan_wide, "C", period="29"), _first(plan_wide, "G", period="29")
    authorisations = [b.authorization_required for b in relevant if b.authorization_required is not None]
    limits = [
        f"{b.quantity:g} {b.quantity_meaning or b.quantity_qualifier or ''}".strip()
        + (f" per {b.period_meaning}" if b.period_meaning else "")
        for b in relevant
        if b.code == "F" and b.quantity is not None
    ]
    lines = [_line(b) for b in plan_wide if b.code not in ("1", "6")]
    messages = [m for b in plan_wide for m in b.messages]
    notes = "\n".join([*lines, *messages])
    return CoverageSummary(
        active=person.active,
        plan=(person.plan.name or "")[:120],
        plan_begin=person.plan.begin,
        plan_end=person.plan.end,
        copay_in_network=_money(copay_in.amount) if copay_in else None,
        copay_out_of_network=_money(copay_out.amount) if copay_out else None,
        coinsurance_in_network=coins_in.percent.quantize(_FRACTION)
        if coins_in and coins_in.percent is not None
        else None,
        coinsurance_out_of_network=(
            coins_out.percent.quantize(_FRACTION) if coins_out and coins_out.percent is not None else None
        ),
        deductible_remaining=_money(deductible.amount) if deductible else None,
        out_of_pocket_remaining=_money(out_of_pocket.amount) if out_of_pocket else None,
        prior_authorization=any(authorisations) if authorisations else None,
        limits="; ".join(limits)[:300],
        notes=notes[:2000],
        rejections=[rejection_words(r) for p in people for r in p.rejections][:10],
    )
