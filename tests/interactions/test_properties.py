"""Properties: the report ignores input order and letter case; adding a substance never lowers the risk."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from recoverynav.interactions import check
from recoverynav.knowledge import load_catalog

NAMES = sorted(load_catalog().index)
names = st.lists(st.sampled_from(NAMES), min_size=1, max_size=8)


def _shout(name: str, pattern: list[bool]) -> str:
    return "".join(
        ch.upper() if up else ch.lower() for ch, up in zip(name, pattern + [False] * len(name), strict=False)
    )


@settings(max_examples=150, deadline=None)
@given(names, st.randoms(use_true_random=False), st.lists(st.booleans(), max_size=40))
def test_report_does_not_depend_on_order_or_case(chosen: list[str], rnd: object, pattern: list[bool]) -> None:
    shuffled = list(chosen)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    assert check(chosen) == check([_shout(n, pattern) for n in shuffled])


@settings(max_examples=150, deadline=None)
@given(names, st.sampled_from(NAMES))
def test_adding_a_substance_never_lowers_the_highest_severity(chosen: list[str], extra: str) -> None:
    before = check(chosen).highest_severity
    after = check([*chosen, extra]).highest_severity
    assert after.rank >= before.rank
