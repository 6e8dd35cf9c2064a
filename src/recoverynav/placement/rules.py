"""``recommend_level``: an open, explained, ASAM-informed level-of-care suggestion from a set of answers.

The rules live in ``rules.yaml``. Each fired rule sets a minimum: a dimension rating, a level, a
withdrawal-management level, or urgency. The answer is the least intensive level meeting every minimum, so a
single high-risk answer sets the level on its own; dimensions are never averaged.
"""

from __future__ import annotations

from recoverynav.emergency import contacts_for
from recoverynav.finder import FinderQuery
from recoverynav.placement.advice import choose_headline, next_steps
from recoverynav.placement.guide import Guide, load_guide
from recoverynav.placement.models import (
    Contact,
    DimensionRating,
    Facts,
    FinderLink,
    OptionId,
    Reason,
    Recommendation,
    Urgent,
)
from recoverynav.placement.rulebook import Rule, load_rulebook
from recoverynav.placement.signals import Signals, derive_signals
from recoverynav.placement.unknown import unknown_substances
from recoverynav.placement.words import RATING_WORDS, language, say
from recoverynav.references import cite_sources

RATING_LABELS = RATING_WORDS["en"]

# Which answers feed each derived signal, so every reason can name the facts behind it.
_DERIVED_FROM: dict[str, tuple[str, ...]] = {
    "sedative_dependence": ("substances", "daily_use", "withdrawal_symptoms"),
    "opioid_dependence": ("substances", "daily_use", "withdrawal_symptoms"),
    "withdrawal_risk": ("substances", "daily_use", "withdrawal_symptoms"),
    "withdrawal_care_substance": ("substances",),
    "withdrawal_not_medical": ("substances", "withdrawal_symptoms"),
    "ciwa_severity": ("ciwa_ar",),
    "cows_severity": ("cows",),
    "renal_risk_substance": ("substances",),
    "dose_above_label": ("daily_dose_mg", "substances"),
    "dose_far_above_label": ("daily_dose_mg", "substances"),
    "lacks_support": ("support_people",),
    "screening_severity": ("screening",),
    "severity": ("daily_use", "withdrawal_symptoms", "cravings", "prior_treatment_relapses", "screening"),
}


def _facts_behind(rule: Rule) -> list[str]:
    names: list[str] = []
    for key in rule.when:
        names.extend(_DERIVED_FROM.get(key, (key,)))
    return list(dict.fromkeys(names))


def _reason(rule: Rule, signals: Signals, fill: dict[str, str], lang: str = "en") -> Reason:
    sources = list(rule.sources)
    if any(k.startswith("dose_") for k in rule.when):
        # The label that sets the maximum is the source for "above the label maximum".
        sources += signals.dose_sources
    if rule.cite_withdrawal:
        # The withdrawal-table rows of the substances named, and only those (#11).
        # A `treat_with_medication` rule speaks of opioids, so it cites only rows naming an opioid (not kratom's).
        sources += [
            s
            for row, names in signals.withdrawal_rows
            if row.stopping_risk == rule.cite_withdrawal
            and (rule.cite_withdrawal != "treat_with_medication" or signals.takes_opioid_path(names))
            for s in row.sources
        ]
    sources += [s for cls, ids in rule.class_sources.items() if cls in signals.named_classes for s in ids]
    sources = list(dict.fromkeys(sources))
    return Reason(
        rule=rule.id,
        dimension=rule.dimension,
        rating=rule.rating,
        text=" ".join(rule.reason_in(lang).format(**fill).split()),
        facts=_facts_behind(rule),
        sources=sources,
    )


def _most_intensive_level(guide: Guide, ids: list[str]) -> str:
    return max(ids, key=lambda i: guide.level(i).intensity)


def _withdrawal_for_setting(guide: Guide, level_id: str, wm: str | None) -> str | None:
    """Withdrawal is managed where the person is: in a 24-hour setting, use that setting's withdrawal level."""
    if wm is None:
        return None
    rank = guide.level(level_id).intensity
    hosted = [w for w in guide.withdrawal_levels if guide.level(w.host).intensity <= rank]
    best = max(hosted, key=lambda w: w.intensity)
    return best.id if best.intensity > guide.withdrawal_level(wm).intensity else wm


def finder_query(codes: list[str], near: str | None = None) -> FinderQuery:
    """A facility-finder search for places offering every one of ``codes``, near a place."""
    return FinderQuery(codes=tuple(codes), near=near or None)


def medication_finder_links(signals: Signals, near: str | None) -> list[FinderLink]:
    """For opioid dependence, finder searches by medication (buprenorphine, methadone)."""
    # The directory's own medication searches: an empty search there offers the same ones.
    from recoverynav.directory.empty import MEDICATION_FINDERS, medication_finder_query

    if not signals.values.get("opioid_dependence"):
        return []
    return [FinderLink(label=label, query=medication_finder_query(med, near)) for label, med in MEDICATION_FINDERS]


