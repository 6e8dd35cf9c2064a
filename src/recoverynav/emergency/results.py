"""What the overdose protocol answers (plain dataclasses) and its fixed vocabularies, without pydantic.

``models`` keeps the same vocabularies as ``Literal`` types for validating ``protocol.yaml`` and checks, on import,
that they match these tuples; the command line's fast path imports only this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# The fixed vocabulary a bystander can report. Order is the order of the checklist on screen.
SIGN_IDS: tuple[str, ...] = (
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
)
# The fixed list of things a bystander can be told to do; the protocol's ``order`` ranks them.
ACTION_IDS: tuple[str, ...] = (
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
)


@dataclass(frozen=True)
class SubstanceMatch:
    """How a typed substance name was understood: known (with its id and classes) or unknown.

    An unknown name carries ``suggestions``: similar known names for the person to confirm ("did you mean …?").
    They are never used in its place (a similar name may be a different drug), so the steps treat it as unknown.
    """

    query: str
    known: bool
    id: str | None = None
    name: str | None = None
    classes: tuple[str, ...] = ()
    corrected: bool = False
    suggestions: tuple[str, ...] = ()
    # A combination product's ingredient ids (Tylenol #3: acetaminophen, codeine), so an ingredient's note applies.
    ingredients: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "known": self.known,
            "id": self.id,
            "name": self.name,
            "classes": list(self.classes),
            "corrected": self.corrected,
            "suggestions": list(self.suggestions),
        }


@dataclass(frozen=True)
class Step:
    """One thing to do now: an action id, a short title, plain-language text and its source ids."""

    action: str
    title: str
    text: str
    sources: tuple[str, ...]
    substance: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "action": self.action,
            "title": self.title,
            "text": self.text,
            "sources": list(self.sources),
        }
        if self.substance:
            data["substance"] = self.substance
        return data


@dataclass(frozen=True)
class PhoneRef:
    name: str
    number: str
    tel: str

    def to_json(self) -> dict[str, str]:
        return {"name": self.name, "number": self.number, "tel": self.tel}


@dataclass(frozen=True)
class FirstAid:
    """The protocol's answer for one situation.

    Usage::

        from recoverynav.emergency import first_aid_steps
        first_aid_steps(["unresponsive", "not_breathing"], ["baclofen"], country="US").steps[0].action
        # "call_emergency"
    """

    country: str
    emergency_number: str
    emergency_tel: str
    poison_centre: PhoneRef | None
    is_emergency: bool
    # True when the person needs emergency or hospital care (a red flag, or a substance whose effects come late):
    # then a poison centre is for questions only and must never read as an alternative to going.
    hospital_needed: bool
    signs: tuple[str, ...]
    substances: tuple[SubstanceMatch, ...]
    steps: tuple[Step, ...] = field(default=())

    @property
    def actions(self) -> list[str]:
        return [s.action for s in self.steps]

    @property
    def unknown(self) -> tuple[SubstanceMatch, ...]:
        """The names no monograph lists, each with its suggestions to confirm; the steps treat them as unknown."""
        return tuple(m for m in self.substances if not m.known)

    def to_json(self) -> dict[str, Any]:
        return {
            "country": self.country,
            "emergency_number": self.emergency_number,
            "poison_centre": self.poison_centre.to_json() if self.poison_centre else None,
            "is_emergency": self.is_emergency,
            "hospital_needed": self.hospital_needed,
            "signs": list(self.signs),
            "substances": [s.to_json() for s in self.substances],
            "steps": [s.to_json() for s in self.steps],
            # The same shape as the combination check's ``unknown``: each name with similar names to confirm.
            "unknown": [{"name": m.query, "suggestions": list(m.suggestions)} for m in self.unknown],
        }
