"""The cited words around the plan (``guidance.yaml``) and the numbers every plan carries."""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict, Field, model_validator

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


class SectionText(_Strict):
    """A section's words in another language; its note is the same statement, so it keeps the English sources."""

    title: str
    hint: str
    note: str | None = None


class GuidanceText(_Strict):
    sections: dict[str, SectionText]
    crisis_steps: dict[str, str]
    labels: dict[str, str]


class Guidance(_Strict):
    sections: dict[str, Section]
    crisis_steps: dict[str, str]
    labels: dict[str, str]
    es: GuidanceText | None = None

    @model_validator(mode="after")
    def _spanish_is_complete(self) -> Guidance:
        if self.es is None:
            return self
        for name, section in self.sections.items():
            words = self.es.sections.get(name)
            if words is None or (words.note is None) != (section.note is None):
                raise ValueError(f"es.sections.{name}: give its title, hint and (where the English has one) note")
        for key, wanted in (("sections", self.sections), ("crisis_steps", self.crisis_steps), ("labels", self.labels)):
            if set(getattr(self.es, key)) != set(wanted):
                raise ValueError(f"es.{key}: the same keys as the English ({', '.join(sorted(wanted))})")
        return self

    def source_ids(self) -> list[str]:
        return [s for section in self.sections.values() if section.note for s in section.note.sources]

    def in_language(self, lang: str) -> Guidance:
        """The guidance in ``lang`` ("en" or "es"): the same sections, steps and sources, in that language's words."""
        if lang != "es" or self.es is None:
            return self
        sections = {
            name: Section(
                title=self.es.sections[name].title,
                hint=self.es.sections[name].hint,
                note=Note(text=self.es.sections[name].note or "", sources=section.note.sources)
                if section.note
                else None,
            )
            for name, section in self.sections.items()
        }
        return Guidance(sections=sections, crisis_steps=self.es.crisis_steps, labels=self.es.labels)


class Line(_Strict):
    """A number printed on every plan and wallet card."""

    name: str
    number: str
    tel: str
    sources: tuple[str, ...]


@cache
def _bundled() -> Guidance:
    guidance = Guidance.model_validate(read_yaml("recoverynav.plans", "guidance.yaml"))
    check_ids(guidance.source_ids(), where="plans/guidance.yaml")
    return guidance


@cache
def load_guidance(lang: str = "en") -> Guidance:
    """The words around the plan in ``lang`` ("en" or "es"; anything else is English)."""
    return _bundled().in_language(lang)


def always_lines(country: str = "US", lang: str = "en") -> tuple[Line, ...]:
    """The emergency number first, then the crisis lines (in the US: 911, then 988): on every plan, whatever it says."""
    contacts = contacts_for(country)
    lines = [
        Line(
            name=load_guidance(lang).labels["emergency"],
            number=contacts.emergency_number,
            tel=contacts.emergency_tel,
            sources=contacts.emergency_sources,
        )
    ]
    lines += [Line(name=c.name_in(lang), number=c.number, tel=c.tel, sources=c.sources) for c in contacts.crisis_lines]
    return tuple(lines)
