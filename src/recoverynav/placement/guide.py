"""The treatment options guide (``options.yaml``): levels of care, withdrawal management and the six options."""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict, Field, model_validator

from recoverynav.datafiles import read_yaml
from recoverynav.placement.models import OptionId
from recoverynav.references import check_ids

_CODE = r"^[A-Z][A-Z0-9]{1,11}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Level(_Strict):
    """An ASAM 3rd-edition level of care, its 4th-edition counterpart and the option it belongs to."""

    id: str
    name: str
    name_4th: str
    intensity: int = Field(ge=0)
    option: OptionId
    setting: str
    facility_codes: tuple[str, ...]
    specific_codes: tuple[str, ...] = ()
    sources: tuple[str, ...] = Field(min_length=1)


class WithdrawalLevel(_Strict):
    """A withdrawal-management (detox) level and the least intensive level of care that can host it."""

    id: str = Field(pattern=r"^[0-9.]+-WM$")
    name: str
    name_4th: str
    intensity: int = Field(ge=1)
    host: str
    setting: str
    facility_codes: tuple[str, ...]
    specific_codes: tuple[str, ...] = ()
    sources: tuple[str, ...] = Field(min_length=1)


class TreatmentOption(_Strict):
    """One of the six kinds of help, explained in plain words."""

    id: OptionId
    title: str
    what_happens: str
    who_it_suits: str
    typical_length: str
    levels: tuple[str, ...]
    facility_codes: tuple[str, ...]
    next_steps: tuple[str, ...] = Field(min_length=1)
    sources: tuple[str, ...] = Field(min_length=1)


class SupportGroup(_Strict):
    """A mutual-help group in the placement guide: its approach, how to find a meeting, and its sources."""

    name: str
    approach: str
    about: str
    how_to_find: str
    url: str | None = Field(default=None, pattern=r"^https://")
    sources: tuple[str, ...] = Field(min_length=1)


class OptionText(_Strict):
    """An option's words in another language (the same statements, so the English sources stand)."""

    title: str
    what_happens: str
    who_it_suits: str
    typical_length: str
    next_steps: tuple[str, ...] = Field(min_length=1)


class GroupText(_Strict):
    name: str
    approach: str
    about: str
    how_to_find: str


class GuideText(_Strict):
    """The guide page's words in Spanish: each level's setting, each option, each support group (in order)."""

    settings: dict[str, str]
    options: dict[OptionId, OptionText]
    support_groups: tuple[GroupText, ...]


class Guide(_Strict):
    """Everything in ``options.yaml``, cross-checked: codes, level ids, option ids, sources."""

    levels: tuple[Level, ...]
    withdrawal_levels: tuple[WithdrawalLevel, ...]
    options: tuple[TreatmentOption, ...]
    support_groups: tuple[SupportGroup, ...]
    es: GuideText | None = Field(default=None, exclude=True)  # drawn by in_language; the API answers English

    @model_validator(mode="after")
    def _consistent(self) -> Guide:
        import re

        level_ids = [lv.id for lv in self.levels]
        wm_ids = [wm.id for wm in self.withdrawal_levels]
        for ranks in ([lv.intensity for lv in self.levels], [wm.intensity for wm in self.withdrawal_levels]):
            if ranks != sorted(set(ranks)):
                raise ValueError("intensity must increase strictly down each list of levels")
        for wm in self.withdrawal_levels:
            if wm.host not in level_ids:
                raise ValueError(f"{wm.id}: host {wm.host!r} is not a level")
        for option in self.options:
            unknown = [lv for lv in option.levels if lv not in level_ids + wm_ids]
            if unknown:
                raise ValueError(f"option {option.id}: unknown levels {unknown}")
        if sorted(o.id for o in self.options) != sorted(
            ["detox", "inpatient", "residential", "outpatient", "support_groups", "aftercare"]
        ):
            raise ValueError("options.yaml must explain exactly the six options")
        every: list[Level | WithdrawalLevel | TreatmentOption] = [*self.levels, *self.withdrawal_levels, *self.options]
        for item in every:
            for code in (*item.facility_codes, *getattr(item, "specific_codes", ())):
                if not re.fullmatch(_CODE, code):
                    raise ValueError(f"{item.id}: {code!r} is not a SAMHSA service code")
        if self.es is not None:
            if set(self.es.settings) != {*level_ids, *wm_ids}:
                raise ValueError("es.settings: one Spanish setting for every level and withdrawal level")
            if set(self.es.options) != {o.id for o in self.options}:
                raise ValueError("es.options: Spanish words for every option")
            if len(self.es.support_groups) != len(self.support_groups):
                raise ValueError("es.support_groups: one entry per support group, in the same order")
            for option in self.options:
                if len(self.es.options[option.id].next_steps) != len(option.next_steps):
                    raise ValueError(f"es.options.{option.id}: as many next steps as the English")
        return self

    def in_language(self, lang: str) -> Guide:
        """The guide in ``lang`` ("en" or "es"): the same levels, codes and sources, in that language's words."""
        if lang != "es" or self.es is None:
            return self
        words = self.es
        return Guide(
            levels=tuple(lv.model_copy(update={"setting": words.settings[lv.id]}) for lv in self.levels),
            withdrawal_levels=tuple(
                wm.model_copy(update={"setting": words.settings[wm.id]}) for wm in self.withdrawal_levels
            ),
            options=tuple(o.model_copy(update=words.options[o.id].model_dump()) for o in self.options),
            support_groups=tuple(
                g.model_copy(update=t.model_dump())
                for g, t in zip(self.support_groups, words.support_groups, strict=True)
            ),
        )

    def level(self, level_id: str) -> Level:
        return next(lv for lv in self.levels if lv.id == level_id)

    def withdrawal_level(self, wm_id: str) -> WithdrawalLevel:
        return next(wm for wm in self.withdrawal_levels if wm.id == wm_id)

    def option(self, option_id: str) -> TreatmentOption:
        return next(o for o in self.options if o.id == option_id)

    def source_ids(self) -> list[str]:
        items: list[Level | WithdrawalLevel | TreatmentOption | SupportGroup]
        items = [*self.levels, *self.withdrawal_levels, *self.options, *self.support_groups]
        return list(dict.fromkeys(s for item in items for s in item.sources))


@cache
def load_guide(lang: str = "en") -> Guide:
    """Load and validate ``options.yaml`` (its words in ``lang``, "en" or "es"); a dangling source id raises."""
    guide = Guide.model_validate(read_yaml("recoverynav.placement", "options.yaml"))
    check_ids(guide.source_ids(), where="placement/options.yaml")
    return guide.in_language(lang)


def level_rank(level_id: str) -> int:
    """Where a level sits in the intensity order (0.5 lowest, 4 highest)."""
    return load_guide().level(level_id).intensity


def withdrawal_rank(wm_id: str | None) -> int:
    """Where a withdrawal-management level sits (0 when none is needed)."""
    return 0 if wm_id is None else load_guide().withdrawal_level(wm_id).intensity
