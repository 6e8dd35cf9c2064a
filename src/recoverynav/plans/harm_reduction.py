"""Use safer now: cited harm-reduction statements (``harm_reduction.yaml``) and the short panel by class.

Every statement, heading and link carries its Spanish under ``es`` (required: a page is never half translated).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from pydantic import BaseModel, ConfigDict, Field, model_validator

from recoverynav.datafiles import read_yaml
from recoverynav.references import check_ids


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class StatementText(_Strict):
    """A statement in another language: the same statement, so it cites what the English cites."""

    text: str = Field(min_length=1)


class Statement(_Strict):
    """One cited harm-reduction statement, in English with its Spanish (``es``)."""

    id: str
    text: str
    sources: tuple[str, ...] = Field(min_length=1)
    es: StatementText

    def text_in(self, lang: str) -> str:
        """The statement in ``lang`` ("en" or "es")."""
        return self.es.text if lang == "es" else self.text


class LinkText(_Strict):
    label: str = Field(min_length=1)


class Link(_Strict):
    href: str = Field(pattern=r"^(/|https://)")
    label: str
    es: LinkText

    def label_in(self, lang: str) -> str:
        """The link's words in ``lang``."""
        return self.es.label if lang == "es" else self.label


class HarmSectionText(_Strict):
    """A harm-reduction section's heading in another language."""

    title: str = Field(min_length=1)


class HarmSection(_Strict):
    id: str
    title: str
    statements: tuple[Statement, ...] = Field(min_length=1)
    links: tuple[Link, ...] = ()
    es: HarmSectionText

    def title_in(self, lang: str) -> str:
        """The section's heading in ``lang``."""
        return self.es.title if lang == "es" else self.title


class Panel(_Strict):
    id: str
    classes: tuple[str, ...] = Field(min_length=1)
    statements: tuple[str, ...] = Field(min_length=1)


class HarmReduction(_Strict):
    """Usage:: ``load_harm_reduction().sections[0].statements[0].text``"""

    sections: tuple[HarmSection, ...]
    panels: tuple[Panel, ...]

    @model_validator(mode="after")
    def _panels_name_statements(self) -> HarmReduction:
        known = {s.id for section in self.sections for s in section.statements}
        for panel in self.panels:
            missing = [s for s in panel.statements if s not in known]
            if missing:
                raise ValueError(f"panel {panel.id!r} names unknown statements: {', '.join(missing)}")
        return self

    def statement(self, statement_id: str) -> Statement:
        return next(s for section in self.sections for s in section.statements if s.id == statement_id)

    def source_ids(self) -> list[str]:
        return [i for section in self.sections for s in section.statements for i in s.sources]


@cache
def load_harm_reduction() -> HarmReduction:
    """The /safer content, with every source id checked against the bibliography."""
    content = HarmReduction.model_validate(read_yaml("recoverynav.plans", "harm_reduction.yaml"))
    check_ids(content.source_ids(), where="plans/harm_reduction.yaml")
    return content


def harm_reduction_panel(classes: Iterable[str]) -> tuple[Statement, ...]:
    """The panel's statements for a monograph of these classes (opioids, sedatives, baclofen); empty otherwise."""
    content = load_harm_reduction()
    wanted = set(classes)
    for panel in content.panels:
        if wanted & set(panel.classes):
            return tuple(content.statement(s) for s in panel.statements)
    return ()
