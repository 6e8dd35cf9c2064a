"""The cited words around the plan (``guidance.yaml``) and the numbers every plan carries."""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict, Field

from recoverynav.datafiles import read_yaml
from recoverynav.emergency import contacts_for
from recoverynav.references import check_ids


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Note(_Strict):
    text: str
    sources: tuple[str, ...] = Field(min_length=1)


class Section(_Strict):
    title: str
    hint: str
    note: Note | None = None


class Guidance(_Strict):
    sections: dict[str, Section]
    crisis_steps: dict[str, str]

    def source_ids(self) -> list[str]:
        return [s for section in self.sections.values() if section.note for s in section.note.sources]


class Line(_Strict):
    """A number printed on every plan and wallet card."""

    name: str
    number: str
    tel: str
    sources: tuple[str, ...]


@cache
def load_guidance() -> Guidance:
    guidance = Guidance.model_validate(read_yaml("recoverynav.plans", "guidance.yaml"))
    check_ids(guidance.source_ids(), where="plans/guidance.yaml")
    return guidance


def always_lines(country: str = "US") -> tuple[Line, ...]:
    """The emergency number first, then the crisis lines (in the US: 911, then 988): on every plan, whatever it says."""
    contacts = contacts_for(country)
    lines = [
        Line(
            name="Emergency",
            number=contacts.emergency_number,
            tel=contacts.emergency_tel,
            sources=contacts.emergency_sources,
        )
    ]
    lines += [Line(name=c.name, number=c.number, tel=c.tel, sources=c.sources) for c in contacts.crisis_lines]
    return tuple(lines)
