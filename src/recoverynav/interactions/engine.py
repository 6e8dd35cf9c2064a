"""``check_combination``: resolve names, then read precomputed pair findings and add whole-combination ones.

Every pair of catalogue entries is evaluated once, at first use (``load_engine``), so a check is dictionary
look-ups: a 20-substance check stays well under a millisecond (see ``benchmarks/interactions_check.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import combinations

from recoverynav.interactions.bundle import overlap_note
from recoverynav.interactions.errors import UnknownNamesError
from recoverynav.interactions.models import (
    CombinationReport,
    CombinationRule,
    Finding,
    MechanismHit,
    ResolvedSubstance,
    Rule,
    RuleBook,
    Severity,
    TripSitRating,
    UnknownName,
    UrgentAdvice,
    strictest,
)
from recoverynav.interactions.rulebook import STATUS_ORDER, TripSitChart, Words, load_rulebook, load_tripsit, load_words
from recoverynav.knowledge.catalog import Catalog, load_catalog, lookup
from recoverynav.knowledge.models import Substance
from recoverynav.knowledge.names import UnknownNameError, normalize
from recoverynav.references import Citation, CitedSources, cite_sources


def source_refs(ids: Iterable[str]) -> tuple[Citation, ...]:
    """A finding's sources, numbered within the finding; :func:`check_combination` renumbers them for the report."""
    return cite_sources(ids).citations


def _numbered(findings: list[Finding], first: Sequence[str]) -> tuple[list[Finding], CitedSources]:
    """The findings with their sources numbered across the report, after ``first`` (the urgent advice's, shown
    above them): first cited, first numbered."""
    cited = cite_sources([*first, *(s.id for f in findings for s in f.sources)])
    by_id = {c.id: c for c in cited.citations}
    renumbered = [f.model_copy(update={"sources": tuple(by_id[s.id] for s in f.sources)}) for f in findings]
    return renumbered, cited


@dataclass(frozen=True)
class Engine:
    """Rules, the catalogue and every pair finding, computed once."""

    book: RuleBook
    catalog: Catalog
    chart: TripSitChart
    classes: dict[str, frozenset[str]]
    members: dict[str, frozenset[str]]
    ids: dict[str, frozenset[str]]
    pairs: dict[tuple[str, str], Finding]

    def pair(self, a: str, b: str) -> Finding | None:
        return self.pairs.get((a, b) if a < b else (b, a))


def _matches(
    selector_classes: tuple[str, ...], selector_ids: tuple[str, ...], ids: frozenset[str], classes: frozenset[str]
) -> bool:
    """``ids`` is the entry itself plus, for a combination product, its ingredients (a rule about acetaminophen
    applies to Percocet)."""
    if selector_ids:
        return not ids.isdisjoint(selector_ids)
    return not classes.isdisjoint(selector_classes)


def _stands_for(catalog: Catalog) -> dict[str, frozenset[str]]:
    """Each entry's id and its ingredients' ids: what substance-specific rules are matched against."""
    return {sid: frozenset((sid, *s.ingredients)) for sid, s in catalog.substances.items()}


def _rule_matches(
    rule: Rule, a: str, b: str, classes: dict[str, frozenset[str]], ids: dict[str, frozenset[str]] | None = None
) -> bool:
    def stands(x: str) -> frozenset[str]:
        return ids[x] if ids is not None else frozenset((x,))

    def one_way(x: str, y: str) -> bool:
        return _matches(rule.a.classes, rule.a.substances, stands(x), classes[x]) and _matches(
            rule.b.classes, rule.b.substances, stands(y), classes[y]
        )

    return one_way(a, b) or one_way(b, a)


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _capped(severity: Severity, cap: Severity) -> Severity:
    return severity if severity.rank <= cap.rank else cap


def _tripsit_groups(sid: str, ids: frozenset[str], classes: frozenset[str], book: RuleBook) -> tuple[str, ...]:
    mapping = book.tripsit
    if sid in mapping.by_id:
        return (mapping.by_id[sid],)
    by_ingredient = sorted({mapping.by_id[i] for i in ids if i in mapping.by_id})
    if by_ingredient:
        return tuple(by_ingredient)
    return tuple(sorted({group for cls, group in mapping.by_class.items() if cls in classes}))


