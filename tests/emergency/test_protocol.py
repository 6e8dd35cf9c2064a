"""The overdose rules, checked over every combination of the 14 signs (2^14) in each substance situation."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recoverynav.emergency import SIGN_IDS, SubstanceMatch, first_aid_steps, load_protocol
from recoverynav.emergency import protocol as protocol_module
from recoverynav.emergency.models import SubstanceNote
from recoverynav.knowledge import load_catalog
from recoverynav.references import all_references

RED_FLAGS = frozenset(s.id for s in load_protocol().signs if s.red_flag)
OPIOID_SIGNS = {"pinpoint_pupils", "slow_or_shallow_breathing"}
# Not waking or not breathing well means naloxone whatever was named: fentanyl hides in other drugs and naloxone is
# safe without opioids (#11). Written here independently of protocol.yaml, so a change there must be deliberate.
BREATHING_DANGER = {"unresponsive", "not_breathing", "slow_or_shallow_breathing", "gurgling_or_snoring", "blue_lips"}
# Steps for a person who is awake enough to sit and listen (chest pain, confusion) are not shown during CPR or coma.
NOT_AWAKE = {"unresponsive", "not_breathing"}
ALWAYS = ["do_not_induce_vomiting", "no_more_substances", "stay_with_person", "gather_information"]
OPIOID_STUB = "test-opioid"


def every_sign_combination() -> Iterator[frozenset[str]]:
    """Every set of up to four signs and every set missing at most three, then 600 sets in between.

    The rules test signs by set membership (any of, none of), so what can go wrong shows with few signs ticked
    or nearly all of them; all 2^14 sets took 200 s of the CI's 20 minutes. The middle sizes are a fixed random
    sample (the same sets every run) drawn from all of them.
    """
    import random

    count = len(SIGN_IDS)
    middle: list[frozenset[str]] = []
    for size in range(count + 1):
        for combo in combinations(SIGN_IDS, size):
            if size <= 4 or size >= count - 3:
                yield frozenset(combo)
            else:
                middle.append(frozenset(combo))
    yield from random.Random(20261207).sample(middle, 600)


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
    (["cocaine"], False, False, False),
    ([OPIOID_STUB], True, False, False),
    (["baclofen", "zzqx-unheard-of"], False, True, True),
    ([OPIOID_STUB, "baclofen"], True, False, True),
    # Non-opioids named (the reviewer's cases and others): the signs decide about naloxone, not the names.
    (["xanax"], False, False, False),
    (["ghb", "alcohol"], False, False, False),
    (["methamphetamine", "zzqx-tranq"], False, True, False),
]


@pytest.mark.parametrize(("substances", "opioid", "unknown", "baclofen"), SITUATIONS)
def test_rules_hold_for_every_sign_combination(  # (see every_sign_combination for which sets)
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
        assert_naloxone_rule(signs, actions, opioid, context)
        if "naloxone" in actions and "recovery_position" in actions:
            assert actions.index("recovery_position") < actions.index("naloxone"), context
        # A breathing emergency gets CPR with rescue breaths (for the trained), whatever was named.
        assert ("rescue_breathing" in actions) == ("not_breathing" in signs), context
        awake_enough = not signs & NOT_AWAKE
        sitting_up = awake_enough and "seizure" not in signs
        assert ("chest_pain_care" in actions) == ("chest_pain" in signs and sitting_up), context
        assert ("calm_and_protect" in actions) == ("confused_or_hallucinating" in signs and awake_enough), context
        wants_side = bool(signs & {"unresponsive", "gurgling_or_snoring", "vomiting"}) and "not_breathing" not in signs
        assert ("recovery_position" in actions) == wants_side, context
        assert ("seizure_care" in actions) == ("seizure" in signs), context
        assert ("keep_warm" in actions) == ("very_cold_skin" in signs), context
        assert ("cool_down" in actions) == ("overheating" in signs), context
        assert ("check_response" in actions) == (not signs), context
        # Baclofen's effects can come late and last days: hospital, never "call Poison Help" as the whole answer.
        assert ("call_poison_centre" in actions) == (bool(signs or substances) and not red and not baclofen), context
        assert ("go_to_hospital" in actions) == (baclofen and not red), context
        assert result.hospital_needed == (red or baclofen), context
        for first in ("call_poison_centre", "go_to_hospital"):
            if first in actions:
                assert actions[: actions.index(first)] in ([], ["check_response"]), context
        assert ("hospital_care" in actions) == baclofen, context
        assert actions[-len(ALWAYS) :] == ALWAYS, context
        assert len(actions) == len(set(actions)), context


def assert_naloxone_rule(signs: frozenset[str], actions: list[str], opioid: bool, context: str) -> None:
    """Naloxone whenever the person may not be breathing well (or nothing is ticked yet), after the call and CPR."""
    wants_naloxone = opioid or not signs or bool(signs & (OPIOID_SIGNS | BREATHING_DANGER))
    assert ("naloxone" in actions) == wants_naloxone, context
    if "naloxone" in actions:
        if "call_emergency" in actions:
            assert actions.index("call_emergency") < actions.index("naloxone"), context
        if "cpr" in actions:
            assert actions.index("cpr") < actions.index("rescue_breathing") < actions.index("naloxone"), context


# Any list of names: every name the knowledge base knows (generic, brand, street), or made-up text.
TYPED_NAMES = st.lists(
    st.one_of(
        st.sampled_from(sorted(load_catalog().index)),
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz -", min_size=1, max_size=12),
    ),
    max_size=4,
)


# The opioid stub fixture is stateless, so sharing it between examples is safe.
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(signs=st.sets(st.sampled_from(SIGN_IDS)), substances=TYPED_NAMES)
def test_naloxone_whatever_was_named(signs: set[str], substances: list[str]) -> None:
    result = first_aid_steps(sorted(signs), substances, "US")
    opioid = any({"opioid", "opioid_partial_agonist"} & set(m.classes) for m in result.substances)
    assert_naloxone_rule(frozenset(signs), result.actions, opioid, f"signs={sorted(signs)} {substances}")
    if signs & BREATHING_DANGER:
        assert "naloxone" in result.actions and result.actions[0] == "call_emergency"


@pytest.mark.parametrize(
    "signs",
    [list(SIGN_IDS), [s for s in SIGN_IDS if s not in NOT_AWAKE], ["awake_and_talking"], []],
)
def test_every_step_cites_known_sources_and_reads_plainly(signs: list[str]) -> None:
    known = all_references()
    result = first_aid_steps(signs, ["baclofen", "zzqx-unheard-of"], "US")
    for step in result.steps:
        assert step.sources and all(s in known for s in step.sources), step
        assert "{" not in step.text and "{" not in step.title, step
        assert len(step.text) < 500, step


def test_done_when_baclofen_not_breathing() -> None:
    result = first_aid_steps(["unresponsive", "not_breathing"], ["baclofen"], "US")
    assert result.actions[:2] == ["call_emergency", "cpr"]
    assert "naloxone" not in result.actions[: result.actions.index("cpr")]
    note = next(s for s in result.steps if s.action == "hospital_care")
    assert "no antidote" in note.text and "seem well" in note.text
    assert "franchitto-2018-baclofen-self-poisoning" in note.sources
    assert note.substance == "baclofen"


@pytest.mark.parametrize(
    ("signs", "expected_first"),
    [
        (["awake_and_talking"], "call_poison_centre"),
        (["vomiting", "pinpoint_pupils"], "call_poison_centre"),
        (["awake_and_talking", "chest_pain"], "call_emergency"),
        (["awake_and_talking", "seizure"], "call_emergency"),
        (["confused_or_hallucinating"], "call_emergency"),
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
    assert first_aid_steps(["vomiting"], [], "MX").actions[0] == "recovery_position"  # no poison centre on file


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


@pytest.mark.parametrize(
    ("signs", "substances", "expected"),
    [
        # Only non-opioids named, but the signs point to opioids: fentanyl may be hidden in them.
        (["pinpoint_pupils", "slow_or_shallow_breathing"], ["cocaine"], ["call_emergency", "naloxone"]),
        (["pinpoint_pupils", "slow_or_shallow_breathing"], ["alcohol"], ["call_emergency", "naloxone"]),
        # Unknown substance, not waking: turn them, then naloxone.
        (["unresponsive"], [], ["call_emergency", "recovery_position", "naloxone"]),
        (["vomiting", "unresponsive"], [], ["call_emergency", "recovery_position", "naloxone"]),
        # Vomiting while awake: a phone call, then on their side.
        (["vomiting", "awake_and_talking"], [], ["call_poison_centre", "recovery_position"]),
        # Named sedative, not waking: airway first, then naloxone all the same (fentanyl hides in other drugs).
        (["unresponsive", "gurgling_or_snoring"], ["alcohol"], ["call_emergency", "recovery_position", "naloxone"]),
        (["not_breathing"], ["ghb"], ["call_emergency", "cpr", "rescue_breathing", "naloxone"]),
        (["blue_lips"], ["xanax"], ["call_emergency", "naloxone"]),
        (["seizure"], [], ["call_emergency", "seizure_care"]),
        (["overheating", "chest_pain"], ["cocaine"], ["call_emergency", "cool_down", "chest_pain_care"]),
        (["confused_or_hallucinating"], ["methamphetamine"], ["call_emergency", "calm_and_protect"]),
        # Baclofen, awake: one message, hospital now (effects can come late), with the reason.
        (["awake_and_talking"], ["baclofen"], ["go_to_hospital", "hospital_care"]),
        (["unresponsive", "not_breathing"], [OPIOID_STUB], ["call_emergency", "cpr", "rescue_breathing", "naloxone"]),
    ],
)
def test_representative_situations_start_with_these_steps(
    signs: list[str], substances: list[str], expected: list[str]
) -> None:
    assert first_aid_steps(signs, substances, "US").actions[: len(expected)] == expected


def test_texts_do_not_contradict_the_call_already_made() -> None:
    steps = {s.action: s for s in first_aid_steps(["seizure", "chest_pain"], [OPIOID_STUB], "US").steps}
    # The call is step 1, so seizure care must not say "call if it lasts 5 minutes".
    assert "Call 911 if" not in steps["seizure_care"].text
    assert "5 minutes" in steps["seizure_care"].text and "operator" in steps["seizure_care"].text
    # The call script fits every red flag, not only "not responding or not breathing".
    assert "what you see" in steps["call_emergency"].text


def test_naloxone_says_when_and_how_often_with_the_label_as_source() -> None:
    step = next(s for s in first_aid_steps([], [OPIOID_STUB], "US").steps if s.action == "naloxone")
    assert "will not wake up" in step.text and "2 to 3 minutes" in step.text
    assert "dailymed-narcan-otc-nasal-spray" in step.sources
    assert "safe" in step.text


LATE_NOTES = [n for n in load_protocol().substance_notes if n.late_symptoms]


@pytest.mark.parametrize("note", LATE_NOTES, ids=lambda n: n.substance or n.substance_class or "?")
def test_every_late_acting_substance_means_hospital_even_if_well(
    note: SubstanceNote, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Data-driven: whatever substance the protocol marks as late-acting, with or without a monograph today."""
    stub = SubstanceMatch(
        query="late-stub",
        known=True,
        id=note.substance or "late-stub",
        name="late stub",
        classes=(note.substance_class,) if note.substance_class else (),
    )
    monkeypatch.setattr(protocol_module, "match_substance", lambda name: stub)
    for signs in ([], ["awake_and_talking"], ["vomiting"], ["pinpoint_pupils", "awake_and_talking"]):
        result = first_aid_steps(signs, ["late-stub"], "US")
        actions = result.actions
        assert "call_poison_centre" not in actions and result.hospital_needed, (signs, actions)
        assert actions[: actions.index("go_to_hospital")] in ([], ["check_response"]), (signs, actions)
        step = next(s for s in result.steps if s.action == "go_to_hospital")
        assert set(note.late_symptoms) <= set(step.sources)
        assert note.title in [s.title for s in result.steps if s.action == "hospital_care"]
    emergency = first_aid_steps(["awake_and_talking", "chest_pain"], ["late-stub"], "US")
    assert emergency.actions[0] == "call_emergency" and "go_to_hospital" not in emergency.actions


def _products_with_a_noted_ingredient() -> list[tuple[str, SubstanceNote]]:
    noted = {n.substance: n for n in load_protocol().substance_notes if n.substance}
    return [
        (product.names.generic, noted[ingredient])
        for product in load_catalog().substances.values()
        for ingredient in product.ingredients
        if ingredient in noted
    ]


@pytest.mark.parametrize(("product", "note"), _products_with_a_noted_ingredient())
def test_a_combination_product_gets_the_note_of_each_ingredient(product: str, note: SubstanceNote) -> None:
    """Tylenol #3, Percocet, Ultracet, Tylenol PM...: the acetaminophen note (help now, even without symptoms) too."""
    result = first_aid_steps(["awake_and_talking"], [product], "US")
    assert note.title in [s.title for s in result.steps if s.action == "hospital_care"], product
    assert result.hospital_needed == bool(note.late_symptoms)


def test_every_acetaminophen_product_is_covered_by_the_acetaminophen_note() -> None:
    products = {p for p, n in _products_with_a_noted_ingredient() if n.substance == "acetaminophen"}
    assert {"acetaminophen and codeine", "oxycodone and acetaminophen", "tramadol and acetaminophen"} <= products
