"""Where can I pay: what a way of paying usually covers for substance use treatment, state by state (``guide.yaml``).

An answer joins four parts of the data: the payment type's cited statements (what it covers, how to use it), the
questions to ask before starting, the state's row of KFF's Medicaid expansion table with its date and how to apply,
and the finder searches for facilities that take that payment near the state. Every statement names its sources;
the answer numbers them once (``citations``) so every face prints the same [n].

Usage::

    from recoverynav.coverage import guide_for
    answer = guide_for("medicaid", "VA")
    answer.medicaid.status, answer.medicaid.implemented      # "adopted", date(2019, 1, 1)
    answer.codes                                             # ("MD",)
    answer.searches[0].query                                 # FinderQuery(payment="medicaid", near="VA")
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from functools import cache
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

from recoverynav.datafiles import read_yaml
from recoverynav.directory import load_choices
from recoverynav.errors import NotFound
from recoverynav.finder import FinderQuery
from recoverynav.references import Citation, check_ids, cite_sources

PaymentType = Literal["medicaid", "medicare", "private", "military", "va", "ihs", "state", "none"]
PAYMENT_TYPES: tuple[str, ...] = get_args(PaymentType)
ExpansionStatus = Literal["adopted", "not_adopted", "not_in_table"]
# Ways of paying that are a plan with a network, where the questions to ask the insurer apply.
PLANS: frozenset[str] = frozenset({"medicaid", "medicare", "private", "military"})
# KFF's table: 41 adopting (including DC) and 10 not, as published on the table's date (see guide.yaml).
KFF_ADOPTED, KFF_NOT_ADOPTED = 41, 10


class Statement(BaseModel):
    """One sentence of the guide and the ids of the sources that say it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str = Field(min_length=10)
    sources: tuple[str, ...] = Field(min_length=1, description="Reference ids; numbered in the answer's citations")


class PaymentEntry(BaseModel):
    """A way of paying as ``guide.yaml`` describes it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: PaymentType
    label: str = Field(min_length=2)
    finder: str = Field(description="The finder's payment answer (directory/choices.yaml) for this way of paying")
    covers: tuple[Statement, ...] = Field(min_length=1)
    route: tuple[Statement, ...] = Field(min_length=1)
    also: tuple[PaymentType, ...] = Field(default=(), description="Other ways of paying whose search is offered too")


class ExpansionRow(BaseModel):
    """One state's row of the Medicaid expansion table."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=2)
    status: ExpansionStatus
    implemented: _dt.date | None = None
    note: str | None = None
    sources: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _dated_when_adopted(self) -> ExpansionRow:
        if (self.status == "adopted") != (self.implemented is not None):
            raise ValueError(f"{self.name}: an adopting state needs its date, and only an adopting state has one")
        return self


