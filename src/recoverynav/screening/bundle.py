"""The command line's fast path for screening: the validated instruments compiled to ``_screening.json``.

Reading the instrument files needs PyYAML and checking their sources the whole bibliography, which cost
``recoverynav screen`` more than its own work. So the instruments (validated and checked by
:func:`~recoverynav.screening.all_instruments`) are compiled by ``scripts/build_bundle.py`` (from
:func:`render_screening_bundle`) and :func:`compiled_instrument` validates the one asked for again from JSON. A test
fails when the committed file differs from a fresh build.
"""

from __future__ import annotations

import json
import os
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    from recoverynav.screening.models import Instrument

SCREENING_BUNDLE = "_screening.json"
_PATH = os.path.join(os.path.dirname(__file__), SCREENING_BUNDLE)


def render_screening_bundle() -> dict[str, str]:
    """The committed file's text by file name: every instrument's JSON by id, in file order."""
    from recoverynav.screening.catalog import all_instruments

    data = {"instruments": {sid: i.model_dump(mode="json") for sid, i in all_instruments().items()}}
    return {SCREENING_BUNDLE: json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"}


def screening_bundle_dir() -> Path:
    from pathlib import Path

    return Path(_PATH).parent


@cache
def _instruments() -> dict[str, Any]:
    with open(_PATH, encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)["instruments"]
    return data


@cache
def compiled_instrument(instrument_id: str) -> Instrument | None:
    """``get_instrument(instrument_id)`` from the compiled file, or None for an id it does not know (the full
    path then names it, with suggestions)."""
    from recoverynav.screening.models import Instrument, slug

    known = _instruments()
    key = slug(instrument_id)
    if key not in known:
        key = {k.replace("-", ""): k for k in known}.get(key.replace("-", ""), "")
    return Instrument.model_validate(known[key]) if key else None
