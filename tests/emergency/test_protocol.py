"""The overdose rules, checked over every combination of the 14 signs (2^14) in each substance situation."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations

import pytest

from recoverynav.emergency import SIGN_IDS, SubstanceMatch, first_aid_steps, load_protocol
from recoverynav.emergency import protocol as protocol_module
from recoverynav.references import all_references

RED_FLAGS = frozenset(s.id for s in load_protocol().signs if s.red_flag)
OPIOID_SIGNS = {"pinpoint_pupils", "slow_or_shallow_breathing"}
ALWAYS = ["do_not_induce_vomiting", "no_more_substances", "stay_with_person", "gather_information"]
OPIOID_STUB = "test-opioid"


def every_sign_combination() -> Iterator[frozenset[str]]:
    for size in range(len(SIGN_IDS) + 1):
        for combo in combinations(SIGN_IDS, size):
            yield frozenset(combo)


@pytest.fixture(autouse=True)
def opioid_stub(monkeypatch: pytest.MonkeyPatch) -> None:
    """A known opioid, so the opioid rules are tested whatever monographs exist today."""
    real = protocol_module.match_substance

    def fake(name: str) -> SubstanceMatch:
        if name == OPIOID_STUB:
            return SubstanceMatch(query=name, known=True, id="stub", name="stub opioid", classes=("opioid",))
        return real(name)

    monkeypatch.setattr(protocol_module, "match_substance", fake)


# (substances, an opioid is suspected, the substance is (partly) unknown, baclofen is named)
SITUATIONS = [
    ([], False, True, False),
    (["baclofen"], False, False, True),
    ([OPIOID_STUB], True, False, False),
    (["baclofen", "zzqx-unheard-of"], False, True, True),
    ([OPIOID_STUB, "baclofen"], True, False, True),
]


@pytest.mark.parametrize(("substances", "opioid", "unknown", "baclofen"), SITUATIONS)
def test_rules_hold_for_every_sign_combination(
    substances: list[str], opioid: bool, unknown: bool, baclofen: bool
) -> None:
    for signs in every_sign_combination():
        result = first_aid_steps(sorted(signs), substances, "US")
        actions = result.actions
        red = bool(signs & RED_FLAGS)
        context = f"signs={sorted(signs)} substances={substances}: {actions}"
        assert result.is_emergency == red, context
        assert (actions[0] == "call_emergency") == red, context
        assert ("call_emergency" in actions) == red, context
        if "not_breathing" in signs:
            assert actions[1] == "cpr", context
        assert ("cpr" in actions) == ("not_breathing" in signs), context
        wants_naloxone = opioid or (unknown and bool(signs & (OPIOID_SIGNS | {"not_breathing"})))
        assert ("naloxone" in actions) == wants_naloxone, context
        if "naloxone" in actions and "cpr" in actions:
            assert actions.index("cpr") < actions.index("naloxone"), context
        wants_breaths = "not_breathing" in signs and (opioid or unknown)
        assert ("rescue_breathing" in actions) == wants_breaths, context
        wants_side = "unresponsive" in signs and "not_breathing" not in signs
        assert ("recovery_position" in actions) == wants_side, context
        assert ("seizure_care" in actions) == ("seizure" in signs), context
        assert ("keep_warm" in actions) == ("very_cold_skin" in signs), context
        assert ("cool_down" in actions) == ("overheating" in signs), context
        assert ("check_response" in actions) == (not signs), context
        assert ("call_poison_centre" in actions) == (bool(signs) and not red), context
        assert ("hospital_care" in actions) == baclofen, context
        assert actions[-len(ALWAYS) :] == ALWAYS, context
        assert len(actions) == len(set(actions)), context


def test_every_step_cites_known_sources_and_reads_plainly() -> None:
    known = all_references()
    result = first_aid_steps(list(SIGN_IDS), ["baclofen", "zzqx-unheard-of"], "US")
    for step in result.steps:
        assert step.sources and all(s in known for s in step.sources), step
        assert "{" not in step.text and "{" not in step.title, step
        assert len(step.text) < 500, step


def test_done_when_baclofen_not_breathing() -> None:
    result = first_aid_steps(["unresponsive", "not_breathing"], ["baclofen"], "US")
    assert result.actions[:2] == ["call_emergency", "cpr"]
    assert "naloxone" not in result.actions[: result.actions.index("cpr")]
    note = next(s for s in result.steps if s.action == "hospital_care")
    assert "no antidote" in note.text and "seem better" in note.text
    assert "franchitto-2018-baclofen-self-poisoning" in note.sources
    assert note.substance == "baclofen"


@pytest.mark.parametrize(
    ("signs", "expected_first"),
    [
        (["awake_and_talking"], "call_poison_centre"),
        (["vomiting", "pinpoint_pupils"], "naloxone"),
        (["seizure"], "call_emergency"),
        ([], "check_response"),
    ],
)
def test_first_step_by_situation(signs: list[str], expected_first: str) -> None:
    assert first_aid_steps(signs, [], "US").actions[0] == expected_first


def test_country_numbers_fill_the_text() -> None:
    result = first_aid_steps(["unresponsive"], [], "AU")
    assert result.emergency_number == "000"
    assert result.steps[0].title == "Call 000 now"
    assert result.poison_centre is not None and result.poison_centre.number == "13 11 26"
    assert first_aid_steps(["vomiting"], [], "MX").actions[0] == "do_not_induce_vomiting"  # no poison centre on file


def test_unknown_substance_is_reported_not_an_error() -> None:
    result = first_aid_steps(["pinpoint_pupils"], ["zzqx-unheard-of"], "US")
    assert [m.known for m in result.substances] == [False]
    assert "naloxone" in result.actions


def test_bad_sign_names_the_value_and_lists_valid_ones() -> None:
    from recoverynav.emergency import UnknownSignError

    with pytest.raises(UnknownSignError) as info:
        first_aid_steps(["unresponsive", "sleepy"], [], "US")
    assert info.value.bad == ["sleepy"]
    assert "'sleepy'" in str(info.value) and "not_breathing" in str(info.value)