def recommend_level(facts: Facts, country: str = "US", lang: str = "en") -> Recommendation:
    """Suggest a level of care, withdrawal management and one of the six options, with reasons and sources.

    ``lang`` ("en" or "es") is the language of the words: reasons, steps, notes, headline, option title and ratings
    (each rule's ``es:`` block, the options guide's ``es:`` block, ``words.py``). Levels, codes, sources and ASAM's
    own level and dimension names are the same in every language.

    Usage::

        rec = recommend_level(Facts(substances=["alcohol"], daily_use=True, history_withdrawal_seizures_or_dts=True))
        rec.withdrawal_management   # "3.7-WM"
    """
    lang = language(lang)
    guide, book = load_guide(lang), load_rulebook()
    contacts = contacts_for(country)
    signals = derive_signals(facts, book, lang)
    fill = {**signals.fill, "emergency_number": contacts.emergency_number}
    fired = [r for r in book.rules if all(t.holds(k, signals.values.get(k)) for k, t in r.when.items())]

    ratings = dict.fromkeys(range(1, 7), 0)
    for rule in fired:
        if rule.dimension is not None and rule.rating is not None:
            ratings[rule.dimension] = max(ratings[rule.dimension], rule.rating)

    # No disorder signs at all (a clean screen, nothing else) is early intervention; otherwise outpatient.
    baseline = "0.5" if signals.values["severity"] == "none" else "1"
    treatment = _most_intensive_level(guide, [baseline, *(r.level for r in fired if r.level)])
    wm_ids = [r.withdrawal_management for r in fired if r.withdrawal_management]
    wm = max(wm_ids, key=lambda w: guide.withdrawal_level(w).intensity) if wm_ids else None
    level = treatment
    if wm is not None:
        level = _most_intensive_level(guide, [treatment, guide.withdrawal_level(wm).host])
    wm = _withdrawal_for_setting(guide, level, wm)

    reasons = [_reason(r, signals, fill, lang) for r in sorted(fired, key=lambda r: (not r.urgent, r.dimension or 7))]
    if wm is not None and level != treatment:
        host = guide.level(level)
        reasons.append(
            Reason(
                rule="withdrawal-setting",
                dimension=1,
                rating=ratings[1],
                # "within level 2.1 (Intensive Outpatient Services)": no article to get wrong before a vowel.
                text=say(
                    "withdrawal_setting",
                    lang,
                    wm=wm,
                    level=level,
                    host=host.name,
                    setting=guide.withdrawal_level(wm).setting,
                ),
                facts=["substances", "daily_use", "withdrawal_symptoms"],
                sources=list(guide.withdrawal_level(wm).sources),
            )
        )
    if wm is None and treatment == baseline:
        reasons.append(
            Reason(
                rule="least-intensive",
                dimension=None,
                rating=None,
                text=say("least_intensive", lang),
                facts=[],
                sources=["asam-criteria-3rd-edition-page", "improvingmipractices-asam-levels-of-care"],
            )
        )

    remission = any(r.id == "remission-after-treatment" for r in fired)
    option: OptionId
    if wm is not None:
        option = "detox"
    elif remission and guide.level(level).intensity <= guide.level("1").intensity:
        option = "aftercare"
    else:
        option = guide.level(level).option

    urgent = None
    if any(r.urgent for r in fired):
        # The crisis lines (988) join the emergency number only for a mental-health emergency (an urgent rule of
        # dimension 3, e.g. a suicide plan). A failing baclofen pump or severe withdrawal is a medical emergency: the
        # reasons say "go to an emergency department or call 911", and the headline must not offer a talk line
        # as the alternative.
        crisis = list(contacts.crisis_lines) if any(r.urgent and r.dimension == 3 for r in fired) else []
        lines = [contacts.emergency_number] + [c.number for c in crisis]
        people = [Contact(name=say("emergency", lang), number=contacts.emergency_number, tel=contacts.emergency_tel)]
        people += [Contact(name=c.name_in(lang), number=c.number, tel=c.tel) for c in crisis]
        urgent = Urgent(message=say("urgent_message", lang, numbers=say("or", lang).join(lines)), contacts=people)

    codes = list(guide.withdrawal_level(wm).facility_codes if wm else guide.level(level).facility_codes)
    if option == "aftercare":
        codes = list(guide.option("aftercare").facility_codes)
    if facts.co_occurring_mental_health or ratings[3] >= 2:
        codes.append("CO")
    if facts.pregnant:
        codes.append("PW")
    codes = list(dict.fromkeys(codes))

    option_title = guide.option(option).title
    steps, step_sources = next_steps(guide, facts, signals, option, option_title, urgent, lang)
    headline = choose_headline(fired, reasons, urgent, option_title, level, guide.level(level).name, lang)
    source_ids = [*headline.sources, *(s for r in reasons for s in r.sources), *step_sources]
    source_ids += list(guide.level(level).sources) + list(guide.option(option).sources)
    if wm:
        source_ids += list(guide.withdrawal_level(wm).sources)
    wm_level = guide.withdrawal_level(wm) if wm else None
    return Recommendation(
        disclaimer=say("disclaimer", lang),
        headline=headline,
        urgent=urgent,
        level=level,
        level_name=guide.level(level).name,
        level_name_4th=guide.level(level).name_4th,
        withdrawal_management=wm,
        withdrawal_management_name=wm_level.name if wm_level else None,
        after_withdrawal_level=treatment if wm else None,
        option=option,
        option_title=option_title,
        dimension_ratings=[
            DimensionRating(
                dimension=d.number,
                name=d.name,
                plain=d.plain_es if lang == "es" else d.plain,
                rating=r,
                label=RATING_WORDS[lang][r],
            )
            for d, r in zip(book.dimensions, ratings.values(), strict=True)
        ],
        reasons=reasons,
        next_steps=steps,
        facility_codes=codes,
        finder_query=finder_query(codes, facts.near),
        medication_finder_links=medication_finder_links(signals, facts.near),
        notes=signals.notes,
        unknown=unknown_substances(facts),
        sources=list(cite_sources(source_ids).citations),
    )


def intensity(rec: Recommendation) -> tuple[int, int]:
    """An order over recommendations: (level of care, withdrawal management); higher is more intensive."""
    guide = load_guide()
    wm = guide.withdrawal_level(rec.withdrawal_management).intensity if rec.withdrawal_management else 0
    return guide.level(rec.level).intensity, wm
