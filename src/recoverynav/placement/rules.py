"""``recommend_level``: an open, explained, ASAM-informed level-of-care suggestion from a set of answers.

The facts are validated here (:class:`Facts`); the engine is :mod:`recoverynav.placement.plain`, the one set of
steps every face runs (this function for the library, the API, the web and back office and the command line's full
path; ``recoverynav place --facts`` calls it directly), and its answer is validated as a :class:`Recommendation`.
"""

from __future__ import annotations

from recoverynav.emergency import contacts_for
from recoverynav.finder import FinderQuery
from recoverynav.placement.guide import load_guide
from recoverynav.placement.models import Facts, Recommendation
from recoverynav.placement.plain import plain_recommend


def finder_query(codes: list[str], near: str | None = None) -> FinderQuery:
    """A facility-finder search for places offering every one of ``codes``, near a place."""
    return FinderQuery(codes=tuple(codes), near=near or None)


def recommend_level(facts: Facts, country: str = "US", lang: str = "en") -> Recommendation:
    """Suggest a level of care, withdrawal management and one of the six options, with reasons and sources.

    ``lang`` ("en" or "es") is the language of the words: reasons, steps, notes, headline, option title and ratings
    (each rule's ``es:`` block, the options guide's ``es:`` block, ``words.py``). Levels, codes, sources and ASAM's
    own level and dimension names are the same in every language. An unknown ``country`` raises
    :class:`~recoverynav.emergency.UnknownCountryError`.

    Usage::

        rec = recommend_level(Facts(substances=["alcohol"], daily_use=True, history_withdrawal_seizures_or_dts=True))
        rec.withdrawal_management   # "3.7-WM"
    """
    contacts_for(country)  # names an unknown country, with the known ones
    return Recommendation.model_validate(plain_recommend(facts.model_dump(), country, lang))


def intensity(rec: Recommendation) -> tuple[int, int]:
    """An order over recommendations: (level of care, withdrawal management); higher is more intensive."""
    guide = load_guide()
    wm = guide.withdrawal_level(rec.withdrawal_management).intensity if rec.withdrawal_management else 0
    return guide.level(rec.level).intensity, wm
