"""The command line's fast path for combination checks: every pair finding compiled once into ``_check.json``.

``recoverynav check`` must start in a few tens of milliseconds: validating ``rules.yaml`` and the catalogue and
evaluating every pair of entries (:func:`~recoverynav.interactions.engine.load_engine`) costs far more, and so
does importing pydantic. So ``scripts/build_bundle.py`` writes the engine's answers as plain JSON (from
:func:`render_check_bundle`): each pair finding, the whole-combination rules, what each entry stands for, and the
references they cite. :func:`check_json` reads that file with ``json`` only and returns exactly
``check_combination(names).model_dump(mode="json")``. A test fails when the committed file differs from a fresh
build, and another compares both paths over many combinations.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Sequence
from functools import cache
from itertools import combinations
from typing import TYPE_CHECKING, Any

from recoverynav.interactions.errors import UnknownNamesError
from recoverynav.knowledge.bundle import load_names
from recoverynav.knowledge.names import UnknownNameError, heading_case, normalize, resolve_name

if TYPE_CHECKING:
    from pathlib import Path

CHECK_BUNDLE = "_check.json"
CHECK_FINDINGS = "_check_findings.jsonl"
# Severity ranks as ``interactions.models.Severity`` orders them (a test keeps the two the same).
RANKS = {"none_known": 0, "minor": 1, "moderate": 2, "major": 3, "contraindicated": 4}
URGENT_RANK = RANKS["major"]


def build_check_bundle() -> dict[str, Any]:
    """Validate the rules, chart and catalogue, evaluate every pair, and return the file's content."""
    import dataclasses

    from recoverynav.interactions.engine import _overdose_sources, load_engine
    from recoverynav.interactions.rulebook import load_words
    from recoverynav.references import cite_sources

    engine = load_engine()
    book, catalog = engine.book, engine.catalog
    labels = {m.id: m.label for m in book.mechanisms}
    substances = {
        sid: {
            "name": s.names.generic,
            "kind": s.kind,
            "classes": list(s.classes),
            "stands_for": sorted(engine.ids[sid]),
            "members": sorted(engine.members[sid]),
            "overdose_sources": list(_overdose_sources(s)),
        }
        for sid, s in sorted(catalog.substances.items())
    }
    # Most pairs share their finding but for the two ids (every opioid with every benzodiazepine): each distinct
    # finding is kept once, in ``_check_findings.jsonl``, and a pair names its line.
    findings: list[dict[str, Any]] = []
    lines: dict[str, int] = {}
    pairs: dict[str, int] = {}
    for (a, b), finding in sorted(engine.pairs.items()):
        body = finding.model_dump(mode="json", exclude={"substances"})
        body["sources"] = [source["id"] for source in body["sources"]]
        text = _text(body)
        pairs[f"{a}|{b}"] = lines.setdefault(text, len(findings))
        if pairs[f"{a}|{b}"] == len(findings):
            findings.append(body)
    rules: list[dict[str, Any]] = [
        {
            "id": rule.id,
            "kind": rule.kind,
            "classes": list(rule.classes),
            "substances": list(rule.substances),
            "min_count": rule.min_count,
            "severity": rule.severity.value,
            "mechanism": rule.mechanism,
            "label": labels[rule.mechanism],
            "effects": list(rule.effects),
            "advice": list(rule.advice),
            "sources": list(rule.sources),
        }
        for rule in book.combination_rules
    ]
    used = [*book.urgent.sources, *(s for f in findings for s in f["sources"])]
    used += [s for rule in rules for s in rule["sources"]]
    used += [s for entry in substances.values() for s in entry["overdose_sources"]]
    references = {}
    for citation in cite_sources(sorted(set(used))).citations:
        data = citation.model_dump(mode="json")
        del data["n"]
        references[citation.id] = data
    from recoverynav.emergency import all_contacts

    return {
        "emergency_numbers": {code: c.emergency_number for code, c in sorted(all_contacts().items())},
        "substances": substances,
        "pairs": pairs,
        "findings": findings,
        "combination_rules": rules,
        "urgent": {"sources": list(book.urgent.sources)},
        # Each language's words (``rulebook.Words``): a report's statements are English here and said in the
        # asked language through ``text`` (English -> Spanish), as ``engine.in_words`` does.
        "words": {lang: dataclasses.asdict(load_words(lang)) for lang in ("en", "es")},
        "attribution": engine.chart.attribution,
        "references": references,
    }


