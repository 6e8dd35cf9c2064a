"""What ``tripsit_combos.json`` holds: TripSit's ``combos.json`` trimmed to the groups ``rules.yaml`` maps.

``scripts/build_tripsit.py PATH`` writes the file (PATH: the folder holding TripSit's ``combos.json`` and
``combo_definitions.json``, e.g. the shared data copy described by its SOURCE.md); a test checks the bundled file
equals :func:`build` of that copy.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from recoverynav.interactions.rulebook import load_rulebook

SOURCE = {
    "attribution": "TripSit (tripsit.me), TripSit/drugs",
    "licence": "ISC (declared in the package.json of TripSit/drugs)",
    "url": "https://github.com/TripSit/drugs",
    "commit": "83670cb6bc8863615fcb9be081c87f061b42dea4",
    "combos_last_changed": "2025-11-26 (commit 6b8094e4eb471000a4f9636db314cdc5e99200a0)",
    "note": "Trimmed to the groups recoverynav maps; statuses, notes and TripSit's own sources unchanged.",
}


def build(folder: Path) -> dict[str, Any]:
    """The trimmed chart: TripSit's source note, its status definitions and the combos between mapped groups."""
    book = load_rulebook()
    groups = sorted({*book.tripsit.by_id.values(), *book.tripsit.by_class.values()})
    combos = json.loads((folder / "combos.json").read_text(encoding="utf-8"))
    definitions = json.loads((folder / "combo_definitions.json").read_text(encoding="utf-8"))
    missing = [g for g in groups if g not in combos]
    if missing:
        raise ValueError(f"TripSit has no group(s) {missing}; fix tripsit.by_id/by_class in rules.yaml")
    trimmed = {a: {b: combos[a][b] for b in sorted(combos[a]) if b in groups and b != a} for a in groups}
    return {
        "source": SOURCE,
        "definitions": {d["status"]: d["definition"] for d in definitions if "status" in d},
        "combos": trimmed,
    }
