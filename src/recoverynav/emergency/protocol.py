"""The overdose protocol engine: evaluate ``protocol.yaml``'s rules for the signs a bystander sees.

The medicine lives in the YAML (signs, instructions, rules, order, substance notes, sources); this
module only evaluates conditions, orders the steps and fills in the country's numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from recoverynav.emergency.results import SIGN_IDS, FirstAid, PhoneRef, Step, SubstanceMatch
from recoverynav.errors import NotFound

if TYPE_CHECKING:
    from recoverynav.emergency.models import ActionDefinition, Condition, FirstAidProtocol, SubstanceNote
    from recoverynav.emergency.numbers import CountryContacts


class UnknownSignError(NotFound, ValueError):
    """A sign outside the fixed vocabulary; ``valid`` lists the accepted ids."""

    def __init__(self, bad: list[str]) -> None:
        self.bad = bad
        self.valid = list(SIGN_IDS)
        super().__init__(f"Unknown sign(s): {', '.join(map(repr, bad))}. Valid signs are: {', '.join(SIGN_IDS)}.")


@cache
def load_protocol() -> FirstAidProtocol:
    """Load and validate ``protocol.yaml``; every cited source id must exist in the bibliography."""
    from recoverynav.datafiles import read_yaml
    from recoverynav.emergency.models import FirstAidProtocol
    from recoverynav.references import check_ids

    protocol = FirstAidProtocol.model_validate(read_yaml("recoverynav.emergency", "protocol.yaml"))
    ids = [s for a in protocol.actions for s in a.sources]
    ids += [s for n in protocol.substance_notes for s in n.sources + n.late_symptoms]
    check_ids(ids, where="emergency/protocol.yaml")
    return protocol


@dataclass(frozen=True)
class _Situation:
    """What the rules look at: the reported signs and what is known about the substances."""

    signs: frozenset[str]
    red_flags: frozenset[str]
    opioid_signs: frozenset[str]
    classes: frozenset[str]
    substance_unknown: bool
    substance_named: bool
    notes: tuple[tuple[SubstanceNote, str], ...]
    has_poison_centre: bool


def _holds(cond: Condition, s: _Situation) -> bool:
    checks = (
        not cond.any_sign or bool(s.signs.intersection(cond.any_sign)),
        not cond.no_sign or not s.signs.intersection(cond.no_sign),
        cond.red_flag is None or cond.red_flag == bool(s.signs & s.red_flags),
        cond.no_signs is None or cond.no_signs == (not s.signs),
        cond.opioid_sign is None or cond.opioid_sign == bool(s.signs & s.opioid_signs),
        not cond.suspected_class or bool(s.classes.intersection(cond.suspected_class)),
        cond.substance_unknown is None or cond.substance_unknown == s.substance_unknown,
        cond.substance_named is None or cond.substance_named == s.substance_named,
        cond.substance_note is None or cond.substance_note == bool(s.notes),
        cond.late_symptoms is None or cond.late_symptoms == any(bool(note.late_symptoms) for note, _ in s.notes),
        cond.poison_centre is None or cond.poison_centre == s.has_poison_centre,
        not cond.any_of or any(_holds(branch, s) for branch in cond.any_of),
    )
    return all(checks)


@lru_cache(maxsize=512)
def match_substance(name: str) -> SubstanceMatch:
    """Resolve a typed name through the knowledge base; an unknown name is reported, not an error.

    Only a name a monograph lists resolves; for any other, similar names come back as ``suggestions`` and the
    name stays unknown (the steps for an unknown substance, naloxone rules included, apply).
    """
    from recoverynav.knowledge.bundle import find_entry
    from recoverynav.knowledge.names import UnknownNameError

    try:
        match, entry = find_entry(name)
    except UnknownNameError as exc:
        return SubstanceMatch(query=name, known=False, suggestions=tuple(exc.suggestions))
    return SubstanceMatch(
        query=name,
        known=True,
        id=entry["id"],
        name=entry["names"]["generic"],
        classes=tuple(entry["classes"]),
        corrected=match.corrected,
        ingredients=tuple(entry.get("ingredients", ())),
    )


def _notes_for(protocol: FirstAidProtocol, matches: Iterable[SubstanceMatch]) -> tuple[tuple[SubstanceNote, str], ...]:
    found: dict[int, tuple[SubstanceNote, str]] = {}
    for m in matches:
        if not m.known:
            continue
        for i, note in enumerate(protocol.substance_notes):
            named = note.substance is not None and note.substance in (m.id, *m.ingredients)
            if named or (note.substance_class and note.substance_class in m.classes):
                found.setdefault(i, (note, m.name or m.query))
    return tuple(found[i] for i in sorted(found))


def validate_signs(signs: Iterable[str]) -> tuple[str, ...]:
    """The signs in checklist order without repeats, or :class:`UnknownSignError` naming the bad ones."""
    given = [s.strip() for s in signs if s.strip()]
    bad = [s for s in given if s not in SIGN_IDS]
    if bad:
        raise UnknownSignError(bad)
    return tuple(s for s in SIGN_IDS if s in given)


def first_aid_steps(
    signs: Iterable[str] = (),
    substances: Iterable[str] = (),
    country: str = "US",
    lang: str = "en",
) -> FirstAid:
    """Ordered, cited bystander steps for these signs, suspected substances and country.

    ``lang`` ("en" or "es") picks the protocol's text; the rules, order, sources and numbers are the same.

    Raises :class:`UnknownSignError` for a sign outside the vocabulary and
    :class:`~recoverynav.emergency.UnknownCountryError` for a country with no numbers on file.
    Unknown substance names are allowed: they are reported with ``known=False``.
    """
    from recoverynav.emergency.numbers import contacts_for

    protocol = load_protocol()
    ordered_signs = validate_signs(signs)
    return evaluate(protocol, contacts_for(country), ordered_signs, substances, lang)


def evaluate(
    protocol: FirstAidProtocol,
    contacts: CountryContacts,
    ordered_signs: tuple[str, ...],
    substances: Iterable[str],
    lang: str,
) -> FirstAid:
    """The steps for validated signs (in checklist order) and one country's numbers.

    :func:`first_aid_steps` passes the validated protocol; the command line's fast path passes the same data read
    from its compiled file (``emergency.bundle``), which has the same attributes.
    """
    names = [n.strip() for n in substances if n.strip()]
    matches = tuple(match_substance(n) for n in dict.fromkeys(names))
    situation = _Situation(
        signs=frozenset(ordered_signs),
        red_flags=frozenset(s.id for s in protocol.signs if s.red_flag),
        opioid_signs=frozenset(s.id for s in protocol.signs if s.opioid_sign),
        classes=frozenset(c for m in matches for c in m.classes),
        substance_unknown=not matches or any(not m.known for m in matches),
        substance_named=bool(matches),
        notes=_notes_for(protocol, matches),
        has_poison_centre=contacts.poison_centre is not None,
    )
    fired = {rule.action for rule in protocol.rules if _holds(rule.when, situation)}
    fill = {
        "emergency_number": contacts.emergency_number,
        "poison_centre": (
            f"{contacts.poison_centre.name_in(lang)} ({contacts.poison_centre.number})"
            if contacts.poison_centre
            else ""
        ),
    }
    definitions = {a.id: a for a in protocol.actions}
    steps: list[Step] = []
    for action in protocol.order:
        if action not in fired:
            continue
        if action == "hospital_care":
            steps += [_note_step(definitions[action], note, name, fill, lang) for note, name in situation.notes]
        else:
            d = definitions[action]
            late = [s for note, _ in situation.notes for s in note.late_symptoms]
            sources = tuple(dict.fromkeys(d.sources + tuple(late))) if d.cites_late_notes else d.sources
            words = d.text_in(lang)
            steps.append(Step(action, words.title.format(**fill), words.text.format(**fill), sources))
    poison = contacts.poison_centre
    is_emergency = bool(situation.signs & situation.red_flags)
    return FirstAid(
        country=contacts.country,
        emergency_number=contacts.emergency_number,
        emergency_tel=contacts.emergency_tel,
        poison_centre=PhoneRef(poison.name_in(lang), poison.number, poison.tel) if poison else None,
        is_emergency=is_emergency,
        hospital_needed=is_emergency or any(bool(note.late_symptoms) for note, _ in situation.notes),
        signs=ordered_signs,
        substances=matches,
        steps=tuple(steps),
    )


def _note_step(base: ActionDefinition, note: SubstanceNote, name: str, fill: dict[str, str], lang: str) -> Step:
    # The note replaces the generic hospital text: it carries the substance's own reason and sources.
    words = note.text_in(lang)
    return Step(base.id, words.title.format(**fill), words.text.format(**fill), note.sources, substance=name)
