"""The command line's fast path for placement: the rules, the options guide and what they read, compiled to JSON.

The engine (:mod:`recoverynav.placement.plain`) reads what ``rules.yaml``, ``options.yaml``, every monograph, the
withdrawal table, the screening instruments, the emergency numbers and the bibliography say (about a hundred YAML
files, validated by pydantic, which cost ``recoverynav place`` forty times a bare interpreter).
:func:`render_place_bundle` compiles that (already validated and cross-checked by their loaders) into
``_place.json``, written by ``scripts/build_bundle.py``; the engine runs the rules over it with the standard library,
for every face. A test fails when the committed file differs from a fresh build.
"""

from __future__ import annotations

import json
import os
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

PLACE_BUNDLE = "_place.json"
_PATH = os.path.join(os.path.dirname(__file__), PLACE_BUNDLE)


def _test(test: Any) -> list[Any]:
    """A rule's test as ``[kind, value]``: ``is``, ``at_least`` or ``in``."""
    if test.is_ is not None:
        return ["is", test.is_]
    if test.in_ is not None:
        return ["in", list(test.in_)]
    return ["at_least", test.at_least]


def build_place_bundle() -> dict[str, Any]:
    """Everything :mod:`~recoverynav.placement.plain` reads, from the validated sources."""
    from recoverynav.directory.empty import MEDICATION_FINDERS
    from recoverynav.emergency import all_contacts
    from recoverynav.knowledge import load_catalog, withdrawal_for, withdrawal_table
    from recoverynav.placement.guide import load_guide
    from recoverynav.placement.plain import ENGINE_SOURCES, PUMP_SOURCES
    from recoverynav.placement.rulebook import FLAGS, NUMBERS, ORDERS, load_rulebook
    from recoverynav.references import Citation, get_reference
    from recoverynav.screening import all_instruments, get_instrument

    book = load_rulebook()
    catalog = load_catalog()
    table = withdrawal_table()
    rules: list[dict[str, Any]] = [
        {
            "id": r.id,
            "when": {k: _test(t) for k, t in r.when.items()},
            "dimension": r.dimension,
            "rating": r.rating,
            "level": r.level,
            "withdrawal_management": r.withdrawal_management,
            "urgent": r.urgent,
            "reason": {"en": r.reason, "es": r.es.reason},
            "sources": list(r.sources),
            "cite_withdrawal": r.cite_withdrawal,
            "class_sources": {c: list(ids) for c, ids in r.class_sources.items()},
            "headline": None
            if r.headline is None
            else {"kind": r.headline.kind, "title": {"en": r.headline.title, "es": r.es.title}},
        }
        for r in book.rules
    ]
    guides: dict[str, dict[str, Any]] = {}
    for lang in ("en", "es"):
        guide = load_guide(lang)
        guides[lang] = {
            "levels": [lv.model_dump(mode="json") for lv in guide.levels],
            "withdrawal_levels": [wm.model_dump(mode="json") for wm in guide.withdrawal_levels],
            "options": [o.model_dump(mode="json") for o in guide.options],
        }
    substances: dict[str, dict[str, Any]] = {}
    for sid, s in catalog.substances.items():
        row = withdrawal_for(s)
        translation = catalog.translations.get("es", {}).get(sid)
        limit = s.label_max_daily_dose
        substances[sid] = {
            "generic": s.names.generic,
            "es": translation.name if translation is not None else None,
            "classes": list(s.classes),
            "label_max": None if limit is None else {"value": limit.value, "sources": list(limit.sources)},
            "withdrawal": None if row is None else row.id,
        }
    rows = [
        {
            "id": row.id,
            "stopping_risk": row.stopping_risk,
            "advice": {"en": row.advice, "es": row.es.advice},
            "sources": list(row.sources),
        }
        for row in table.rows
    ]
    cited = [*ENGINE_SOURCES, *PUMP_SOURCES]
    cited += [s for r in rules for s in (*r["sources"], *(i for ids in r["class_sources"].values() for i in ids))]
    cited += [s for g in guides.values() for part in g.values() for item in part for s in item["sources"]]
    cited += [s for row in rows for s in row["sources"]]
    cited += [s for sub in substances.values() if sub["label_max"] for s in sub["label_max"]["sources"]]
    references: dict[str, Any] = {}
    for ref_id in sorted(set(cited)):
        citation = Citation.of(get_reference(ref_id), 1).model_dump(mode="json")
        del citation["n"]
        references[ref_id] = citation
    contacts = {
        code: {
            "emergency_number": c.emergency_number,
            "emergency_tel": c.emergency_tel,
            "crisis_lines": [
                {"name": {"en": line.name_in("en"), "es": line.name_in("es")}, "number": line.number, "tel": line.tel}
                for line in c.crisis_lines
            ],
        }
        for code, c in all_contacts().items()
    }
    return {
        "orders": ORDERS,
        "numbers": list(NUMBERS),
        "flags": list(FLAGS),
        "settings": book.settings.model_dump(mode="json"),
        "dimensions": [d.model_dump(mode="json") for d in book.dimensions],
        "severity_rules": [
            {
                "when": {k: _test(t) for k, t in r.when.items()},
                "severity": r.severity,
                "because": {"en": r.because, "es": r.because_es},
            }
            for r in book.severity_rules
        ],
        "rules": rules,
        "guide": guides,
        "substances": substances,
        "withdrawal_rows": rows,
        "bands": {sid: [[b.min, b.max, b.severity] for b in get_instrument(sid).bands] for sid in ("ciwa-ar", "cows")},
        # Each instrument's band ids and their severity (bands sharing an id across sexes share it), in file order.
        "instruments": {
            sid: {b.id: b.severity for b in reversed(instrument.bands)} for sid, instrument in all_instruments().items()
        },
        "medication_finders": [list(pair) for pair in MEDICATION_FINDERS],
        "contacts": contacts,
        "references": references,
    }


def render_place_bundle() -> dict[str, str]:
    """The committed file's text by file name."""
    text = json.dumps(build_place_bundle(), ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return {PLACE_BUNDLE: text + "\n"}


def place_bundle_dir() -> Path:
    from pathlib import Path

    return Path(_PATH).parent


@cache
def place_data() -> dict[str, Any]:
    """The compiled file, read once."""
    with open(_PATH, encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data
