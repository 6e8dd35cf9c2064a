"""Rebuild ``src/recoverynav/interactions/tripsit_combos.json`` from TripSit's ``combos.json``.

Run::

    .venv/bin/python scripts/build_tripsit.py [PATH_TO_TRIPSIT_DATA]

``PATH_TO_TRIPSIT_DATA`` is the folder holding TripSit's ``combos.json`` and ``combo_definitions.json``; by default
the project's shared data copy beside the checkout (``../shared/data/interactions/tripsit``, see its SOURCE.md).
The trimming (``recoverynav.interactions.tripsit_build.build``) stays in the package and prints nothing.
"""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path

from recoverynav.interactions.rulebook import TRIPSIT_FILE
from recoverynav.interactions.tripsit_build import build

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "interactions" / "tripsit"


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    out = Path(str(resources.files("recoverynav.interactions") / TRIPSIT_FILE))
    try:
        data = build(folder)
    except ValueError as exc:
        raise SystemExit(str(exc)) from None
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
