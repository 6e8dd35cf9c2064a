"""The command line's fast path for screening: the validated instruments compiled to ``_screening.json``.

Reading the instrument files needs PyYAML and checking their sources the whole bibliography, which cost
``recoverynav screen`` more than its own work. So the instruments (validated and checked by
:func:`~recoverynav.screening.all_instruments`) are compiled by ``scripts/build_bundle.py`` (from
:func:`render_screening_bundle`) and :func:`compiled_instrument` validates the one asked for again from JSON. A test
fails when the committed file differs from a fresh build.

Importing pydantic and building the models alone cost ``screen --answers`` several times a bare interpreter, so
:func:`plain_instrument` reads the compiled instrument as plain attributes and :func:`plain_score` runs the same
scoring rules (``rules.py``) over it; :func:`plain_dump` gives what ``model_dump(mode="json")`` gives. Another test
compares the two paths' text and JSON over many seeded answers.
"""

from __future__ import annotations

import json
import os
from functools import cache
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    from recoverynav.screening.models import Instrument
    from recoverynav.screening.rules import Answers

SCREENING_BUNDLE = "_screening.json"
_PATH = os.path.join(os.path.dirname(__file__), SCREENING_BUNDLE)


def render_screening_bundle() -> dict[str, str]:
    """The committed file's text by file name: every instrument's JSON by id, in file order."""
    from recoverynav.screening.catalog import all_instruments

    instruments = all_instruments()
    data = {
        "instruments": {sid: i.model_dump(mode="json") for sid, i in instruments.items()},
        # What the models compute (the fast path reads these rather than computing them a second way).
        "scores": {sid: [i.min_score, i.max_score] for sid, i in instruments.items()},
    }
    return {SCREENING_BUNDLE: json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"}


def screening_bundle_dir() -> Path:
    from pathlib import Path

    return Path(_PATH).parent


@cache
def _data() -> dict[str, Any]:
    with open(_PATH, encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def _instruments() -> dict[str, Any]:
    known: dict[str, Any] = _data()["instruments"]
    return known


def _key(instrument_id: str) -> str:
    """The compiled id for a spelling ``get_instrument`` accepts without suggestions, or ""."""
    from recoverynav.screening.rules import slug

    known = _instruments()
    key = slug(instrument_id)
    if key not in known:
        key = {k.replace("-", ""): k for k in known}.get(key.replace("-", ""), "")
    return key


@cache
def compiled_instrument(instrument_id: str) -> Instrument | None:
    """``get_instrument(instrument_id)`` from the compiled file, or None for an id it does not know (the full
    path then names it, with suggestions)."""
    from recoverynav.screening.models import Instrument

    key = _key(instrument_id)
    return Instrument.model_validate(_instruments()[key]) if key else None


# Fields that hold a mapping (kept a dict); every other JSON object is a model, read as a _Plain.
_MAPPINGS = frozenset({"groups", "text_by_sex"})


class _Plain(SimpleNamespace):
    """A compiled model or result part: its fields as attributes (lists as tuples), in the model's field order."""


def _plain(value: Any, key: str = "") -> Any:
    if isinstance(value, dict):
        if key in _MAPPINGS:
            return dict(value)
        return _Plain(**{k: _plain(v, k) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_plain(v) for v in value)
    return value


@cache
def plain_instrument(instrument_id: str) -> Any:
    """The compiled instrument as plain attributes (no pydantic), with what the model computes; None when unknown.

    It has what :func:`recoverynav.screening.rules.score` and the command's text read: the fields, ``item_ids``,
    ``min_score``, ``max_score`` and ``grades_severity``.
    """
    key = _key(instrument_id)
    if not key:
        return None
    instrument = _plain(_instruments()[key])
    instrument.item_ids = tuple(item.id for item in instrument.items)
    instrument.min_score, instrument.max_score = _data()["scores"][key]
    instrument.grades_severity = instrument.severity_mapping is None
    return instrument


def plain_score(instrument: Any, answers: Answers, sex: str | None = None, age: int | None = None) -> Any:
    """:func:`~recoverynav.screening.score_instrument` over :func:`plain_instrument`: the same rules, plain parts."""
    from recoverynav.screening.rules import Kinds, score

    kinds = Kinds(result=_Plain, answered=_Plain, note=_Plain, group=_Plain)
    return score(instrument, answers, sex, age, kinds)


def plain_dump(value: Any) -> Any:
    """A plain result as ``model_dump(mode="json")`` gives the model's: dicts in field order, tuples as lists."""
    if isinstance(value, _Plain):
        return {k: plain_dump(v) for k, v in vars(value).items()}
    if isinstance(value, tuple | list):
        return [plain_dump(v) for v in value]
    if isinstance(value, dict):
        return {k: plain_dump(v) for k, v in value.items()}
    return value
