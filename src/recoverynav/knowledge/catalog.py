"""Load and validate the monographs (``substances/*.yaml``) and look them up by any name."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from recoverynav.datafiles import read_yaml, yaml_files
from recoverynav.knowledge.models import Substance, SubstanceClass, Translation, check_translation
from recoverynav.knowledge.names import (
    MAX_NAME_LENGTH,
    NameMatch,
    UnknownNameError,
    best_matches,
    index_names,
    normalize,
    resolve_name,
)
from recoverynav.references import check_ids


@dataclass(frozen=True)
class Catalog:
    """All monographs, the class vocabulary and the name index."""

    substances: dict[str, Substance]
    classes: dict[str, SubstanceClass]
    index: dict[str, str]
    misspellings: frozenset[str]
    # Language -> substance id -> the monograph in that language (``substances_es/``), checked against the English.
    translations: dict[str, dict[str, Translation]]

    def display_names(self) -> dict[str, str]:
        return {sid: s.names.generic for sid, s in self.substances.items()}


@dataclass(frozen=True)
class Lookup:
    """A resolved name: the monograph, and whether the typed name is a misspelling the monograph lists."""

    query: str
    substance: Substance
    matched_name: str
    corrected: bool


@cache
def load_catalog() -> Catalog:
    """Load, validate and cross-check every data file; raises on the first problem."""
    raw_classes = read_yaml("recoverynav.knowledge", "classes.yaml")
    assert isinstance(raw_classes, dict)
    classes = {c.id: c for c in (SubstanceClass.model_validate(r) for r in raw_classes["classes"])}
    substances: dict[str, Substance] = {}
    for file_name, raw in yaml_files("recoverynav.knowledge", "substances"):
        try:
            substance = Substance.model_validate(raw)
        except ValueError as exc:
            raise ValueError(f"{file_name}: {exc}") from exc
        if file_name != f"{substance.id}.yaml":
            raise ValueError(f"{file_name}: file name must be the id ({substance.id}.yaml)")
        substances[substance.id] = substance
    for substance in substances.values():
        check_ids(substance.source_ids(), where=f"substances/{substance.id}.yaml")
        unknown = [c for c in substance.classes if c not in classes]
        if unknown:
            raise ValueError(f"{substance.id}: classes not in classes.yaml: {', '.join(unknown)}")
        missing = [m for m in substance.members if m not in substances]
        if missing:
            raise ValueError(f"{substance.id}: members without a monograph: {', '.join(missing)}")
        _check_ingredients(substance, substances)
    translations = {"es": _load_translations("es", substances)}
    # A translated monograph's own name finds it too ("baclofeno", "heroína"), in any language.
    local_names = {sid: [t.name for found in translations.values() if (t := found.get(sid))] for sid in substances}
    index = index_names((s.id, (*s.names.all(), *local_names[s.id])) for s in substances.values())
    misspellings = frozenset(normalize(m) for s in substances.values() for m in s.names.misspellings)
    return Catalog(
        substances=substances,
        classes=classes,
        index=index,
        misspellings=misspellings,
        translations=translations,
    )


def _load_translations(lang: str, substances: dict[str, Substance]) -> dict[str, Translation]:
    """``substances_<lang>/*.yaml``: each a whole monograph in ``lang``, held to its English one."""
    found: dict[str, Translation] = {}
    for file_name, raw in yaml_files("recoverynav.knowledge", f"substances_{lang}"):
        where = f"substances_{lang}/{file_name}"
        try:
            translated = Translation.model_validate(raw)
        except ValueError as exc:
            raise ValueError(f"{where}: {exc}") from exc
        if file_name != f"{translated.id}.yaml" or translated.lang != lang:
            raise ValueError(f"{where}: file name must be the id ({translated.id}.yaml) and lang {lang!r}")
        if translated.id not in substances:
            raise ValueError(f"{where}: no English monograph {translated.id!r} to translate")
        check_translation(substances[translated.id], translated)
        found[translated.id] = translated
    return found


def _check_ingredients(product: Substance, substances: dict[str, Substance]) -> None:
    """A product's ingredients are single-substance monographs, and it carries every class they carry, so class
    rules (opioid with benzodiazepine, CNS depressants together) reach it as they reach its ingredients."""
    for ingredient in product.ingredients:
        entry = substances.get(ingredient)
        if entry is None or entry.kind != "substance" or entry.ingredients:
            raise ValueError(f"{product.id}: ingredient {ingredient!r} is not a single-substance monograph")
        lacking = [c for c in entry.classes if c not in product.classes]
        if lacking:
            raise ValueError(f"{product.id}: add the classes of its ingredient {ingredient}: {', '.join(lacking)}")


def get_substance(substance_id: str) -> Substance:
    """A monograph by exact id, or :class:`UnknownNameError` with suggestions."""
    catalog = load_catalog()
    try:
        return catalog.substances[substance_id]
    except KeyError:
        pass
    # The same rules as name lookup, so a wrong id never gets an absurd "did you mean"; a brand or street name
    # typed as an id ("xanax") points to its entry.
    display = catalog.display_names()
    try:
        match = resolve_name(substance_id, catalog.index, display, catalog.misspellings)
    except UnknownNameError as exc:
        raise UnknownNameError(substance_id, exc.suggestions) from None
    raise UnknownNameError(substance_id, [display[match.id]])


def lookup(name: str) -> Lookup:
    """Resolve any name a monograph lists (generic, synonym, brand, street, misspelling, class).

    Case, accents, punctuation and spacing are forgiven; a listed misspelling resolves with ``corrected=True``
    (faces say which drug they read it as). Any other name raises :class:`UnknownNameError` carrying similar
    names as suggestions: a similar name may be a different drug, so it is never used unconfirmed.
    """
    catalog = load_catalog()
    if len(name) > MAX_NAME_LENGTH:  # no similarity work on text longer than a name; not worth remembering
        match = resolve_name(name, catalog.index, catalog.display_names(), catalog.misspellings)
    else:
        found = _resolved(name)
        if not isinstance(found, NameMatch):
            raise UnknownNameError(name, list(found))
        match = found
    return Lookup(
        query=name,
        substance=catalog.substances[match.id],
        matched_name=match.matched_name,
        corrected=match.corrected,
    )


def search(query: str, limit: int = 10) -> list[Substance]:
    """Monographs whose names contain or resemble ``query``, best first; empty query lists all."""
    catalog = load_catalog()
    key = normalize(query)
    if not key:
        return sorted(catalog.substances.values(), key=lambda s: s.names.generic.casefold())[:limit]
    hits: dict[str, None] = {}
    for name, sid in catalog.index.items():
        if name.startswith(key) or f" {key}" in f" {name}":
            hits.setdefault(sid)
    for _, sid, score in best_matches(query, catalog.index, limit=limit):
        if score >= 60:
            hits.setdefault(sid)
    return [catalog.substances[sid] for sid in list(hits)[:limit]]


def members_of(substance: Substance) -> list[Substance]:
    """For a class entry, its member monographs; for a substance, itself."""
    catalog = load_catalog()
    if substance.kind == "class":
        return [catalog.substances[m] for m in substance.members]
    return [substance]


@lru_cache(maxsize=4096)
def _resolved(name: str) -> NameMatch | tuple[str, ...]:
    """A name's match, or the suggestions for it when none: the same answer every time, so it is remembered
    (similarity over every indexed name costs milliseconds; placement and the checks ask again and again)."""
    catalog = load_catalog()
    try:
        return resolve_name(name, catalog.index, catalog.display_names(), catalog.misspellings)
    except UnknownNameError as exc:
        return tuple(exc.suggestions)
