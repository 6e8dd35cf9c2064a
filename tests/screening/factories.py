"""Build answer lists for tests: a target score, or all-lowest / all-highest options."""

from __future__ import annotations

from recoverynav.screening import Instrument


def answers_for_score(instrument: Instrument, target: int) -> list[int]:
    """Option indexes (published order) whose points sum to ``target``; greedy, items in order.

    Only for ``sum`` instruments without skip logic (AUDIT, DAST-10, CAGE-AID, CIWA-Ar, COWS, DSM-5).
    """
    assert instrument.scoring == "sum"
    remaining = target
    answers: list[int] = []
    for item in instrument.items:
        # Most points that still fit; on a tie the first option (so a context question such as DSM-5
        # "only as prescribed" stays at "No").
        fitting = [(o.points, -n) for n, o in enumerate(item.options) if o.points <= remaining]
        points, negative_index = max(fitting)
        index = -negative_index
        answers.append(index)
        remaining -= points
    assert remaining == 0, f"cannot reach {target} on {instrument.id}"
    return answers
