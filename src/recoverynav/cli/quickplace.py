"""``recoverynav place --facts`` without pydantic, YAML or the web face: the compiled rules and plain text.

The full path validates the facts with pydantic, loads about a hundred YAML files and imports the API to print
JSON, which cost the command forty times a bare interpreter. :func:`fast_answer` answers instead from
``placement/_place.json`` (:mod:`recoverynav.placement.plain`) when nothing could differ: facts of the plainest
kind (:func:`~recoverynav.placement.plain.plain_facts`; a place only as ``find``'s fast path knows it, a ZIP code
or a city label as listed) and settings the full path would read the same way. Its
own file ``_place.json`` here holds what the text needs from elsewhere (the headings in Spanish, the settings'
names), built by ``scripts/build_bundle.py``. ``tests/cli/test_place_fast.py`` compares both paths' text and JSON.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import textwrap
from collections.abc import Callable, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

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
        links = [{**link, "url": finder_href(link["query"])} for link in rec["medication_finder_links"]]
        answer = {**rec, "medication_finder_links": links, "finder_url": finder_href(rec["finder_query"])}
        return json.dumps(answer, ensure_ascii=False, indent=2)
    words: dict[str, str] = place_cli_data()["es"] if language == "es" else {}
    return render_plain(rec, lambda message: words.get(message, message))


def _known_place(place: str) -> bool:
    """Whether the directory's geocoder surely knows ``place``: ``find``'s fast look-up (a ZIP code, a listed city)."""
    from recoverynav.cli.quickfind import known_place

    return known_place(place) is not None


def finder_href(query: Mapping[str, Any]) -> str:
    """``web.finder_links.finder_href`` for a finder query's JSON."""
    params: list[tuple[str, str]] = [("code", c) for c in query["codes"]]
    for key, name in (("medication", "medication"), ("payment", "payment"), ("near", "near")):
        if query[key]:
            params.append((name, query[key]))
    if query["radius_miles"] is not None:
        params.append(("radius", str(query["radius_miles"])))
    return f"/find?{urlencode(params)}" if params else "/find"


def _find_command(query: Mapping[str, Any]) -> str | None:
    """``cli.find.find_command`` for a finder query's JSON."""
    if query["medication"] or query["payment"]:
        return None
    args = ["recoverynav", "find", *(arg for code in query["codes"] for arg in ("--code", code))]
    if query["near"]:
        args += ["--near", query["near"]]
    if query["radius_miles"] is not None:
        args += ["--radius", str(query["radius_miles"])]
    return shlex.join(args)


def render_plain(rec: Mapping[str, Any], _: Callable[[str], str]) -> str:
    """``place.render_text`` for the recommendation's JSON, headings translated by ``_``."""
    from recoverynav.cli.citations import marks, reference_lines

    width = 88

    def wrap(text: str, bullet: str = "- ") -> str:
        return textwrap.fill(text, width=width, initial_indent=bullet, subsequent_indent=" " * len(bullet))

    lines: list[str] = []
    headline = rec["headline"]
    option = rec["option_title"].upper()
    links = [wrap(f"{_(link['label'])}: {finder_href(link['query'])}") for link in rec["medication_finder_links"]]
    if rec["urgent"]:
        lines += [_("URGENT: GET HELP NOW"), wrap(rec["urgent"]["message"], "")]
        lines += [f"  {c['name']}: {c['number']}" for c in rec["urgent"]["contacts"]]
        lines += [wrap(headline["text"], ""), "", _("WHEN YOU ARE SAFE: %(option)s") % {"option": option}]
    elif headline["kind"] != "treatment":
        lines += [headline["title"].upper(), wrap(headline["text"], ""), *links]
        lines += ["", _("ALSO SUGGESTED: %(option)s") % {"option": option}]
    else:
        lines.append(_("SUGGESTED: %(option)s") % {"option": option})
    lines.append(wrap(rec["disclaimer"], ""))
    lines.append(
        _("Level of care: %(level)s %(name)s (4th edition: %(name_4th)s)")
        % {"level": rec["level"], "name": rec["level_name"], "name_4th": rec["level_name_4th"]}
    )
    if rec["withdrawal_management"]:
        lines.append(
            _("Withdrawal management: %(level)s %(name)s")
            % {"level": rec["withdrawal_management"], "name": rec["withdrawal_management_name"]}
        )
        lines.append(
            _("After withdrawal, reassess; likely level: %(level)s") % {"level": rec["after_withdrawal_level"]}
        )
    lines += ["", _("DIMENSIONS (0 none - 4 severe)")]
    lines += [f"  {d['dimension']}. {d['plain']}: {d['rating']} ({d['label']})" for d in rec["dimension_ratings"]]
    numbers = {c["id"]: c["n"] for c in rec["sources"]}
    lines += ["", _("WHY")]
    for reason in rec["reasons"]:
        lines.append(wrap(f"{reason['text']} {marks(numbers[s] for s in reason['sources'])}"))
    lines += ["", _("WHAT TO DO NEXT"), *(wrap(step) for step in rec["next_steps"])]
    command = _find_command(rec["finder_query"]) or finder_href(rec["finder_query"])
    codes = ", ".join(rec["facility_codes"]) or "-"
    lines.append(wrap(_("Find a place: %(command)s (service codes %(codes)s)") % {"command": command, "codes": codes}))
    lines += links
    if rec["notes"]:
        lines += ["", _("NOTES"), *(wrap(n) for n in rec["notes"])]
    for u in (u for u in rec["unknown"] if u["suggestions"]):
        lines.append(
            wrap(
                _("Did you mean %(names)s for %(name)s? Only a confirmed name is used.")
                % {"names": _(" or ").join(u["suggestions"]), "name": repr(u["name"])}
            )
        )
    lines += ["", _("SOURCES"), *reference_lines(rec["sources"], width)]
    return "\n".join(lines)
