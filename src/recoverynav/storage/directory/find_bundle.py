"""Compile what ``recoverynav find``'s fast path needs besides the database into two plain files.

``recoverynav.cli.quickfind`` answers a ZIP-code search straight from the SQLite file with the standard library,
so it cannot ask SQLAlchemy, Alembic, pydantic or the YAML catalogues at run time. It reads instead:

- ``directory/_find.json``: the schema revision and bundled-file digests a database must have (else the full
  path prepares it), the code catalogue's known codes, bitmask positions and headline services, the quality-sign
  rule table, and the grid's constants;
- ``directory/_places.txt``: ``geocode(text)`` for every ZIP code and every city label (``Charlottesville, VA``)
  that resolves, one line each in key order, so a look-up reads a few lines by binary search instead of loading
  the ZIP and city tables.

``scripts/build_bundle.py`` writes both (from :func:`render_find_bundle`); a test fails while either is stale.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

FIND_BUNDLE = "_find.json"
PLACE_FILE = "_places.txt"


def bundle_folder() -> Path:
    """``recoverynav/directory``, where the compiled files live beside the data they come from."""
    import recoverynav

    return Path(recoverynav.__file__).parent / "directory"


def build_find_bundle() -> dict[str, Any]:
    """The content of ``_find.json``."""
    from recoverynav.directory import CONFIRM_NOTICE, catalogue, group_by_category, quality_table
    from recoverynav.directory.bundled import BUNDLED, bundled_bytes
    from recoverynav.directory.codes import HEADLINE_CODES
    from recoverynav.directory.compare import SERVICE_ROWS
    from recoverynav.directory.models import FLOOR_DATASET, FLOOR_NOTICE
    from recoverynav.directory.quality import LICENCE_DATASETS
    from recoverynav.directory.repository import EARTH_RADIUS_MILES
    from recoverynav.storage.directory import cells, facilities
    from recoverynav.storage.directory.codebits import BITS_PER_WORD, CODE_ORDER, WORDS
    from recoverynav.storage.migrate import _head

    known = catalogue()
    signs = []
    for rule in quality_table().signs:
        signs.append(
            {
                "id": rule.id,
                "label": rule.label,
                "codes": list(rule.codes),
                "reporting": sorted(rule.reporting_codes()),
                "detail": dict(rule.detail),
                "plain": {code: known[code].plain for code in rule.codes},
                "licence": rule.licence,
            }
        )
    return {
        "head": _head(),
        "bundled_sha256": [hashlib.sha256(bundled_bytes(name)).hexdigest() for name, _, _ in BUNDLED],
        "codes": sorted(known),
        # The catalogue in its own order (what ``compare``'s service rows list): code, plain words, category.
        "catalogue": [[code, service.plain, service.category] for code, service in known.items()],
        "compare_rows": [[rid, label, sorted(categories)] for rid, label, categories in SERVICE_ROWS],
        "code_order": list(CODE_ORDER),
        "words": WORDS,
        "bits_per_word": BITS_PER_WORD,
        "headline": [
            [s.code, s.plain] for _, services in group_by_category(known) for s in services if s.code in HEADLINE_CODES
        ],
        "signs": signs,
        "licence_datasets": sorted(LICENCE_DATASETS),
        "confirm_notice": CONFIRM_NOTICE,
        "floor_dataset": FLOOR_DATASET,
        "floor_notice": FLOOR_NOTICE,
        "stored": list(facilities._STORED),
        "grid": {
            "cells_per_degree": cells.CELLS_PER_DEGREE,
            "row_stride": cells.ROW_STRIDE,
            "dot_epsilon": cells.DOT_EPSILON,
            "whole_earth_miles": cells.WHOLE_EARTH_MILES,
            "box_slack_deg": cells._BOX_SLACK_DEG,
            "flag_closed": cells.FLAG_CLOSED,
            "flag_synthetic": cells.FLAG_SYNTHETIC,
            "first_ring_miles": facilities._FIRST_RING_MILES,
            "pad": facilities._PAD,
            "earth_radius_miles": EARTH_RADIUS_MILES,
        },
    }


def place_lines() -> str:
    """``key<TAB>latitude<TAB>longitude<TAB>scope<TAB>label`` sorted by key (as UTF-8 bytes): ``geocode(key)`` for
    every ZIP code in the table and every city's label (``Charlottesville, VA``) typed exactly so, wherever
    ``geocode`` resolves it to a point (floats as ``repr``, so they read back bit for bit)."""
    from recoverynav.directory import UnknownPlaceError
    from recoverynav.directory.gazetteer import cities, zip_rows
    from recoverynav.directory.geocode import geocode_from_tables

    found: dict[str, str] = {}
    # Only a ZIP code in the table can resolve (any other 5 digits is an error with suggestions).
    for key in [*zip_rows(), *(city.label for city in cities().values())]:
        if "\t" in key or "\n" in key or key != key.strip():
            continue
        try:
            place = geocode_from_tables(key)
        except UnknownPlaceError:
            continue
        if place.radius_miles is None:
            found[key] = f"{key}\t{place.latitude!r}\t{place.longitude!r}\t{place.scope}\t{place.label}\n"
    return "".join(found[key] for key in sorted(found, key=lambda k: k.encode("utf-8")))


def render_find_bundle() -> dict[str, str]:
    """The committed files' text by name (in ``directory/``)."""
    # Keys keep their order: a sign's detail groups are shown in the order the rule table lists them.
    text = json.dumps(build_find_bundle(), ensure_ascii=False, separators=(",", ":")) + "\n"
    return {FIND_BUNDLE: text, PLACE_FILE: place_lines()}