def _tripsit_rating(
    book: RuleBook, chart: TripSitChart, a_groups: tuple[str, ...], b_groups: tuple[str, ...]
) -> TripSitRating | None:
    best: TripSitRating | None = None
    for ga in a_groups:
        for gb in b_groups:
            combo = chart.combos.get(frozenset((ga, gb))) if ga != gb else None
            if combo is None:
                continue
            if best is None or STATUS_ORDER.index(combo.status) < STATUS_ORDER.index(best.status):
                best = TripSitRating(
                    groups=(ga, gb), status=combo.status, severity=book.tripsit.severity[combo.status], note=combo.note
                )
    return best


def _pair_finding(
    a: str,
    b: str,
    book: RuleBook,
    chart: TripSitChart,
    classes: dict[str, frozenset[str]],
    breadth: dict[str, int],
    ids: dict[str, frozenset[str]],
) -> Finding | None:
    matched = [r for r in book.rules if _rule_matches(r, a, b, classes, ids)]
    labels = {m.id: m.label for m in book.mechanisms}
    hits: list[tuple[MechanismHit, list[Rule], list[Rule]]] = []
    for mechanism in _unique(r.mechanism for r in matched):
        rules = [r for r in matched if r.mechanism == mechanism]
        # Specific evidence (e.g. the baclofen label on alcohol) leads the wording, but it never lowers the rating:
        # where two sources disagree the stricter wins (tramadol's own serotonin rule says `major`, the MAOI label
        # forbids every serotonergic drug, so tramadol + phenelzine stays `contraindicated`). Every matching rule's
        # sources stay cited because they all back the mechanism.
        severity = strictest(*(r.severity for r in rules))
        strictest_rules = [r for r in rules if r.severity == severity]
        leading = [r for r in strictest_rules if r.specific] or strictest_rules
        backing = [r for r in rules if r not in leading]
        # The wording comes from the narrowest of the strictest rules (opioid x benzodiazepine speaks more
        # precisely than CNS depressant x CNS depressant); every matching rule's sources are cited.
        leading = sorted(leading, key=lambda r: (-r.severity.rank, breadth[r.id]))
        hit = MechanismHit(id=mechanism, label=labels[mechanism], severity=severity, rules=tuple(r.id for r in leading))
        hits.append((hit, leading, backing))
    tripsit = _tripsit_rating(
        book, chart, _tripsit_groups(a, ids[a], classes[a], book), _tripsit_groups(b, ids[b], classes[b], book)
    )
    if not hits and (tripsit is None or tripsit.severity == Severity.NONE_KNOWN):
        return None
    hits.sort(key=lambda h: -h[0].severity.rank)
    severity = strictest(*(h[0].severity for h in hits))
    effects = _unique(e for _, lead, _ in hits for e in lead[0].effects)
    advice = _unique(e for _, lead, _ in hits for e in lead[0].advice)
    source_ids = [s for _, lead, back in hits for r in (*lead, *back) for s in r.sources]
    mechanism = "; ".join(h[0].label for h in hits)
    if tripsit is not None:
        # The stricter rating wins and both are cited; but TripSit alone never makes a finding major.
        ts_severity = tripsit.severity if hits else _capped(tripsit.severity, book.tripsit.alone_cap)
        severity = strictest(severity, ts_severity)
        source_ids.append(book.tripsit.source)
        if not hits:
            mechanism = labels["reported_harm"]
            effects = (tripsit.note,) if tripsit.note else (chart.definitions.get(tripsit.status, tripsit.status),)
            advice = book.tripsit.advice
            source_ids += book.tripsit.advice_sources
    return Finding(
        kind="pair",
        substances=(a, b),
        severity=severity,
        mechanism=mechanism,
        mechanisms=tuple(h[0] for h in hits),
        effects=effects,
        advice=advice,
        sources=source_refs(source_ids),
        tripsit=tripsit,
    )


