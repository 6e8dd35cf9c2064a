"""``recoverynav place --facts`` without pydantic or YAML: the one engine run directly, printed by the one renderer.

The full path validates the facts and the answer with pydantic (the facts' place through the directory's geocoder),
reads the settings and imports the API to print JSON. :func:`fast_answer` runs the same engine
(:mod:`recoverynav.placement.plain`, over ``placement/_place.json``) without them when nothing could differ: facts of
the plainest kind (:func:`~recoverynav.placement.plain.plain_facts`; a place only as ``find``'s fast path knows it, a
ZIP code or a city label as listed) and settings the full path would read the same way. Its own file ``_place.json``
here holds what the text needs from elsewhere (the headings in Spanish, the settings' names), built by
``scripts/build_bundle.py``. Both paths print text through ``place.render_text`` and JSON through
``with_finder_urls``; ``tests/cli/test_place_fast.py`` compares both paths' text and JSON.
"""

from __future__ import annotations

import json
import os
import re
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

PLACE_CLI_BUNDLE = "_place.json"
_PATH = os.path.join(os.path.dirname(__file__), PLACE_CLI_BUNDLE)
# pydantic's words for a yes/no setting (any case).
_BOOL_WORDS = frozenset({"0", "off", "f", "false", "n", "no", "1", "on", "t", "true", "y", "yes"})
_COUNTRY = re.compile(r"^[A-Z]{2}$")
# Every message render_text translates, so the Spanish catalogue's words for them are compiled.
MESSAGES = (
    "URGENT: GET HELP NOW",
    "WHEN YOU ARE SAFE: %(option)s",
    "ALSO SUGGESTED: %(option)s",
    "SUGGESTED: %(option)s",
    "Level of care: %(level)s %(name)s (4th edition: %(name_4th)s)",
    "Withdrawal management: %(level)s %(name)s",
    "After withdrawal, reassess; likely level: %(level)s",
    "DIMENSIONS (0 none - 4 severe)",
    "WHY",
    "WHAT TO DO NEXT",
    "Find a place: %(command)s (service codes %(codes)s)",
    "NOTES",
    "Did you mean %(names)s for %(name)s? Only a confirmed name is used.",
    " or ",
    "SOURCES",
)


def render_place_cli_bundle() -> dict[str, str]:
    """The committed file's text: the Spanish of :data:`MESSAGES` and of the finder links' labels; settings' names."""
    from recoverynav.i18n import translations
    from recoverynav.placement import build_place_bundle
    from recoverynav.settings import Settings

    spanish = translations("es")
    wanted = [*MESSAGES, *(label for label, _ in build_place_bundle()["medication_finders"])]
    data = {"settings": _setting_kinds(Settings), "es": {m: spanish.gettext(m) for m in wanted}}
    return {PLACE_CLI_BUNDLE: json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"}


def _setting_kinds(settings: Any) -> dict[str, Any]:
    """Which values of each setting the full path surely accepts: any text, a yes/no word, one of some words.

    A setting of another kind (a number, a pattern, a field validator's) set at all sends ``place`` the full way.
    """
    import typing
    from pathlib import Path

    from pydantic import SecretStr

    checked = {f for v in settings.__pydantic_decorators__.field_validators.values() for f in v.info.fields}
    kinds: dict[str, Any] = {}
    for name, field in sorted(settings.model_fields.items()):
        kind: Any = None
        if not field.metadata and name not in checked:
            plain = {str, Path, SecretStr, str | None, Path | None, SecretStr | None}
            if field.annotation in plain:
                kind = "text"
            elif field.annotation is bool:
                kind = "yes/no"
            elif typing.get_origin(field.annotation) is typing.Literal:
                kind = sorted(typing.get_args(field.annotation))
        kinds[name] = kind
    return kinds


def place_cli_bundle_dir() -> Path:
    from pathlib import Path

    return Path(_PATH).parent


@cache
def place_cli_data() -> dict[str, Any]:
    """The compiled file, read once."""
    with open(_PATH, encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def _country() -> str | None:
    """The country the full path's settings would read, or None when they might read anything differently (a config
    file, a setting whose value this does not check as the settings model does)."""
    kinds: dict[str, Any] = place_cli_data()["settings"]
    country = "US"
    for key, value in os.environ.items():
        upper = key.upper()
        if upper == "RECOVERYNAV_CONFIG":
            return None
        name = upper.removeprefix("RECOVERYNAV_").lower()
        if name == upper.lower() or name not in kinds:
            continue
        kind = kinds[name]
        if name == "country":
            country = value.upper()
            if not _COUNTRY.match(country):
                return None
        elif kind == "yes/no":
            if value.lower() not in _BOOL_WORDS:
                return None
        elif kind != "text" and not (isinstance(kind, list) and value in kind):
            return None
    return country


def fast_answer(raw: Any, language: str, as_json: bool) -> str | None:
    """What ``place --facts`` prints for the facts ``raw`` (parsed JSON), or None to take the full path."""
    from recoverynav.placement import place_data, plain_facts, plain_recommend

    country = _country()
    facts = plain_facts(raw, place_known=_known_place)
    if country is None or facts is None or country not in place_data()["contacts"]:
        return None
    rec = plain_recommend(facts, country=country, lang=language)
    if as_json:
        from recoverynav.web.finder_links import with_finder_urls

        return json.dumps(with_finder_urls(rec), ensure_ascii=False, indent=2)
    from recoverynav.cli.place import render_text

    words: dict[str, str] = place_cli_data()["es"] if language == "es" else {}
    return render_text(rec, lambda message: words.get(message, message))


def _known_place(place: str) -> bool:
    """Whether the directory's geocoder surely knows ``place``: ``find``'s fast look-up (a ZIP code, a listed city)."""
    from recoverynav.cli.quickfind import known_place

    return known_place(place) is not None
