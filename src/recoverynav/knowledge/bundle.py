"""The command line's fast path: the validated catalogue compiled to one JSON file.

``recoverynav drug`` must start in a few tens of milliseconds, and importing pydantic alone costs
more than that. So the catalogue is validated from YAML (``load_catalog``), compiled into
``_bundle.json`` by ``scripts/build_bundle.py`` (from :func:`render_bundle`), and read here with ``json`` only.
A test fails when the committed bundle differs from a fresh build.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from recoverynav.knowledge.names import NameMatch, resolve_name

BUNDLE_NAME = "_bundle.json"


def build_bundle() -> dict[str, Any]:
    """Validate the YAML catalogue and return the bundle's content."""
    from recoverynav.knowledge.catalog import load_catalog
    from recoverynav.knowledge.export import entry_json

    catalog = load_catalog()
    return {
        "index": dict(sorted(catalog.index.items())),
        "display": catalog.display_names(),
        "misspellings": sorted(catalog.misspellings),
        "class_labels": {cid: c.label for cid, c in sorted(catalog.classes.items())},
        "class_labels_es": {cid: c.label_in("es") for cid, c in sorted(catalog.classes.items())},
        "entries": {sid: entry_json(s) for sid, s in sorted(catalog.substances.items())},
        # Language -> id -> the translated monograph's name, summary and sections (same sources as the entry's).
        "translations": {
            lang: {sid: t.model_dump(mode="json") for sid, t in sorted(found.items())}
            for lang, found in sorted(catalog.translations.items())
        },
    }


def render_bundle() -> str:
    """The bundle as the committed file's text (sorted, compact, one trailing newline)."""
    return json.dumps(build_bundle(), ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def bundle_path() -> Path:
    return Path(str(resources.files("recoverynav.knowledge") / BUNDLE_NAME))


@cache
def load_bundle() -> dict[str, Any]:
    with bundle_path().open(encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def translated_entry(entry: dict[str, Any], lang: str) -> dict[str, Any] | None:
    """``entry`` with its name, summary and sections in ``lang`` (and ``lang`` and ``review`` set), or None when the
    monograph has no translation in ``lang``. The references stay the entry's: a translation cites the same."""
    found = load_bundle().get("translations", {}).get(lang, {}).get(entry["id"])
    if found is None:
        return None
    return {
        **entry,
        "lang": lang,
        "review": found["review"],
        "name": found["name"],
        "summary": found["summary"],
        "sections": found["sections"],
    }


def find_entry(name: str) -> tuple[NameMatch, dict[str, Any]]:
    """Resolve ``name`` like :func:`recoverynav.knowledge.lookup` (listed names only; anything else raises
    :class:`~recoverynav.knowledge.names.UnknownNameError` with suggestions), returning the JSON entry."""
    bundle = load_bundle()
    match = resolve_name(name, bundle["index"], bundle["display"], frozenset(bundle["misspellings"]))
    return match, bundle["entries"][match.id]