@cache
def load_engine() -> Engine:
    """Validate rules and chart, and evaluate every pair of catalogue entries once."""
    book = load_rulebook()
    catalog = load_catalog()
    chart = load_tripsit()
    _check_vocabulary(book, catalog)
    classes = {sid: frozenset(s.classes) for sid, s in catalog.substances.items()}
    members = {sid: _members(sid, catalog) for sid in catalog.substances}
    ids = _stands_for(catalog)
    breadth = {r.id: _breadth(r, classes, ids) for r in book.rules}
    pairs: dict[tuple[str, str], Finding] = {}
    for a, b in combinations(sorted(catalog.substances), 2):
        finding = _pair_finding(a, b, book, chart, classes, breadth, ids)
        if finding is not None:
            pairs[(a, b)] = finding
    # A class named twice ("benzos" and "tranquilizers") may mean two different members taken together.
    for a in sorted(sid for sid, s in catalog.substances.items() if s.kind == "class"):
        finding = _pair_finding(a, a, book, chart, classes, breadth, ids)
        if finding is not None:
            pairs[(a, a)] = finding
    return Engine(book=book, catalog=catalog, chart=chart, classes=classes, members=members, ids=ids, pairs=pairs)


def _check_vocabulary(book: RuleBook, catalog: Catalog) -> None:
    """Every class a rule names must be in classes.yaml (a typo would silently match nothing)."""
    named = {c for r in book.rules for sel in (r.a, r.b) for c in sel.classes}
    named |= {c for r in book.combination_rules for c in r.classes} | set(book.tripsit.by_class)
    unknown = sorted(named - set(catalog.classes))
    if unknown:
        raise ValueError(f"interactions/rules.yaml names classes not in classes.yaml: {', '.join(unknown)}")


def _breadth(rule: Rule, classes: dict[str, frozenset[str]], ids: dict[str, frozenset[str]]) -> int:
    """How many entry pairs a rule can match: smaller is more specific."""
    sides = [
        sum(_matches(sel.classes, sel.substances, ids[sid], cls) for sid, cls in classes.items())
        for sel in (rule.a, rule.b)
    ]
    return max(sides[0], 1) * max(sides[1], 1)


def _members(sid: str, catalog: Catalog) -> frozenset[str]:
    """The substances an entry stands for: itself, or a class's members (recursively)."""
    entry = catalog.substances[sid]
    if entry.kind != "class":
        return frozenset((sid,))
    found: set[str] = set()
    for member in entry.members:
        found |= _members(member, catalog) if member in catalog.substances else {member}
    return frozenset(found)


def resolve_names(names: Sequence[str]) -> tuple[list[tuple[str, Substance, bool]], list[UnknownNameError]]:
    """(listed name, entry, listed misspelling) for each known name, and each unknown name (once) with suggestions.

    Only names a monograph lists resolve (see :func:`recoverynav.knowledge.lookup`): a similar name is a
    suggestion, never a substitute, because it may be a different drug.
    """
    found: list[tuple[str, Substance, bool]] = []
    errors: dict[str, UnknownNameError] = {}
    for name in names:
        try:
            match = lookup(name)
        except UnknownNameError as exc:
            errors.setdefault(normalize(name) or name, exc)
        else:
            found.append((match.matched_name, match.substance, match.corrected))
    return found, list(errors.values())


def check_combination(names: Sequence[str], lang: str = "en") -> CombinationReport:
    """Resolve every name (any name a monograph lists) and report the risks of the known ones together.

    ``lang`` ("en" or "es") is the language of the report's words: mechanisms, effects, advice, the urgent signs
    and the notes (``rules.yaml``'s ``es:`` blocks); ids, names, severities and sources are the same in both.
    TripSit's own note on a pair stays as TripSit wrote it (English).

    Unknown names do not hide what is known: they are listed in ``report.unknown`` with suggestions. Raises
    :class:`UnknownNamesError` when names are unknown and fewer than two are known (nothing to combine), and
    ``ValueError`` for an empty list.
    """
    if not names:
        raise ValueError("give at least one substance name")
    engine = load_engine()
    found, errors = resolve_names(names)
    if errors and len(found) < 2:
        raise UnknownNamesError(errors, known=list(dict.fromkeys(s.names.generic for _, s, _ in found)))
    entered: dict[str, tuple[Substance, set[str], bool]] = {}
    for key, substance, corrected in found:
        _, aliases, was_corrected = entered.get(substance.id, (substance, set(), False))
        aliases.add(key)
        entered[substance.id] = (substance, aliases, was_corrected or corrected)
    ids = sorted(entered)
    findings = [f for a, b in combinations(ids, 2) if (f := engine.pair(a, b)) is not None]
    findings += _combination_findings(engine, ids, {sid: v[1] for sid, v in entered.items()})
    findings.sort(key=lambda f: (-f.severity.rank, f.kind != "combination", f.substances))
    highest = findings[0].severity if findings else Severity.NONE_KNOWN
    urgent = engine.book.urgent if highest.urgent else None
    findings, cited = _numbered(findings, urgent.sources if urgent else ())
    words = load_words(lang)
    if words.lang != "en":
        findings = [in_words(f, words) for f in findings]
    notes = _overlap_notes(engine, ids, words)
    if not findings:
        notes.append(words.none_known)
    substances = tuple(
        ResolvedSubstance(
            id=sid,
            name=entered[sid][0].names.generic,
            kind=entered[sid][0].kind,
            classes=entered[sid][0].classes,
            entered_as=tuple(sorted(entered[sid][1])),
            corrected=entered[sid][2],
        )
        for sid in ids
    )
    shows_tripsit = any(f.tripsit is not None for f in findings)
    return CombinationReport.model_construct(
        substances=substances,
        findings=tuple(findings),
        highest_severity=highest,
        notes=tuple(notes),
        attribution=engine.chart.attribution if shows_tripsit else None,
        urgent_advice=UrgentAdvice(when=words.urgent_when, sources=tuple(cited.subset(urgent.sources)))
        if urgent
        else None,
        references=cited.citations,
        unknown=tuple(UnknownName(name=e.query, suggestions=tuple(e.suggestions)) for e in errors),
    )