def _text(data: Any) -> str:
    # Keys stay in the models' order: the answer is printed as read.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def render_check_bundle() -> dict[str, str]:
    """The committed files' text by file name: the tables, and the distinct findings one JSON line each."""
    data = build_check_bundle()
    findings = data.pop("findings")
    return {CHECK_BUNDLE: _text(data) + "\n", CHECK_FINDINGS: "".join(_text(f) + "\n" for f in findings)}


# Plain strings, not pathlib: importing pathlib costs the command line more than reading the file.
_DIR = os.path.dirname(__file__)


def check_bundle_dir() -> Path:
    from pathlib import Path

    return Path(_DIR)


@cache
def load_check_bundle() -> dict[str, Any]:
    with open(os.path.join(_DIR, CHECK_BUNDLE), encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


@cache
def _finding_lines() -> list[str]:
    with open(os.path.join(_DIR, CHECK_FINDINGS), encoding="utf-8") as fh:
        return fh.read().splitlines()


@cache
def _pair(key: str) -> dict[str, Any] | None:
    """The finding for ``"a|b"`` (ids in order) without its ``substances``, or None when there is none."""
    line = load_check_bundle()["pairs"].get(key)
    if line is None:
        return None
    body: dict[str, Any] = json.loads(_finding_lines()[line])
    return body


def _pair_finding(a: str, b: str) -> dict[str, Any] | None:
    body = _pair(f"{a}|{b}")
    if body is None:
        return None
    return {"kind": body["kind"], "substances": [a, b], **{k: v for k, v in body.items() if k != "kind"}}


def emergency_numbers() -> dict[str, str]:
    """ISO country code -> emergency number, as ``emergency.contacts_for(code).emergency_number`` (compiled)."""
    numbers: dict[str, str] = load_check_bundle()["emergency_numbers"]
    return numbers


def check_json(names: Sequence[str], lang: str = "en") -> dict[str, Any]:
    """``check_combination(names, lang).model_dump(mode="json")``, from the compiled file (no pydantic, no rules).

    Raises what :func:`~recoverynav.interactions.check_combination` raises: :class:`UnknownNamesError` when
    fewer than two names are known, ``ValueError`` for an empty list.
    """
    if not names:
        raise ValueError("give at least one substance name")
    data = load_check_bundle()
    table: dict[str, dict[str, Any]] = data["substances"]
    index, display, misspellings = load_names()
    found: list[tuple[str, str, bool]] = []
    errors: dict[str, UnknownNameError] = {}
    for name in names:
        try:
            match = resolve_name(name, index, display, misspellings)
        except UnknownNameError as exc:
            errors.setdefault(normalize(name) or name, exc)
        else:
            found.append((match.matched_name, match.id, match.corrected))
    if errors and len(found) < 2:
        known = list(dict.fromkeys(table[sid]["name"] for _, sid, _ in found))
        raise UnknownNamesError(list(errors.values()), known=known)
    entered: dict[str, tuple[set[str], bool]] = {}
    for key, sid, corrected in found:
        aliases, was_corrected = entered.get(sid, (set(), False))
        aliases.add(key)
        entered[sid] = (aliases, was_corrected or corrected)
    ids = sorted(entered)
    findings = [f for a, b in combinations(ids, 2) if (f := _pair_finding(a, b)) is not None]
    findings += _combination_findings(data, ids, {sid: aliases for sid, (aliases, _) in entered.items()})
    findings.sort(key=lambda f: (-RANKS[f["severity"]], f["kind"] != "combination", tuple(f["substances"])))
    highest = findings[0]["severity"] if findings else "none_known"
    urgent = data["urgent"] if RANKS[highest] >= URGENT_RANK else None
    numbers: dict[str, int] = {}
    for ref_id in [*(urgent["sources"] if urgent else ()), *(s for f in findings for s in f["sources"])]:
        numbers.setdefault(ref_id, len(numbers) + 1)
    references = [_citation(data, ref_id, n) for ref_id, n in numbers.items()]
    by_id = {c["id"]: c for c in references}
    words = data["words"]["es" if lang == "es" else "en"]
    shown = [{**f, "sources": [by_id[s] for s in f["sources"]]} for f in findings]
    if words["lang"] != "en":
        shown = [_in_words(f, words) for f in shown]
    notes = _overlap_notes(table, ids, words["overlap"])
    if not findings:
        notes.append(words["none_known"])
    substances = [
        {
            "id": sid,
            "name": table[sid]["name"],
            "kind": table[sid]["kind"],
            "classes": table[sid]["classes"],
            "entered_as": sorted(entered[sid][0]),
            "corrected": entered[sid][1],
        }
        for sid in ids
    ]
    shows_tripsit = any(f["tripsit"] is not None for f in findings)
    urgent_advice = None
    if urgent is not None:
        wanted = set(urgent["sources"])
        urgent_advice = {"when": words["urgent_when"], "sources": [c for c in references if c["id"] in wanted]}
    return {
        "substances": substances,
        "findings": shown,
        "highest_severity": highest,
        "notes": notes,
        "attribution": data["attribution"] if shows_tripsit else None,
        "urgent_advice": urgent_advice,
        "references": references,
        "unknown": [{"name": e.query, "suggestions": list(e.suggestions)} for e in errors.values()],
        "urgent": RANKS[highest] >= URGENT_RANK,
    }


def _citation(data: dict[str, Any], ref_id: str, n: int) -> dict[str, Any]:
    return {"n": n, **data["references"][ref_id]}


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _combination_findings(data: dict[str, Any], ids: list[str], aliases: dict[str, set[str]]) -> list[dict[str, Any]]:
    """The engine's ``_combination_findings``: many depressants at once, or one entry named twice."""
    table = data["substances"]
    found: list[dict[str, Any]] = []
    for rule in data["combination_rules"]:
        if rule["kind"] == "cumulative":
            counted = [
                i
                for i in ids
                if not set(table[i]["stands_for"]).isdisjoint(rule["substances"])
                or not set(table[i]["classes"]).isdisjoint(rule["classes"])
            ]
            involved = _distinct_members(table, counted)
            if len(involved) >= rule["min_count"]:
                found.append(_whole(rule, involved))
        else:
            for sid in ids:
                if len(aliases[sid]) >= rule["min_count"]:
                    found.append(_whole(rule, [sid], table[sid]["overdose_sources"]))
                    same_class = _pair_finding(sid, sid)
                    if same_class is not None:
                        found.append(same_class)
    return found


def _distinct_members(table: dict[str, dict[str, Any]], ids: list[str]) -> list[str]:
    named = set(ids)
    return [i for i in ids if not (table[i]["kind"] == "class" and any(m in named for m in table[i]["members"]))]


def _whole(rule: dict[str, Any], substances: list[str], extra: Sequence[str] = ()) -> dict[str, Any]:
    hit = {"id": rule["mechanism"], "label": rule["label"], "severity": rule["severity"], "rules": [rule["id"]]}
    return {
        "kind": "combination" if rule["kind"] == "cumulative" else "duplicate",
        "substances": substances,
        "severity": rule["severity"],
        "mechanism": rule["label"],
        "mechanisms": [hit],
        "effects": rule["effects"],
        "advice": rule["advice"],
        "sources": _unique([*rule["sources"], *extra]),
        "tripsit": None,
    }


def _in_words(finding: dict[str, Any], words: dict[str, Any]) -> dict[str, Any]:
    """The engine's ``in_words``: the finding's mechanisms, effects and advice in ``words``' language."""
    labels, text = words["labels"], words["text"]
    hits = [{**h, "label": labels[h["id"]]} for h in finding["mechanisms"]]
    return {
        **finding,
        "mechanism": "; ".join(h["label"] for h in hits) if hits else labels["reported_harm"],
        "mechanisms": hits,
        "effects": [text.get(e, e) for e in finding["effects"]],
        "advice": [text.get(a, a) for a in finding["advice"]],
    }


_SLOT = re.compile(r"\{([ab])\}")


def overlap_note(template: str, a: str, b: str) -> str:
    """``rules.yaml``'s overlap note with the two names in (one pass: a name is never read as a placeholder)."""
    names = {"a": heading_case(a), "b": b}
    return _SLOT.sub(lambda m: names[m[1]], template)


def _overlap_notes(table: dict[str, dict[str, Any]], ids: list[str], template: str) -> list[str]:
    notes: list[str] = []
    for a, b in combinations(ids, 2):
        if set(table[a]["members"]) & set(table[b]["members"]):
            notes.append(overlap_note(template, table[a]["name"], table[b]["name"]))
    return notes
