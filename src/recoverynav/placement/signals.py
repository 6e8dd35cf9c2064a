"""The signals the rules test, from validated facts: the engine's own (``plain.derive_signals``)."""

from __future__ import annotations

from recoverynav.placement.bundle import place_data
from recoverynav.placement.models import Facts
from recoverynav.placement.plain import Signals
from recoverynav.placement.plain import derive_signals as _derive
from recoverynav.placement.rulebook import PlacementRules, load_rulebook
from recoverynav.placement.words import language

__all__ = ["Signals", "derive_signals"]


def derive_signals(facts: Facts, book: PlacementRules, lang: str = "en") -> Signals:
    """Every signal a rule may test, as the engine derives them for ``facts``.

    The engine runs the rules compiled from ``load_rulebook()`` (``_place.json``, kept current by a test); another
    ``book`` raises rather than being silently ignored.
    """
    if book is not load_rulebook():
        raise ValueError("the engine runs the compiled rules of load_rulebook(); give that rulebook")
    return _derive(place_data(), facts.model_dump(), language(lang))