def _combination_findings(engine: Engine, ids: list[str], aliases: dict[str, set[str]]) -> list[Finding]:
    found: list[Finding] = []
    for rule in engine.book.combination_rules:
        if rule.kind == "cumulative":
            counted = [
                i
                for i in ids
                if not engine.ids[i].isdisjoint(rule.substances) or not engine.classes[i].isdisjoint(rule.classes)
            ]
            involved = _distinct_members(engine, counted)
            if len(involved) >= rule.min_count:
                found.append(_whole(rule, tuple(involved)))
        else:
            for sid in ids:
                if len(aliases[sid]) >= rule.min_count:
                    found.append(_whole(rule, (sid,), _overdose_sources(engine.catalog.substances[sid])))
                    same_class = engine.pair(sid, sid)
                    if same_class is not None:
                        found.append(same_class)
    return found


def _distinct_members(engine: Engine, ids: list[str]) -> list[str]:
    """Entries counted once each: a class entry whose member was also named adds nothing new."""
    named = set(ids)
    return [
        i
        for i in ids
        if not (engine.catalog.substances[i].kind == "class" and any(m in named for m in engine.members[i]))
    ]


def _overdose_sources(substance: Substance) -> tuple[str, ...]:
    od = substance.sections.overdose
    statements = [*od.effects, *od.warning_signs] or [substance.summary]
    return _unique(s for st in statements for s in st.sources)


@cache
def _whole(rule: CombinationRule, substances: tuple[str, ...], extra: tuple[str, ...] = ()) -> Finding:
    labels = {m.id: m.label for m in load_rulebook().mechanisms}
    hit = MechanismHit(id=rule.mechanism, label=labels[rule.mechanism], severity=rule.severity, rules=(rule.id,))
    return Finding(
        kind="combination" if rule.kind == "cumulative" else "duplicate",
        substances=substances,
        severity=rule.severity,
        mechanism=labels[rule.mechanism],
        mechanisms=(hit,),
        effects=rule.effects,
        advice=rule.advice,
        sources=source_refs((*rule.sources, *extra)),
    )


def in_words(finding: Finding, words: Words) -> Finding:
    """``finding`` in ``words``' language: its mechanisms, effects and advice (a statement without a translation,
    TripSit's note, stays as it is)."""
    hits = tuple(h.model_copy(update={"label": words.labels[h.id]}) for h in finding.mechanisms)
    return finding.model_copy(
        update={
            "mechanism": "; ".join(h.label for h in hits) if hits else words.labels["reported_harm"],
            "mechanisms": hits,
            "effects": tuple(words.text.get(e, e) for e in finding.effects),
            "advice": tuple(words.text.get(a, a) for a in finding.advice),
        }
    )


def _overlap_notes(engine: Engine, ids: list[str], words: Words) -> list[str]:
    notes: list[str] = []
    names = {i: engine.catalog.substances[i].names.generic for i in ids}
    for a, b in combinations(ids, 2):
        if engine.members[a] & engine.members[b]:
            notes.append(overlap_note(words.overlap, names[a], names[b]))
    return notes
