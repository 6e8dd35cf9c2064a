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
    guide_for("medicaid", "NY", lang="es").medicaid.text     # "Nueva York adoptó la ampliación de Medicaid..."

Spanish (``lang="es"``): the same answer (statements in the same order, same sources, citations and searches) with
the data's Spanish (``guide.yaml``'s ``es:`` blocks and ``note_es``), the Spanish state name and the Medicaid row
said in Spanish. Loading refuses a Spanish list with a statement missing, added or moved.
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
from recoverynav.i18n import Language, state_name_in
from recoverynav.interactions.models import check_statements
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


class PaymentSpanish(BaseModel):
    """A payment's ``es:`` block: its label, and its statements one for one in the English order."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str = Field(min_length=2)
    covers: tuple[str, ...]
    route: tuple[str, ...]


class GuideSpanish(BaseModel):
    """The top-level ``es:`` block: the questions and how to apply, one for one in the English order."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    questions: tuple[str, ...]
    apply: tuple[str, ...]


def _texts(items: tuple[Statement, ...]) -> tuple[str, ...]:
    return tuple(s.text for s in items)


def _in_spanish(items: tuple[Statement, ...], spanish: tuple[str, ...]) -> tuple[Statement, ...]:
    """The statements with their Spanish text; the sources stay the English statement's."""
    return tuple(s.model_copy(update={"text": es}) for s, es in zip(items, spanish, strict=True))


class PaymentEntry(BaseModel):
    """A way of paying as ``guide.yaml`` describes it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: PaymentType
    label: str = Field(min_length=2)
    finder: str = Field(description="The finder's payment answer (directory/choices.yaml) for this way of paying")
    covers: tuple[Statement, ...] = Field(min_length=1)
    route: tuple[Statement, ...] = Field(min_length=1)
    also: tuple[PaymentType, ...] = Field(default=(), description="Other ways of paying whose search is offered too")
    es: PaymentSpanish

    @model_validator(mode="after")
    def _translated(self) -> PaymentEntry:
        check_statements(
            f"payment {self.id!r}",
            {"covers": _texts(self.covers), "route": _texts(self.route)},
            {"covers": self.es.covers, "route": self.es.route},
        )
        return self

    def label_in(self, lang: str) -> str:
        return self.es.label if lang == "es" else self.label


class ExpansionRow(BaseModel):
    """One state's row of the Medicaid expansion table."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=2)
    status: ExpansionStatus
    implemented: _dt.date | None = None
    note: str | None = None
    note_es: str | None = None
    sources: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _dated_when_adopted(self) -> ExpansionRow:
        if (self.status == "adopted") != (self.implemented is not None):
            raise ValueError(f"{self.name}: an adopting state needs its date, and only an adopting state has one")
        if (self.note is None) != (self.note_es is None):
            raise ValueError(f"{self.name}: a note needs its Spanish (note_es), and note_es needs its English note")
        if self.note is not None and self.note_es is not None:
            check_statements(self.name, {"note": (self.note,)}, {"note": (self.note_es,)})
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
    es: GuideSpanish

    @model_validator(mode="after")
    def _every_payment_type_once(self) -> GuideFile:
        ids = [p.id for p in self.payments]
        if sorted(ids) != sorted(PAYMENT_TYPES):
            raise ValueError(f"payments: need each of {', '.join(PAYMENT_TYPES)} exactly once, got {', '.join(ids)}")
        check_statements(
            "guide",
            {"questions": _texts(self.questions), "apply": _texts(self.apply)},
            {"questions": self.es.questions, "apply": self.es.apply},
        )
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


def payment_types(lang: Language = "en") -> dict[str, str]:
    """Each payment type and its label in ``lang``, in the guide's order."""
    return {p.id: p.label_in(lang) for p in load_guide().payments}


def guide_states() -> dict[str, str]:
    """Each state, DC and territory code with its (English) name, in the table's order."""
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


