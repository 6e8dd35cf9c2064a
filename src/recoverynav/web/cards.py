"""The finder's result cards, each drawn once per listing, language and checkbox state, then reused (#21).

A results page shows 20 cards. Drawing one (its phones, headline services, sources, licence, each name marked for
its language) is most of the page's cost, and the same listings come back for every search nearby, so the drawn
card is kept, keyed by everything it is drawn from:

* every field of the listing except its distance (a search's own) and openings (a card with openings is drawn each
  time: their ages change by the hour);
* the page's language, whether it has the compare box, and whether that box is ticked.

The distance is the one per-search part: the kept card holds :data:`DISTANCE_SLOT` (an HTML comment, which escaped
data can never contain) where the "4.2 miles" goes, filled in on each use. A changed listing (a new import, a
correction) has a different key, so it is drawn again; the store is bounded and forgets the oldest card first.
"""

from __future__ import annotations

import threading
from typing import Any

import jinja2
from markupsafe import Markup

from recoverynav import i18n

CARD_TEMPLATE = "find/_card.html"
DISTANCE_SLOT = Markup("<!--distance-->")
# Cards kept per process: about 2 kB each, so a few tens of MB at most; enough for every listing near the places a
# busy helpline serves in a day.
MAX_CARDS = 8192
# Fields that never change the card, or that each search sets itself.
_PER_SEARCH = frozenset({"distance_miles", "openings"})

_cards: dict[tuple[Any, ...], str] = {}
_lock = threading.Lock()


def listing_key(facility: Any) -> tuple[Any, ...]:
    """Everything a card is drawn from, as one hashable value: every model field but the per-search ones."""
    values = facility.__dict__
    return tuple(_frozen(values[name]) for name in type(facility).model_fields if name not in _PER_SEARCH)


def _frozen(value: Any) -> Any:
    """``value`` as a hashable value equal for equal data: models by type and fields, lists and dicts as tuples."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple)):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return tuple((k, _frozen(v)) for k, v in value.items())
    fields = getattr(type(value), "model_fields", None)
    if fields is not None:
        return (type(value).__name__, *(_frozen(value.__dict__[name]) for name in fields))
    hash(value)  # dates, enums: hashable as they are; anything else raises here, not later in a lookup
    return value


def distance_text(miles: float) -> Markup:
    """ "4.2 miles" in the current language, as the templates' ``_()`` draws it."""
    return Markup(i18n.gettext("%(miles)s miles")) % {"miles": f"{miles:.1f}"}


@jinja2.pass_context
def facility_card(context: jinja2.runtime.Context, facility: Any, *, compare_box: bool = False) -> Markup:
    """The card of ``facility`` for this page, from the store when it was drawn before."""
    compare_with = context.get("compare_with")
    checked = bool(compare_box and compare_with and compare_with.frid == facility.frid)
    key = None
    if not facility.openings:
        key = (context.get("lang"), compare_box, checked, facility.distance_miles is None, listing_key(facility))
        with _lock:
            html = _cards.get(key)
        if html is not None:
            return _with_distance(html, facility)
    variables = {**context.get_all(), "f": facility, "compare_box": compare_box, "distance_slot": DISTANCE_SLOT}
    html = context.environment.get_template(CARD_TEMPLATE).render(variables)
    if key is not None:
        with _lock:
            if len(_cards) >= MAX_CARDS:
                _cards.pop(next(iter(_cards)))
            _cards[key] = html
    return _with_distance(html, facility)


def _with_distance(html: str, facility: Any) -> Markup:
    if facility.distance_miles is None:
        return Markup(html)
    return Markup(html.replace(DISTANCE_SLOT, distance_text(facility.distance_miles), 1))


def forget_cards() -> None:
    """Empty the store (tests that change a template's inputs in place)."""
    with _lock:
        _cards.clear()