class ExpansionTable(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    as_of: _dt.date
    sources: tuple[str, ...] = Field(min_length=1)
    states: dict[str, ExpansionRow]

    @model_validator(mode="after")
    def _counts_match_the_table(self) -> ExpansionTable:
        statuses = [row.status for row in self.states.values()]
        if (statuses.count("adopted"), statuses.count("not_adopted")) != (KFF_ADOPTED, KFF_NOT_ADOPTED):
            wanted = f"{KFF_ADOPTED} adopting and {KFF_NOT_ADOPTED} other states"
            raise ValueError(f"expansion: the table must hold {wanted}")
        return self


class GuideFile(BaseModel):
    """The shape of ``guide.yaml``; loading checks every source id and every finder answer."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sources: tuple[str, ...] = Field(min_length=1)
    payments: tuple[PaymentEntry, ...]
    questions: tuple[Statement, ...] = Field(min_length=1)
    apply: tuple[Statement, ...] = Field(min_length=1)
    expansion: ExpansionTable

    @model_validator(mode="after")
    def _every_payment_type_once(self) -> GuideFile:
        ids = [p.id for p in self.payments]
        if sorted(ids) != sorted(PAYMENT_TYPES):
            raise ValueError(f"payments: need each of {', '.join(PAYMENT_TYPES)} exactly once, got {', '.join(ids)}")
        return self

    def payment(self, payment_id: str) -> PaymentEntry:
        return next(p for p in self.payments if p.id == payment_id)

    def source_ids(self) -> list[str]:
        ids = list(self.sources) + list(self.expansion.sources)
        statements = [*self.questions, *self.apply, *(s for p in self.payments for s in (*p.covers, *p.route))]
        ids += [i for s in statements for i in s.sources]
        ids += [i for row in self.expansion.states.values() for i in row.sources]
        return ids


class UnknownPaymentError(NotFound, ValueError):
    """A payment type the guide does not describe; ``allowed`` lists the ones it does."""

    def __init__(self, value: str) -> None:
        self.field = "payment"
        self.value = value
        self.allowed = list(PAYMENT_TYPES)
        super().__init__(f"payment: {value!r} is not one of {', '.join(PAYMENT_TYPES)}")


class UnknownStateError(NotFound, ValueError):
    """A state code the guide has no row for; ``allowed`` lists the two-letter codes it has."""

    def __init__(self, value: str) -> None:
        self.field = "state"
        self.value = value
        self.allowed = list(guide_states())
        super().__init__(
            f"state: {value!r} is not a US state, DC or territory code; give two letters such as VA, TX or PR"
        )


@cache
def load_guide() -> GuideFile:
    """Read and validate ``guide.yaml``: every source in the bibliography, every finder answer in the finder."""
    guide = GuideFile.model_validate(read_yaml("recoverynav.coverage", "guide.yaml"))
    check_ids(guide.source_ids(), where="coverage/guide.yaml")
    finder_answers = {c.id for c in load_choices().answers("payment")}
    unknown = [p.finder for p in guide.payments if p.finder not in finder_answers]
    if unknown:
        raise ValueError(f"coverage/guide.yaml: unknown finder payment answer(s) {', '.join(unknown)}")
    return guide


def payment_types() -> dict[str, str]:
    """Each payment type and its label, in the guide's order."""
    return {p.id: p.label for p in load_guide().payments}


def guide_states() -> dict[str, str]:
    """Each state, DC and territory code with its name, in the table's order."""
    return {code: row.name for code, row in load_guide().expansion.states.items()}


class MedicaidExpansion(BaseModel):
    """Whether the state adopted the ACA Medicaid expansion, since when, per which table on which date."""

    model_config = ConfigDict(frozen=True)

    status: ExpansionStatus
    implemented: _dt.date | None = Field(description="When expansion coverage began; null when not adopted")
    as_of: _dt.date = Field(description="The date of the table this row comes from")
    text: str = Field(description="The row in words")
    note: str | None = None
    sources: tuple[str, ...]


class FinderSearch(BaseModel):
    """A finder search for facilities that take one way of paying near the state."""

    model_config = ConfigDict(frozen=True)

    payment: PaymentType
    label: str
    codes: tuple[str, ...] = Field(description="The SAMHSA locator payment codes; a facility listing any one matches")
    query: FinderQuery


class GuideAnswer(BaseModel):
    """The guide for one way of paying in one state; statements cite ids numbered in ``citations``."""

    model_config = ConfigDict(frozen=True)

    payment: PaymentType
    payment_label: str
    state: str
    state_name: str
    covers: tuple[Statement, ...]
    route: tuple[Statement, ...]
    questions: tuple[Statement, ...] = Field(description="What to ask the plan first; empty when there is no plan")
    medicaid: MedicaidExpansion
    apply: tuple[Statement, ...]
    codes: tuple[str, ...] = Field(description="The finder's payment codes for this answer (its first search)")
    searches: tuple[FinderSearch, ...] = Field(min_length=1)
    # Many listings record no payment at all (the 2020 national list has names and places only), so a payment
    # search can come back empty where programs exist: this one always searches every listing in the state.
    all_programs: FinderQuery = Field(description="Every listed program in the state, whatever it records")
    citations: tuple[Citation, ...]


def _expansion(state: str) -> MedicaidExpansion:
    table = load_guide().expansion
    row = table.states[state]
    # The current table says who adopted; the dates (and the notes) come from the dated table or the row's own source.
    kff, dated = table.sources[:1], row.sources or table.sources[1:]
    if row.status == "adopted" and row.implemented is not None:
        when = f"{row.implemented:%B} {row.implemented.day}, {row.implemented.year}"
        text = f"{row.name} adopted the ACA Medicaid expansion; it took effect on {when}."
        sources = (*kff, *dated)
    elif row.status == "not_adopted":
        text = f"{row.name} has not adopted the ACA Medicaid expansion."
        sources = (*kff, *dated) if row.note else kff
    else:
        text = f"KFF's expansion table covers the 50 states and DC, not {row.name}; ask its Medicaid program."
        sources = kff
    return MedicaidExpansion(
        status=row.status, implemented=row.implemented, as_of=table.as_of, text=text, note=row.note, sources=sources
    )


def _search(payment: PaymentEntry, state: str) -> FinderSearch:
    answer = next(c for c in load_choices().answers("payment") if c.id == payment.finder)
    query = FinderQuery(payment=payment.finder, near=state)
    return FinderSearch(payment=payment.id, label=answer.label, codes=tuple(answer.any_of), query=query)


def _statement_sources(groups: Iterable[Iterable[Statement]]) -> list[str]:
    return [i for group in groups for s in group for i in s.sources]


def guide_for(payment: str, state: str) -> GuideAnswer:
    """The guide for ``payment`` (one of :data:`PAYMENT_TYPES`) in ``state`` (two letters, any case).

    Raises :class:`UnknownPaymentError` or :class:`UnknownStateError` naming the field.
    """
    guide = load_guide()
    payment_id = payment.strip().casefold()
    if payment_id not in PAYMENT_TYPES:
        raise UnknownPaymentError(payment)
    code = state.strip().upper()
    if code not in guide.expansion.states:
        raise UnknownStateError(state)
    entry = guide.payment(payment_id)
    questions = guide.questions if entry.id in PLANS else ()
    medicaid = _expansion(code)
    searches = (_search(entry, code), *(_search(guide.payment(other), code) for other in entry.also))
    ids = _statement_sources([entry.covers, entry.route, questions]) + list(medicaid.sources)
    ids += _statement_sources([guide.apply])
    return GuideAnswer(
        payment=entry.id,
        payment_label=entry.label,
        state=code,
        state_name=guide.expansion.states[code].name,
        covers=entry.covers,
        route=entry.route,
        questions=questions,
        medicaid=medicaid,
        apply=guide.apply,
        codes=searches[0].codes,
        searches=searches,
        all_programs=FinderQuery(near=code),
        citations=cite_sources(ids).citations,
    )