# The expansion row in words, by language and status, with the same placeholders ({name}, and {when} when adopted).
# FOR REVIEW: the Spanish is ours ("Ley del Cuidado de Salud a Bajo Precio" is CuidadoDeSalud.gov's name for the ACA).
EXPANSION_WORDS: dict[str, dict[ExpansionStatus, str]] = {
    "en": {
        "adopted": "{name} adopted the ACA Medicaid expansion; it took effect on {when}.",
        "not_adopted": "{name} has not adopted the ACA Medicaid expansion.",
        "not_in_table": "KFF's expansion table covers the 50 states and DC, not {name}; ask its Medicaid program.",
    },
    "es": {
        "adopted": "{name} adoptó la ampliación de Medicaid de la Ley del Cuidado de Salud a Bajo Precio (ACA); entró "
        "en vigor el {when}.",
        "not_adopted": "{name} no ha adoptado la ampliación de Medicaid de la Ley del Cuidado de Salud a Bajo Precio "
        "(ACA).",
        "not_in_table": "La tabla de ampliación de KFF abarca los 50 estados y DC, no {name}; pregunte a su "
        "programa de Medicaid.",
    },
}
_MONTHS_ES: tuple[str, ...] = (
    *("enero", "febrero", "marzo", "abril", "mayo", "junio"),
    *("julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"),
)


def _date_in(day: _dt.date, lang: str) -> str:
    if lang == "es":
        return f"{day.day} de {_MONTHS_ES[day.month - 1]} de {day.year}"
    return f"{day:%B} {day.day}, {day.year}"


def _expansion(state: str, lang: Language = "en") -> MedicaidExpansion:
    table = load_guide().expansion
    row = table.states[state]
    # The current table says who adopted; the dates (and the notes) come from the dated table or the row's own source.
    kff, dated = table.sources[:1], row.sources or table.sources[1:]
    words = EXPANSION_WORDS[lang]
    name = state_name_in(row.name, lang)
    if row.status == "adopted" and row.implemented is not None:
        text = words["adopted"].format(name=name, when=_date_in(row.implemented, lang))
        sources = (*kff, *dated)
    elif row.status == "not_adopted":
        text = words["not_adopted"].format(name=name)
        sources = (*kff, *dated) if row.note else kff
    else:
        text = words["not_in_table"].format(name=name)
        sources = kff
    note = row.note_es if lang == "es" else row.note
    return MedicaidExpansion(
        status=row.status, implemented=row.implemented, as_of=table.as_of, text=text, note=note, sources=sources
    )


def _search(payment: PaymentEntry, state: str, lang: Language = "en") -> FinderSearch:
    answer = next(c for c in load_choices().answers("payment") if c.id == payment.finder)
    query = FinderQuery(payment=payment.finder, near=state)
    return FinderSearch(payment=payment.id, label=answer.label_in(lang), codes=tuple(answer.any_of), query=query)


def _statement_sources(groups: Iterable[Iterable[Statement]]) -> list[str]:
    return [i for group in groups for s in group for i in s.sources]


def guide_for(payment: str, state: str, lang: Language = "en") -> GuideAnswer:
    """The guide for ``payment`` (one of :data:`PAYMENT_TYPES`) in ``state`` (two letters, any case), in ``lang``.

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
    medicaid = _expansion(code, lang)
    searches = (_search(entry, code, lang), *(_search(guide.payment(other), code, lang) for other in entry.also))
    ids = _statement_sources([entry.covers, entry.route, questions]) + list(medicaid.sources)
    ids += _statement_sources([guide.apply])
    covers, route, apply = entry.covers, entry.route, guide.apply
    if lang == "es":
        covers, route = _in_spanish(covers, entry.es.covers), _in_spanish(route, entry.es.route)
        questions = _in_spanish(questions, guide.es.questions) if questions else ()
        apply = _in_spanish(apply, guide.es.apply)
    return GuideAnswer(
        payment=entry.id,
        payment_label=entry.label_in(lang),
        state=code,
        state_name=state_name_in(guide.expansion.states[code].name, lang),
        covers=covers,
        route=route,
        questions=questions,
        medicaid=medicaid,
        apply=apply,
        codes=searches[0].codes,
        searches=searches,
        all_programs=FinderQuery(near=code),
        citations=cite_sources(ids).citations,
    )
