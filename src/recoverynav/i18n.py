"""The languages the site and CLI speak, and the one place a message is translated.

English is the source language: every message is written in English in the code and templates, and
``locale/<lang>/LC_MESSAGES/messages.po`` holds its translation. The ``.po`` file is read directly at run time
(Babel compiles it in memory into the stdlib ``gettext`` format), so there is no compiled ``.mo`` that could fall
behind its source. The language in force is a context variable: the web sets it for each request, the CLI for
each command, and the pure capability packages never see it (they take ``lang`` as an argument where their data
carries translations, like the overdose protocol).

Usage::

    from recoverynav.i18n import gettext as _, use_language
    with use_language("es"):
        _("Overdose: what to do now")     # "Sobredosis: qué hacer ahora"
"""

from __future__ import annotations

import gettext as stdlib_gettext
import io
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from typing import TYPE_CHECKING, Any, Literal, get_args

if TYPE_CHECKING:
    from pathlib import Path

    LOCALE_DIR: Path

Language = Literal["en", "es"]
LANGUAGES: tuple[Language, ...] = get_args(Language)
DEFAULT: Language = "en"
# Each language's own name, as the language switch shows it (in that language, whatever the page's language).
NATIVE_NAMES: dict[Language, str] = {"en": "English", "es": "Español"}
# A plain string: importing pathlib would cost every command that prints words (``drug``, ``check``...) more than
# translating them; ``LOCALE_DIR`` (a Path) is made on first use.
_LOCALE_DIR = os.path.join(os.path.dirname(__file__), "locale")
DOMAIN = "messages"

_current: ContextVar[Language] = ContextVar("recoverynav_language", default=DEFAULT)


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it now (module-level constants, settings defaults)."""
    return message


def supported(value: str | None) -> Language | None:
    """``value`` as a supported language code (``"es"``, ``"es-MX"``, ``"ES_us.UTF-8"`` → ``"es"``), or None."""
    if not value:
        return None
    primary = value.strip().replace("_", "-").split("-")[0].split(".")[0].lower()
    for lang in LANGUAGES:
        if primary == lang:
            return lang
    return None


def parse_accept_language(header: str | None) -> list[str]:
    """The language tags of an ``Accept-Language`` header, most wanted first; ``q=0`` means "not this one"."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate((header or "").split(",")[:32]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if tag.strip() and quality > 0:
            ranked.append((-quality, position, tag.strip()))
    return [tag for _, _, tag in sorted(ranked)]


def negotiate(choices: Iterable[str | None]) -> Language:
    """The first supported language among ``choices`` (explicit choice first, then preferences), else English."""
    for choice in choices:
        lang = supported(choice)
        if lang:
            return lang
    return DEFAULT


@cache
def translations(lang: Language) -> stdlib_gettext.NullTranslations:
    """The catalogue for ``lang`` (English: the messages as written). Fuzzy entries are left out."""
    if lang == DEFAULT:
        return stdlib_gettext.NullTranslations()
    po = os.path.join(_LOCALE_DIR, lang, "LC_MESSAGES", f"{DOMAIN}.po")
    if not os.path.exists(po):
        return stdlib_gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with open(po, "rb") as source:
        catalog = read_po(source, locale=lang)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return stdlib_gettext.GNUTranslations(compiled)


def __getattr__(name: str) -> Any:
    """``LOCALE_DIR``: the folder of the ``.po`` catalogues, as a :class:`~pathlib.Path` (made when asked for)."""
    if name == "LOCALE_DIR":
        from pathlib import Path

        return Path(_LOCALE_DIR)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def current_language() -> Language:
    """The language in force for this request or command."""
    return _current.get()


@contextmanager
def use_language(lang: Language) -> Iterator[Language]:
    """Translate into ``lang`` inside the ``with`` block (one web request, one CLI command)."""
    token = _current.set(lang)
    try:
        yield lang
    finally:
        _current.reset(token)


def gettext(message: str) -> str:
    """``message`` in the current language (unchanged when the catalogue has no translation)."""
    return translations(_current.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n`` in the current language."""
    return translations(_current.get()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in the current language, told apart from the same English words by ``context``."""
    return translations(_current.get()).pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    """:func:`ngettext` with a context."""
    return translations(_current.get()).npgettext(context, singular, plural, n)


class Text(str):
    """A message with values: reads as its English (``str``), translated later with :func:`translate_text`.

    ``Text(N_("The body is larger than %(kb)s KB; send less."), kb=256)``: the ``N_`` puts it in the catalogue.
    """

    msgid: str
    values: dict[str, Any]

    def __new__(cls, msgid: str, **values: Any) -> Text:
        text = super().__new__(cls, msgid % values if values else msgid)
        text.msgid = msgid
        text.values = values
        return text


def translate_text(text: str) -> str:
    """``text`` in the current language when the catalogue has it (a :class:`Text` or an ``N_`` message), else as is."""
    if isinstance(text, Text):
        return gettext(text.msgid) % text.values if text.values else gettext(text.msgid)
    return gettext(text) if text else text


# US states and territories whose Spanish name differs from the English one, as the Real Academia Española's
# Ortografía (2010, appendix of country and capital names) and Fundéu write them. Every other state keeps its name
# (California, Texas, Virginia...): a proper name the same in both languages. FOR REVIEW: "Islas Vírgenes de los
# Estados Unidos", "Samoa Americana" and "Islas Marianas del Norte" are the usual Spanish names, not checked
# against a published list.
STATE_NAMES_ES: dict[str, str] = {
    "District of Columbia": "Distrito de Columbia",
    "Hawaii": "Hawái",
    "Louisiana": "Luisiana",
    "Mississippi": "Misisipi",
    "Missouri": "Misuri",
    "New Jersey": "Nueva Jersey",
    "New Mexico": "Nuevo México",
    "New York": "Nueva York",
    "North Carolina": "Carolina del Norte",
    "North Dakota": "Dakota del Norte",
    "Pennsylvania": "Pensilvania",
    "South Carolina": "Carolina del Sur",
    "South Dakota": "Dakota del Sur",
    "West Virginia": "Virginia Occidental",
    "U.S. Virgin Islands": "Islas Vírgenes de los Estados Unidos",
    "American Samoa": "Samoa Americana",
    "Northern Mariana Islands": "Islas Marianas del Norte",
}


def state_name_in(name: str, lang: str) -> str:
    """A US state's or territory's English ``name`` in ``lang`` (itself when it has no other)."""
    return STATE_NAMES_ES.get(name, name) if lang == "es" else name
