"""Reading a 271 (005010X279A1) into one :class:`BenefitSummary` per person it answers for.

The 271's hierarchy (HL03): 20 information source (payer) > 21 information receiver (provider) > 22 subscriber
> 23 dependent. Each EB segment opens a benefit (loop 2110) that collects the MSG, DTP and AAA segments after
it; NM1 inside LS..LE (loop 2120, a related entity) is not the person. AAA rejections are kept at every level.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any, Protocol

from recoverynav.coverage.x12_segments import Delimiters, Segment, Transaction, read_transactions

if TYPE_CHECKING:
    from recoverynav.coverage.benefits import BenefitSummary

__all__ = ["CodeLists", "parse_271", "plain_summaries", "summarise_271"]

_LEVELS = {"20": "payer", "21": "provider", "22": "subscriber", "23": "dependent"}

# The reader builds plain dicts shaped (and ordered) like the models in ``benefits`` and validates them into
# those models last: ``recoverynav coverage parse`` prints the same dicts without importing pydantic
# (``x12_plain``), and tests/coverage/test_x12_plain.py holds the two to the same JSON.
Data = dict[str, Any]


class CodeLists(Protocol):
    """The code lists the reader uses: :class:`~recoverynav.coverage.x12_codes.X12CodeLists` or the plain copy."""

    @property
    def eligibility_codes(self) -> dict[str, str]: ...
    @property
    def active_codes(self) -> list[str]: ...
    @property
    def inactive_codes(self) -> list[str]: ...
    @property
    def time_periods(self) -> dict[str, str]: ...
    @property
    def quantity_qualifiers(self) -> dict[str, str]: ...
    @property
    def reject_reasons(self) -> dict[str, str]: ...
    @property
    def follow_up_actions(self) -> dict[str, str]: ...
    @property
    def date_qualifiers(self) -> dict[str, str]: ...


@dataclass
class _Node:
    """One HL level and what was said at it."""

    level: str  # HL03
    parent: str | None
    party: Data | None = None
    member: Data | None = None
    dates: list[Data] = field(default_factory=list)
    traces: list[str] = field(default_factory=list)
    rejections: list[Data] = field(default_factory=list)
    benefits: list[Data] = field(default_factory=list)


def parse_date(qualifier: str, value: str) -> tuple[dt.date | None, dt.date | None]:
    """A DTP/DMG date (D8 CCYYMMDD or RD8 CCYYMMDD-CCYYMMDD) as (start, end); unreadable parts are None."""

    def one(text: str) -> dt.date | None:
        try:
            return dt.datetime.strptime(text, "%Y%m%d").date() if len(text) == 8 else None
        except ValueError:
            return None

    if qualifier == "RD8" and "-" in value:
        start, end = value.split("-", 1)
        return one(start), one(end)
    day = one(value)
    return day, day


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text) if text else None
    except InvalidOperation:
        return None
    # An amount a float cannot hold (1E400) would be written as Infinity, which is not JSON: unreadable, like "abc".
    return value if value is not None and value.is_finite() and math.isfinite(float(value)) else None


def _percent(text: str) -> Decimal | None:
    value = _decimal(text)
    # 5010 writes EB08 as a fraction (0.2 is 20 %); a coinsurance above 1 can only be a payer writing percent
    # points (20 for 20 %), which would otherwise read as 2000 %.
    if value is not None and value > 1:
        return value / 100
    return value


def _yes_no(text: str) -> bool | None:
    return {"Y": True, "N": False}.get(text)


def _rejection(segment: Segment, level: str, codes: CodeLists) -> Data:
    code, follow = segment.element(3), segment.element(4) or None
    return {
        "code": code,
        "meaning": codes.reject_reasons.get(code, f"reject reason {code[:3]} (not in the 5010 list)"),
        "follow_up_code": follow,
        "follow_up": codes.follow_up_actions.get(follow) if follow else None,
        "valid_request": _yes_no(segment.element(1)),
        "level": level,
    }


def _dated(segment: Segment, codes: CodeLists) -> Data:
    start, end = parse_date(segment.element(2), segment.element(3))
    qualifier = segment.element(1)
    return {"qualifier": qualifier, "meaning": codes.date_qualifiers.get(qualifier), "start": start, "end": end}


def _benefit(segment: Segment, delimiters: Delimiters, codes: CodeLists) -> Data:
    code = segment.element(1)
    period, qualifier = segment.element(6) or None, segment.element(9) or None
    procedure = segment.element(13)
    return {
        "code": code,
        "meaning": codes.eligibility_codes.get(code),
        "service_types": segment.repeats(3, delimiters),
        "coverage_level": segment.element(2) or None,
        "insurance_type": segment.element(4) or None,
        "description": segment.element(5) or None,
        "period": period,
        "period_meaning": codes.time_periods.get(period) if period else None,
        "amount": _decimal(segment.element(7)),
        "percent": _percent(segment.element(8)),
        "quantity_qualifier": qualifier,
        "quantity_meaning": codes.quantity_qualifiers.get(qualifier) if qualifier else None,
        "quantity": _decimal(segment.element(10)),
        "authorization_required": _yes_no(segment.element(11)),
        "network": {"Y": "in", "N": "out"}.get(segment.element(12)),
        "procedure": ":".join(p for p in procedure.split(delimiters.component) if p) or None,
        "messages": [],
        "dates": [],
        "rejections": [],
    }


def _walk(transaction: Transaction, codes: CodeLists) -> dict[str, _Node]:
    nodes: dict[str, _Node] = {}
    node: _Node | None = None
    benefit: Data | None = None
    in_related_entity = False
    for segment in transaction.segments:
        tag = segment.tag
        if tag == "HL":
            node = _Node(level=segment.element(3), parent=segment.element(2) or None)
            nodes[segment.element(1) or str(len(nodes) + 1)] = node
            benefit, in_related_entity = None, False
            continue
        if node is None:
            continue  # BHT, before the first HL
        if tag == "LS":
            in_related_entity = True
        elif tag == "LE":
            in_related_entity = False
        elif in_related_entity:
            continue
        elif tag == "EB":
            benefit = _benefit(segment, transaction.delimiters, codes)
            node.benefits.append(benefit)
        elif tag == "MSG" and benefit is not None:
            benefit["messages"].append(segment.element(1))
        elif tag == "AAA":
            if benefit is not None:
                benefit["rejections"].append(_rejection(segment, "benefit", codes))
            else:
                node.rejections.append(_rejection(segment, _LEVELS.get(node.level, "payer"), codes))
        elif tag == "DTP":
            target = benefit["dates"] if benefit is not None else node.dates
            target.append(_dated(segment, codes))
        elif tag == "TRN":
            node.traces.append(segment.element(2))
        elif tag == "NM1" and benefit is None:
            _name(node, segment)
        elif tag == "DMG" and node.member is not None and benefit is None:
            born, _ = parse_date(segment.element(1), segment.element(2))
            gender = segment.element(3)
            node.member = {**node.member, "birth_date": born, "gender": gender if gender in ("F", "M", "U") else None}
    return nodes


def _name(node: _Node, segment: Segment) -> None:
    if node.level in ("22", "23"):
        node.member = {
            "last_name": segment.element(3) or None,
            "first_name": segment.element(4) or None,
            "middle_name": segment.element(5) or None,
            "member_id": segment.element(9) or None,
            "birth_date": None,
            "gender": None,
        }
    else:
        node.party = {
            "name": segment.element(3) or None,
            "first_name": segment.element(4) or None,
            "id": segment.element(9) or None,
            "id_qualifier": segment.element(8) or None,
        }


def _chain(nodes: dict[str, _Node], start: _Node) -> list[_Node]:
    """``start`` and its ancestors, nearest first (a parent loop is cut rather than followed forever)."""
    chain, seen, node = [start], set(), start
    while node.parent and node.parent in nodes and node.parent not in seen:
        seen.add(node.parent)
        node = nodes[node.parent]
        chain.append(node)
    return chain


def _plan(benefits: list[Data], dates: list[Data], codes: CodeLists) -> Data:
    active = [b for b in benefits if b["code"] in codes.active_codes]
    named = next((b for b in [*active, *benefits] if b["description"]), None)
    by_qualifier = {d["qualifier"]: d for d in dates}
    begin = next((by_qualifier[q]["start"] for q in ("346", "356", "291", "307") if q in by_qualifier), None)
    end = next(
        (
            by_qualifier[q]["end"]
            for q in ("347", "357", "291", "307")
            if q in by_qualifier and (q in ("347", "357") or by_qualifier[q]["end"] != by_qualifier[q]["start"])
        ),
        None,
    )
    return {
        "name": named["description"] if named else None,
        "insurance_type": next((b["insurance_type"] for b in [*active, *benefits] if b["insurance_type"]), None),
        "begin": begin,
        "end": end,
    }


def _active(benefits: list[Data], codes: CodeLists) -> bool | None:
    if any(b["code"] in codes.active_codes for b in benefits):
        return True
    if any(b["code"] in codes.inactive_codes for b in benefits):
        return False
    return None


def _summary(transaction: Transaction, nodes: dict[str, _Node], patient: _Node, codes: CodeLists) -> Data:
    chain = _chain(nodes, patient)
    by_level = {n.level: n for n in reversed(chain)}
    raw = patient.benefits if patient.level in ("22", "23") else []
    benefits = [{k: v for k, v in b.items() if k != "rejections"} for b in raw]
    rejections = [r for n in reversed(chain) for r in n.rejections]
    rejections += [r for b in raw for r in b["rejections"]]
    dates = [d for n in reversed(chain) if n.level in ("22", "23") for d in n.dates]
    return {
        "transaction_set": "271",
        "control_number": transaction.control_number,
        "payer": by_level["20"].party if "20" in by_level else None,
        "provider": by_level["21"].party if "21" in by_level else None,
        "subscriber": by_level["22"].member if "22" in by_level else None,
        "dependent": by_level["23"].member if "23" in by_level else None,
        "active": _active(benefits, codes),
        "plan": _plan(benefits, patient.dates or dates, codes),
        "benefits": benefits,
        "rejections": rejections,
        "trace_numbers": [t for n in reversed(chain) for t in n.traces],
        "dates": dates,
    }


def plain_summaries(transaction: Transaction, codes: CodeLists) -> list[Data]:
    """What :func:`summarise_271` validates: one dict per person, shaped and ordered like :class:`BenefitSummary`
    (dates as ``datetime.date``, amounts as ``Decimal``)."""
    nodes = _walk(transaction, codes)
    parents = {n.parent for n in nodes.values() if n.parent}
    ids = {id(n): key for key, n in nodes.items()}
    patients = [
        n
        for n in nodes.values()
        if n.level == "23" or (n.level == "22" and (ids[id(n)] not in parents or n.benefits or n.rejections))
    ]
    if not patients:
        # A rejection at the payer or provider level: no person was reached; report the deepest level there is.
        leaves = [n for n in nodes.values() if ids[id(n)] not in parents] or list(nodes.values())
        patients = leaves[:1]
    if not patients:
        return [_nobody(transaction.control_number)]
    return [_summary(transaction, nodes, p, codes) for p in patients]


def _nobody(control_number: str) -> Data:
    """``BenefitSummary(control_number=...)``: a transaction with no HL level at all."""
    return {
        "transaction_set": "271",
        "control_number": control_number,
        "payer": None,
        "provider": None,
        "subscriber": None,
        "dependent": None,
        "active": None,
        "plan": {"name": None, "insurance_type": None, "begin": None, "end": None},
        "benefits": [],
        "rejections": [],
        "trace_numbers": [],
        "dates": [],
    }


def summarise_271(transaction: Transaction) -> list[BenefitSummary]:
    """One summary per person a 271 transaction answers for (or one for a rejection above any person)."""
    from recoverynav.coverage.benefits import BenefitSummary
    from recoverynav.coverage.x12_codes import load_code_lists

    return [BenefitSummary.model_validate(s) for s in plain_summaries(transaction, load_code_lists())]


def parse_271(text: str) -> list[BenefitSummary]:
    """Every person's :class:`BenefitSummary` in a 5010 271 interchange (delimiters from its ISA).

    Raises :class:`~recoverynav.coverage.x12_segments.VersionRefused` for a 4010 file ("005010 required") and
    :class:`~recoverynav.coverage.x12_segments.X12Rejected` for a file that is not X12 or not a 271.
    """
    return [s for t in read_transactions(text, sets=("271",)) for s in summarise_271(t)]
