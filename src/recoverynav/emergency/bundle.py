"""The command line's fast path for overdose first aid: the validated protocol and numbers compiled to JSON.

``recoverynav overdose`` must start in a few tens of milliseconds, and importing pydantic and PyYAML alone costs
more than that. So ``protocol.yaml`` and ``numbers.yaml`` are validated (``load_protocol``, ``all_contacts``),
compiled by ``scripts/build_bundle.py`` (from :func:`render_overdose_bundle`) into ``_overdose.json`` together with
every reference they cite, and read here with ``json`` only. :func:`compiled_first_aid` runs the same rules engine
(:func:`recoverynav.emergency.protocol.evaluate`) over that data. A test fails when the committed file differs
from a fresh build, and another compares the two paths' answers over many inputs.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from functools import cache
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from pathlib import Path

    from recoverynav.emergency.models import FirstAidProtocol
    from recoverynav.emergency.numbers import CountryContacts
    from recoverynav.emergency.results import FirstAid

OVERDOSE_BUNDLE = "_overdose.json"
_PATH = os.path.join(os.path.dirname(__file__), OVERDOSE_BUNDLE)


def build_overdose_bundle() -> dict[str, Any]:
    """Validate the protocol and the numbers and return the compiled content (with the cited references)."""
    from recoverynav.emergency.numbers import all_contacts
    from recoverynav.emergency.protocol import load_protocol
    from recoverynav.references import cite_sources

    protocol = load_protocol()
    contacts = all_contacts()
    ids = [s for a in protocol.actions for s in a.sources]
    ids += [s for n in protocol.substance_notes for s in n.sources + n.late_symptoms]
    references = {}
    for citation in cite_sources(sorted(set(ids))).citations:
        data = citation.model_dump(mode="json")
        del data["n"]
        references[citation.id] = data
    return {
        "protocol": protocol.model_dump(mode="json"),
        "countries": {code: c.model_dump(mode="json") for code, c in sorted(contacts.items())},
        "references": references,
    }


def render_overdose_bundle() -> dict[str, str]:
    """The committed file's text by file name (sorted keys, compact, one trailing newline)."""
    text = json.dumps(build_overdose_bundle(), ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    return {OVERDOSE_BUNDLE: text}


def overdose_bundle_dir() -> Path:
    from pathlib import Path

    return Path(_PATH).parent


@cache
def _data() -> dict[str, Any]:
    with open(_PATH, encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


class _Node(SimpleNamespace):
    """A compiled model: the same attributes (lists as tuples) and the methods the rules engine and faces call."""

    def text_in(self, lang: str) -> _Node:
        return cast("_Node", self.es) if lang == "es" else _Node(title=self.title, text=self.text)

    def name_in(self, lang: str) -> str:
        return str(self.name_es if lang == "es" and self.name_es else self.name)

    def label_in(self, lang: str) -> str:
        return str(self.es.label if lang == "es" else self.label)

    @property
    def tel(self) -> str:
        return "".join(ch for ch in self.number if ch.isdigit() or ch == "+")

    @property
    def emergency_tel(self) -> str:
        return "".join(ch for ch in self.emergency_number if ch.isdigit() or ch == "+")


def _node(value: Any) -> Any:
    if isinstance(value, dict):
        return _Node(**{key: _node(item) for key, item in value.items()})
    if isinstance(value, list):
        return tuple(_node(item) for item in value)
    return value


@cache
def _protocol() -> FirstAidProtocol:
    # Duck-typed: the compiled protocol has every attribute ``evaluate`` reads (the parity tests hold it to that).
    return cast("FirstAidProtocol", _node(_data()["protocol"]))


@cache
def _contacts(code: str) -> CountryContacts:
    return cast("CountryContacts", _node(_data()["countries"][code]))


def compiled_countries() -> frozenset[str]:
    """The country codes with numbers on file."""
    return frozenset(_data()["countries"])


def compiled_first_aid(signs: Iterable[str], substances: Iterable[str], country: str, lang: str = "en") -> FirstAid:
    """``first_aid_steps(signs, substances, country, lang)`` from the compiled file, for a country on file.

    Raises :class:`~recoverynav.emergency.UnknownSignError` for a sign outside the vocabulary and ``KeyError`` for
    a country not on file (the full path names it).
    """
    from recoverynav.emergency.protocol import evaluate, validate_signs

    ordered = validate_signs(signs)
    contacts = _contacts(country.strip().upper())
    return evaluate(_protocol(), contacts, ordered, substances, lang)


def compiled_reference(ref_id: str, n: int) -> dict[str, Any]:
    """The cited reference ``ref_id`` as ``Citation.of(get_reference(ref_id), n).model_dump(mode="json")``."""
    return {"n": n, **_data()["references"][ref_id]}
