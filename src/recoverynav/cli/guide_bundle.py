"""``recoverynav coverage guide``'s fast path: every (payment, state) answer compiled to ``cli/_guide/<payment>.json``.

The guide has eight payment types and 56 states and territories, so its 448 answers are compiled once by
``scripts/build_bundle.py`` (from :func:`render_guide_bundle`): each the API's shaped answer
(``answer_guide(guide_for(payment, state))``, the ``--json`` output) with the ``recoverynav find`` line for the
state. The command reads one payment's file with ``json`` only, instead of importing the guide's YAML, pydantic and
the API's models. Anything it does not find (a misspelt payment or state) takes the full path, which names the
field. A test fails when the committed files differ from a fresh build. The Spanish answers
(``guide_for(..., lang="es")``, for ``--lang es``) are compiled beside them, ``cli/_guide/<payment>.es.json``.
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

GUIDE_DIR = "_guide"
# The languages compiled (recoverynav.i18n.LANGUAGES, spelled out so the fast path imports nothing).
LANGUAGES = ("en", "es")
_DIR = os.path.join(os.path.dirname(__file__), GUIDE_DIR)


def full_guide(payment: str, state: str, lang: str = "en") -> tuple[dict[str, Any], str | None]:
    """The shaped answer (JSON) in ``lang`` and the ``recoverynav find`` line for the state, computed in full.

    Raises :class:`~recoverynav.coverage.UnknownPaymentError` or :class:`~recoverynav.coverage.UnknownStateError`.
    """
    from recoverynav.api.coverage_guide import answer_guide
    from recoverynav.cli.find import find_command
    from recoverynav.coverage import guide_for
    from recoverynav.directory import FinderQuery
    from recoverynav.i18n import negotiate

    shaped = answer_guide(guide_for(payment, state, lang=negotiate([lang]))).model_dump(mode="json")
    return shaped, find_command(FinderQuery(near=shaped["state"]))


def render_guide_bundle() -> dict[str, str]:
    """The committed files' text by file name: one per payment type, its answers by state code."""
    from recoverynav.coverage import PAYMENT_TYPES, guide_states

    files = {}
    for lang in LANGUAGES:
        for payment in PAYMENT_TYPES:
            answers = {}
            for code in sorted(guide_states()):
                shaped, every = full_guide(payment, code, lang)
                answers[code] = {"answer": shaped, "every": every}
            text = json.dumps(answers, ensure_ascii=False, separators=(",", ":")) + "\n"
            files[_file_name(payment, lang)] = text
    return files


def _file_name(payment: str, lang: str) -> str:
    return f"{payment}.json" if lang == "en" else f"{payment}.{lang}.json"


def guide_bundle_dir() -> Path:
    from pathlib import Path

    return Path(_DIR)


def compiled_guide(payment: str, state: str, lang: str = "en") -> tuple[dict[str, Any], str | None] | None:
    """:func:`full_guide`'s answer from the compiled files, or None for a payment, state or language they do not hold.

    The payment and state are normalized as ``guide_for`` normalizes them (spaces trimmed, any case).
    """
    name = payment.strip().casefold()
    if not name.isascii() or not name.isalpha() or lang not in LANGUAGES:
        return None
    path = os.path.join(_DIR, _file_name(name, lang))
    if not os.path.isfile(path):
        return None
    with open(path, encoding="utf-8") as fh:
        answers: dict[str, Any] = json.load(fh)
    found = answers.get(state.strip().upper())
    if found is None:
        return None
    return found["answer"], found["every"]
