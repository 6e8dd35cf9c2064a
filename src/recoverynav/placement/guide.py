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
    name: str
    approach: str
    about: str
    how_to_find: str
    url: str | None = Field(default=None, pattern=r"^https://")
    sources: tuple[str, ...] = Field(min_length=1)


class Guide(_Strict):
    """Everything in ``options.yaml``, cross-checked: codes, level ids, option ids, sources."""

    levels: tuple[Level, ...]
    withdrawal_levels: tuple[WithdrawalLevel, ...]
    options: tuple[TreatmentOption, ...]
    support_groups: tuple[SupportGroup, ...]

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
        return self

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
def load_guide() -> Guide:
    """Load and validate ``options.yaml``; a dangling source id raises."""
    guide = Guide.model_validate(read_yaml("recoverynav.placement", "options.yaml"))
    check_ids(guide.source_ids(), where="placement/options.yaml")
    return guide


def level_rank(level_id: str) -> int:
    """Where a level sits in the intensity order (0.5 lowest, 4 highest)."""
    return load_guide().level(level_id).intensity


def withdrawal_rank(wm_id: str | None) -> int:
    """Where a withdrawal-management level sits (0 when none is needed)."""
    return 0 if wm_id is None else load_guide().withdrawal_level(wm_id).intensity
