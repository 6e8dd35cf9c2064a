"""Hypothesis strategies for recovery plans: any text within the bounds, any valid phone, zone and time."""

from __future__ import annotations

from hypothesis import strategies as st

from recoverynav.plans import DAYS, MAX_ITEMS, MAX_PEOPLE, MAX_TEXT, CrisisPlan, Person, Reasons, RecoveryPlan
from recoverynav.plans.models import Triggers, WeeklyEvent

# Printable text that survives the model's whitespace stripping unchanged (no edge spaces, no line breaks).
_chars = st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\u0085")
texts = st.text(_chars, min_size=1, max_size=MAX_TEXT).map(str.strip).filter(bool)
item_lists = st.lists(texts, max_size=4)
phones = st.sampled_from(["215-555-0100", "(415) 555 0199", "+44 20 7946 0958", "988", "", "+1 212 555 0123 ext. 4"])
people = st.builds(Person, name=st.text(_chars, min_size=1, max_size=80).map(str.strip).filter(bool), phone=phones)
zones = st.sampled_from([None, "America/New_York", "America/Los_Angeles", "Pacific/Honolulu", "Europe/Madrid"])
times = st.builds(lambda h, m: f"{h:02d}:{m:02d}", st.integers(0, 23), st.integers(0, 59))


@st.composite
def events(draw: st.DrawFn) -> WeeklyEvent:
    scheduled = draw(st.booleans())
    return WeeklyEvent(
        name=draw(st.text(_chars, min_size=1, max_size=120).map(str.strip).filter(bool)),
        day=draw(st.sampled_from(DAYS)) if scheduled else None,
        time=draw(times) if scheduled else None,
        timezone=draw(zones),
        where=draw(st.text(_chars, max_size=MAX_TEXT).map(str.strip)),
    )


plans = st.builds(
    RecoveryPlan,
    reasons=st.builds(Reasons, health=item_lists, home=item_lists, purpose=item_lists, community=item_lists),
    triggers=st.builds(Triggers, inside=item_lists, outside=item_lists),
    warning_signs=item_lists,
    coping_now=item_lists,
    coping_week=item_lists,
    people=st.lists(people, max_size=3),
    meetings=st.lists(events(), max_size=3),
    check_ins=st.lists(events(), max_size=2),
    medications=item_lists,
    if_i_slip=item_lists,
    crisis=st.builds(
        CrisisPlan,
        warning_signs=item_lists,
        on_my_own=item_lists,
        people_and_places=item_lists,
        people_to_ask=st.lists(people, max_size=MAX_PEOPLE),
        professionals=st.lists(people, max_size=2),
        safer_place=item_lists,
    ),
)
assert MAX_ITEMS >= 4
