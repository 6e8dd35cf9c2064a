"""Rebuild ``tripsit_combos.json`` from TripSit's ``combos.json``: only the groups ``rules.yaml`` maps.

Run: ``python -m recoverynav.interactions.tripsit_build /path/to/tripsit`` (the folder holding TripSit's
``combos.json`` and ``combo_definitions.json``, e.g. the shared data copy described by its SOURCE.md).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from recoverynav.interactions.rulebook import TRIPSIT_FILE, load_rulebook

SOURCE = {
    "attribution": "TripSit (tripsit.me), TripSit/drugs",
    "licence": "ISC (declared in the package.json of TripSit/drugs)",
    "url": "https://github.com/TripSit/drugs",
    "commit": "83670cb6bc8863615fcb9be081c87f061b42dea4",
    "combos_last_changed": "2025-11-26 (commit 6b8094e4eb471000a4f9636db314cdc5e99200a0)",
    "note": "Trimmed to the groups recoverynav maps; statuses, notes and TripSit's own sources unchanged.",
}


def build(folder: Path) -> dict[str, Any]:
    book = load_rulebook()
    groups = sorted({*book.tripsit.by_id.values(), *book.tripsit.by_class.values()})
    combos = json.loads((folder / "combos.json").read_text(encoding="utf-8"))
    definitions = json.loads((folder / "combo_definitions.json").read_text(encoding="utf-8"))
    missing = [g for g in groups if g not in combos]
    if missing:
        raise SystemExit(f"TripSit has no group(s) {missing}; fix tripsit.by_id/by_class in rules.yaml")
    trimmed = {a: {b: combos[a][b] for b in sorted(combos[a]) if b in groups and b != a} for a in groups}
    return {
        "source": SOURCE,
        "definitions": {d["status"]: d["definition"] for d in definitions if "status" in d},
        "combos": trimmed,
    }


def main() -> None:
    # Default: the project's shared data folder beside the checkout (../shared/data/interactions/tripsit).
    default = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "interactions" / "tripsit"
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    out = Path(__file__).with_name(TRIPSIT_FILE)
    out.write_text(json.dumps(build(folder), ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {out.name}")


if __name__ == "__main__":
    main()
