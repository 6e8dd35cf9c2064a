"""The shape of the overdose protocol (``protocol.yaml``) and of the steps it produces."""

from __future__ import annotations

import re
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

from recoverynav.emergency.results import ACTION_IDS, SIGN_IDS, FirstAid, PhoneRef, Step, SubstanceMatch

__all__ = [
    "ACTION_IDS",
    "SIGN_IDS",
    "ActionDefinition",
    "Condition",
    "FirstAid",
    "FirstAidProtocol",
    "PhoneRef",
    "Rule",
    "SignDefinition",
    "SignText",
    "Step",
    "StepText",
    "SubstanceMatch",
    "SubstanceNote",
]

# The fixed vocabulary a bystander can report. Order is the order of the checklist on screen.
Sign = Literal[
    "unresponsive",
    "not_breathing",
    "slow_or_shallow_breathing",
    "gurgling_or_snoring",
    "blue_lips",
    "seizure",
    "very_cold_skin",
    "slow_heartbeat",
    "chest_pain",
    "overheating",
    "confused_or_hallucinating",
    "vomiting",
    "pinpoint_pupils",
    "awake_and_talking",
]
# The fixed list of things a bystander can be told to do; the protocol's ``order`` ranks them.
Action = Literal[
    "call_emergency",
    "check_response",
    "cpr",
    "rescue_breathing",
    "naloxone",
    "recovery_position",
    "seizure_care",
    "cool_down",
    "chest_pain_care",
    "calm_and_protect",
    "keep_warm",
    "call_poison_centre",
    "go_to_hospital",
    "hospital_care",
    "do_not_induce_vomiting",
    "no_more_substances",
    "stay_with_person",
    "gather_information",
]

# The same vocabularies as plain tuples live in ``results`` (no pydantic), for the command line's fast path.
if get_args(Sign) != SIGN_IDS or get_args(Action) != ACTION_IDS:  # pragma: no cover - edited in one place only
    raise RuntimeError("emergency.models' Sign/Action and emergency.results' SIGN_IDS/ACTION_IDS differ")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SignText(_Strict):
    """A sign's label in another language."""

    label: str


class StepText(_Strict):
    """An instruction's title and text in another language, with the same ``{placeholders}`` as the English."""

    title: str
    text: str


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"\{(\w+)\}", text))


def _same_placeholders(where: str, english: StepText, spanish: StepText) -> None:
    for part in ("title", "text"):
        if _placeholders(getattr(english, part)) != _placeholders(getattr(spanish, part)):
            raise ValueError(f"{where}: the Spanish {part} must use the same {{placeholders}} as the English")


class SignDefinition(_Strict):
    """One checklist item: what the bystander sees, and whether it alone means "call now"."""

    id: Sign
    label: str
    red_flag: bool
    opioid_sign: bool = False
    es: SignText

    def label_in(self, lang: str) -> str:
        """The label in ``lang`` ("en" or "es")."""
        return self.es.label if lang == "es" else self.label


class ActionDefinition(_Strict):
    """One instruction; ``{emergency_number}`` and ``{poison_centre}`` are filled in per country."""

    id: Action
    title: str
    text: str
    es: StepText
    sources: tuple[str, ...] = Field(min_length=1)
    # The step's reason is the substance's own (effects that come late): it also cites the notes' late_symptoms.
    cites_late_notes: bool = False

    @model_validator(mode="after")
    def _translated_alike(self) -> ActionDefinition:
        _same_placeholders(f"action {self.id}", StepText(title=self.title, text=self.text), self.es)
        return self

    def text_in(self, lang: str) -> StepText:
        """Title and text in ``lang`` ("en" or "es"), placeholders not yet filled in."""
        return self.es if lang == "es" else StepText(title=self.title, text=self.text)


class Condition(_Strict):
    """When a rule fires. Every field given must hold (AND); ``any_of`` holds if one branch holds (OR).

    - ``any_sign`` / ``no_sign``: at least one / none of these signs was reported.
    - ``red_flag``: some reported sign is (or no reported sign is) a red flag.
    - ``no_signs``: nothing was reported yet.
    - ``opioid_sign``: some reported sign points to opioids (pinpoint pupils, slow breathing...).
    - ``suspected_class``: a named substance belongs to one of these knowledge-base classes.
    - ``substance_unknown``: nothing was named, or a name is not in the knowledge base.
    - ``substance_named``: at least one substance was named (known or not).
    - ``substance_note``: a named substance carries a note (e.g. baclofen: no antidote).
    - ``late_symptoms``: a named substance's note says its effects can come late or come back, so the person
      needs hospital care even if they seem well now.
    - ``poison_centre``: the country has a poison centre on file.
    """

    any_sign: tuple[Sign, ...] = ()
    no_sign: tuple[Sign, ...] = ()
    red_flag: bool | None = None
    no_signs: bool | None = None
    opioid_sign: bool | None = None
    suspected_class: tuple[str, ...] = ()
    substance_unknown: bool | None = None
    substance_named: bool | None = None
    substance_note: bool | None = None
    late_symptoms: bool | None = None
    poison_centre: bool | None = None
    any_of: tuple[Condition, ...] = ()


class Rule(_Strict):
    """``action`` is a step whenever ``when`` holds; ``why`` says the clinical reason for reviewers."""

    action: Action
    when: Condition
    why: str


class SubstanceNote(_Strict):
    """Advice specific to a substance (by knowledge-base id) or a class, shown as a ``hospital_care`` step.

    ``late_symptoms`` lists the sources saying the substance's effects can start or come back hours later, so
    that someone who looks well still goes to hospital; empty for substances without that warning.
    """

    substance: str | None = None
    substance_class: str | None = None
    late_symptoms: tuple[str, ...] = ()
    title: str
    text: str
    es: StepText
    sources: tuple[str, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_key(self) -> SubstanceNote:
        if (self.substance is None) == (self.substance_class is None):
            raise ValueError("a substance note names exactly one of `substance` or `substance_class`")
        where = f"substance note {self.substance or self.substance_class}"
        _same_placeholders(where, StepText(title=self.title, text=self.text), self.es)
        return self

    def text_in(self, lang: str) -> StepText:
        """Title and text in ``lang`` ("en" or "es"), placeholders not yet filled in."""
        return self.es if lang == "es" else StepText(title=self.title, text=self.text)


class FirstAidProtocol(_Strict):
    """The whole protocol: vocabulary, instructions, rules, their order and substance notes."""

    signs: tuple[SignDefinition, ...]
    actions: tuple[ActionDefinition, ...]
    order: tuple[Action, ...]
    rules: tuple[Rule, ...]
    substance_notes: tuple[SubstanceNote, ...] = ()

    @model_validator(mode="after")
    def _complete(self) -> FirstAidProtocol:
        if tuple(s.id for s in self.signs) != SIGN_IDS:
            raise ValueError(f"signs must be exactly, in order: {', '.join(SIGN_IDS)}")
        if sorted(a.id for a in self.actions) != sorted(ACTION_IDS):
            raise ValueError(f"actions must define each of: {', '.join(ACTION_IDS)}")
        if sorted(self.order) != sorted(ACTION_IDS):
            raise ValueError("order must rank every action exactly once")
        return self
