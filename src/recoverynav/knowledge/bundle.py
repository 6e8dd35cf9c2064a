"""The command line's fast path: the validated catalogue compiled to JSON files in ``knowledge/_bundle/``.

``recoverynav drug`` must start in a few tens of milliseconds, and importing pydantic alone costs
more than that. So the catalogue is validated from YAML (``load_catalog``), compiled by
``scripts/build_bundle.py`` (from :func:`render_bundle`) and read here with ``json`` only: ``names.json`` (every
name, the display names, the listed misspellings, the class labels and which monographs are translated), one
``<id>.json`` per entry and one ``<id>.<lang>.json`` per translation, so a look-up reads the names and the one
monograph it shows. A test fails when the committed files differ from a
fresh build.
"""

from __future__ import annotations

import json
import os
from functools import cache
from typing import TYPE_CHECKING, Any

from recoverynav.knowledge.names import NameMatch, resolve_name

if TYPE_CHECKING:
    from pathlib import Path

BUNDLE_DIR = "_bundle"
NAMES_FILE = "names.json"


def build_bundle() -> dict[str, Any]:
    """Validate the YAML catalogue and return the bundle's content (names and every entry)."""
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


def _text(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def render_bundle() -> dict[str, str]:
    """The committed files' text by file name (sorted, compact, one trailing newline each)."""
    data = build_bundle()
    entries = data.pop("entries")
    translations = data.pop("translations")
    data["translated"] = {lang: sorted(found) for lang, found in translations.items()}
    files = {NAMES_FILE: _text(data), **{f"{sid}.json": _text(entry) for sid, entry in entries.items()}}
    for lang, found in translations.items():
        files.update({f"{sid}.{lang}.json": _text(text) for sid, text in found.items()})
    return files


# Plain strings, not pathlib: importing pathlib costs the command line more than reading the names.
_DIR = os.path.join(os.path.dirname(__file__), BUNDLE_DIR)


def bundle_dir() -> Path:
    from pathlib import Path

    return Path(_DIR)


@cache
def _names() -> dict[str, Any]:
    with open(os.path.join(_DIR, NAMES_FILE), encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def load_names() -> tuple[dict[str, str], dict[str, str], frozenset[str]]:
    """(normalized name -> id, id -> display name, listed misspellings): what :func:`resolve_name` takes."""
    data = _names()
    return data["index"], data["display"], _misspellings()


@cache
def _misspellings() -> frozenset[str]:
    return frozenset(_names()["misspellings"])


def class_labels(lang: str = "en") -> dict[str, str]:
    """Class id -> label in ``lang`` ("benzodiazepines" -> "Benzodiazepines"; English unless "es")."""
    labels: dict[str, str] = _names()["class_labels_es" if lang == "es" else "class_labels"]
    return labels


@cache
def load_entry(sid: str, lang: str | None = None) -> dict[str, Any]:
    """One entry's JSON (``entry_json``), or its translation into ``lang``, read from its own file."""
    name = f"{sid}.{lang}.json" if lang else f"{sid}.json"
    with open(os.path.join(_DIR, name), encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def load_bundle() -> dict[str, Any]:
    """The whole compiled catalogue as :func:`build_bundle` returns it, read from the files."""
    data = dict(_names())
    translated: dict[str, list[str]] = data.pop("translated")
    data["entries"] = {sid: load_entry(sid) for sid in sorted(set(data["display"]))}
    data["translations"] = {lang: {sid: load_entry(sid, lang) for sid in ids} for lang, ids in translated.items()}
    return data


def translated_entry(entry: dict[str, Any], lang: str) -> dict[str, Any] | None:
    """``entry`` with its name, summary and sections in ``lang`` (and ``lang`` and ``review`` set), or None when the
    monograph has no translation in ``lang``. The references stay the entry's: a translation cites the same."""
    if entry["id"] not in _names()["translated"].get(lang, ()):
        return None
    found = load_entry(entry["id"], lang)
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
    index, display, misspellings = load_names()
    match = resolve_name(name, index, display, misspellings)
    return match, load_entry(match.id)
